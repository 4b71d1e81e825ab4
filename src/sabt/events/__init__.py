"""Events: the JSON objects every change is recorded as, their RFC 8785
canonical encoding, and the append path that stores them and extends the log.

Pure: no web or database framework is imported here; storage is an adapter.
"""
