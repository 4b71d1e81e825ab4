"""The evidence vault: keys (``keys``, ``unlock``), the encrypted content-addressed
blob store (``stream``, ``blobstore``), intake and metadata (``sniff``,
``metadata``, ``intake``, ``evidence``), chain of custody (``custody``,
``projection``) and blob verification (``verify``). See docs/vault.md."""
