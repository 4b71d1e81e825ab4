"""Where the vault passphrase comes from, for the CLI and the web server.

In order: an explicit ``--key-file``; ``SABT_PASSPHRASE``; ``SABT_KEY_FILE``; else
a hidden interactive prompt when standard input is a terminal. Without any of
them the vault stays locked and the command fails with ``NotAuthenticated``
(it never waits on a pipe). See docs/vault.md.
"""

from __future__ import annotations

import getpass
import os
import sys
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

from sabt.errors import InvalidInput, NotAuthenticated
from sabt.vault.keys import VAULT_FILE, KeyRing, check_credential

ENV_PASSPHRASE = "SABT_PASSPHRASE"
ENV_KEY_FILE = "SABT_KEY_FILE"


def credentials(
    key_file: str | os.PathLike[str] | None = None, *, confirm: bool = False
) -> dict[str, str]:
    """Keyword arguments for ``KeyRing.create``/``open``: ``passphrase`` or ``key_file``."""
    if key_file is not None:
        return {"key_file": str(key_file)}
    if os.environ.get(ENV_PASSPHRASE):
        return {"passphrase": os.environ[ENV_PASSPHRASE]}
    if os.environ.get(ENV_KEY_FILE):
        return {"key_file": os.environ[ENV_KEY_FILE]}
    if not sys.stdin.isatty():
        raise NotAuthenticated(
            f"The vault is locked: set {ENV_PASSPHRASE} or {ENV_KEY_FILE} "
            "(no terminal to ask for the passphrase)."
        )
    passphrase = getpass.getpass("Vault passphrase: ")
    if confirm and getpass.getpass("Repeat the passphrase: ") != passphrase:
        raise InvalidInput("The two passphrases differ; nothing was created.")
    return {"passphrase": passphrase}


def open_keyring(keys_dir: Path, key_file: str | os.PathLike[str] | None = None) -> KeyRing:
    """Unlock the vault keys of a data directory with the credentials at hand."""
    return KeyRing.open(keys_dir, **credentials(key_file))


def create_keyring(keys_dir: Path, key_file: str | os.PathLike[str] | None = None) -> KeyRing:
    """Create the vault keys of a new data directory (asking twice at a prompt)."""
    return KeyRing.create(keys_dir, **credentials(key_file, confirm=True))  # type: ignore[arg-type]


def from_environment() -> bool:
    """Whether a credential is in the environment (SABT_PASSPHRASE or
    SABT_KEY_FILE): the vault can be unlocked without a prompt."""
    return bool(os.environ.get(ENV_PASSPHRASE) or os.environ.get(ENV_KEY_FILE))


def without_prompt(keys_dir: Path) -> bool:
    """Whether the vault under ``keys_dir`` exists and a credential in the
    environment can unlock it (no prompt)."""
    return from_environment() and (keys_dir / VAULT_FILE).exists()


def unlock_early(keys_dir: Path) -> Future[KeyRing] | None:
    """Start unlocking an existing vault in a thread (Argon2id releases the GIL),
    when the credentials need no prompt; None otherwise. The caller passes the
    result to ``Case.use_keyring``; a wrong passphrase raises from ``result()``."""
    if not without_prompt(keys_dir):
        return None
    pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="sabt-unlock")
    try:
        return pool.submit(open_keyring, keys_dir)
    finally:
        pool.shutdown(wait=False)  # the thread finishes its one task, then ends


def keyring_for(keys_dir: Path) -> KeyRing:
    """Open the vault keys, or create them if this data directory has none yet
    (a case made by ``Case.init`` in code rather than by ``sabt init``)."""
    if (keys_dir / VAULT_FILE).exists():
        return open_keyring(keys_dir)
    return create_keyring(keys_dir)


def prepare(keys_dir: Path, key_file: str | os.PathLike[str] | None = None) -> dict[str, str]:
    """Credentials for a new vault, checked before anything is created (``sabt init``)."""
    found = credentials(key_file, confirm=True)
    check_credential(keys_dir, found.get("passphrase"), found.get("key_file"))
    return found
