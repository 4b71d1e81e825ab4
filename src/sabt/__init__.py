"""sabt (ثبت, "record"): a self-hosted, tamper-evident evidence ledger."""

__version__ = "0.1.0"
