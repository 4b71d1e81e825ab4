"""A case: one data directory wired to its database, log and keys.

``Case.open`` is how every command and the web application get at a case, and
``Case.append`` is the one write path: the event is stored, projected and added
to the log in one step (see ``sabt.events.journal``).
"""

from __future__ import annotations

import getpass
import os
import re
from collections.abc import Collection, Iterable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa

from sabt.datadir import Config, DataDir
from sabt.db import engine as db_engine
from sabt.db import migrate
from sabt.db.eventstore import SqlEventStore, events
from sabt.db.projection import projector
from sabt.errors import ConfigError, InvalidInput, VaultLocked
from sabt.events.event import Event, Stored, now
from sabt.events.journal import Journal
from sabt.ledger import Signer, Verifier, generate_signer_key

if TYPE_CHECKING:
    from sabt.vault.keys import KeyRing

LOG_KEY = "log.key"
VKEY = "vkey"
_ORIGIN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._/\-]*$")


def default_actor() -> str:
    return os.environ.get("SABT_ACTOR") or getpass.getuser()


class Case:
    _keyring: KeyRing | None = None
    _keys_frozen: bool = False  # a server: never unlock on a request (freeze_keys)

    def __init__(
        self, directory: DataDir, config: Config, engine: sa.Engine, journal: Journal
    ) -> None:
        self.dir = directory
        self.config = config
        self.engine = engine
        self.journal = journal
        self.store = journal.store

    # -- creating and opening ---------------------------------------------------------
    @classmethod
    def init(
        cls,
        path: str | os.PathLike[str],
        *,
        origin: str,
        case: str,
        title: str = "",
        fictional: bool = False,
        database_url: str | None = None,
        actor: str | None = None,
    ) -> Case:
        """Create a data directory: config, log signing key, database, empty log."""
        directory = DataDir(Path(path).absolute())
        if directory.exists():
            raise ConfigError(
                f"{directory.root} already holds a sabt case; refusing to overwrite it."
            )
        if not _ORIGIN.match(origin):
            raise InvalidInput(
                f"Origin {origin!r} is not a valid log name: use letters, digits, '.', '-', '_' and '/', e.g. example.org/case-1988."
            )
        if not case.strip():
            raise InvalidInput("The case id must not be empty.")
        directory.root.mkdir(parents=True, exist_ok=True)
        url = db_engine.url_for(directory.db_path, database_url)
        engine = db_engine.create(url)
        db_engine.check_reachable(engine)
        with engine.connect() as conn:
            if sa.inspect(conn).has_table("events"):
                raise ConfigError(
                    f"The database {engine.url.render_as_string(hide_password=True)} already holds a sabt event log; refusing to reuse it."
                )
        for sub in (directory.root, directory.blobs, directory.log, directory.keys):
            sub.mkdir(parents=True, exist_ok=True)
        os.chmod(directory.keys, 0o700)
        skey, vkey = generate_signer_key(origin)
        key_path = directory.keys / LOG_KEY
        fd = os.open(key_path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as f:
            f.write(skey + "\n")
        (directory.log / VKEY).write_text(vkey + "\n")
        config = Config(origin=origin, case=case, title=title, fictional=fictional)
        migrate.upgrade(engine)
        journal = _journal(directory, config, engine)
        journal.start()
        # config.toml last: its presence is what makes the directory a case.
        tmp = directory.config_path.with_suffix(".tmp")
        tmp.write_text(config.to_toml(), "utf-8")
        os.replace(tmp, directory.config_path)
        self = cls(directory, config, engine, journal)
        self.append(
            "case.created", {"origin": origin, "title": title, "fictional": fictional}, actor=actor
        )
        return self

    @classmethod
    def open(
        cls, path: str | os.PathLike[str], *, database_url: str | None = None, publish: bool = True
    ) -> Case:
        """Open a case; migrate its schema and, unless ``publish=False``, bring
        tiles and checkpoint up to the stored events (crash recovery)."""
        directory = DataDir(Path(path).absolute())
        config = directory.config()
        engine = db_engine.create(db_engine.url_for(directory.db_path, database_url))
        db_engine.check_reachable(engine)
        migrate.upgrade(engine)
        journal = _journal(directory, config, engine)
        if publish:
            journal.publish()
        return cls(directory, config, engine, journal)

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Case:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- writing ------------------------------------------------------------------------
    def append(self, type: str, body: dict[str, Any], *, actor: str | None = None) -> Stored:
        return self.append_many([(type, body)], actor=actor)[0]

    def append_many(
        self, items: Iterable[tuple[str, dict[str, Any]]], *, actor: str | None = None
    ) -> list[Stored]:
        """Append events in one transaction and one checkpoint: all or none."""
        who = actor or default_actor()
        at = now()  # one batch, one moment
        batch = [Event(type=t, body=b, actor=who, case=self.config.case, at=at) for t, b in items]
        return self.journal.append(batch, projector.apply)

    # -- reading ------------------------------------------------------------------------
    def size(self) -> int:
        return self.store.size()

    def events(
        self, start: int = 0, end: int | None = None, types: Collection[str] | None = None
    ) -> Iterator[Stored]:
        """Stored events in order, read in batches (never the whole log at once)."""
        for seq, data, leaf in self.store.read(start, end, types):
            yield Stored(seq, leaf, Event.from_bytes(data))

    def latest(self, n: int = 10, types: Sequence[str] | None = None) -> list[Stored]:
        query = (
            sa.select(events.c.seq, events.c.data, events.c.leaf_hash)
            .order_by(events.c.seq.desc())
            .limit(n)
        )
        if types:
            query = query.where(events.c.type.in_(list(types)))
        with self.engine.connect() as conn:
            rows = conn.execute(query).all()
        return [Stored(int(s), bytes(h), Event.from_bytes(bytes(d))) for s, d, h in rows]

    @property
    def keyring(self) -> KeyRing:
        """The vault keys, unlocked on first use (SABT_PASSPHRASE, SABT_KEY_FILE or a
        prompt; see sabt.vault.unlock). Created then if ``sabt init`` did not."""
        if self._keyring is None:
            if self._keys_frozen:
                raise VaultLocked(
                    "The vault is locked: start `sabt serve` with SABT_PASSPHRASE or "
                    "SABT_KEY_FILE (or at its prompt) to use the vault's keys."
                )
            from sabt.vault.unlock import keyring_for

            self._keyring = keyring_for(self.dir.keys)
        return self._keyring

    def freeze_keys(self) -> None:
        """From now on never unlock: the keys unlocked already are used, else
        the vault stays locked (``VaultLocked``). For a server, after its
        one attempt at start: a request must never wait at a prompt on the
        server's terminal, nor run Argon2id again each time."""
        self._keys_frozen = True

    def keyring_if_unlocked(self) -> KeyRing | None:
        """The vault keys if they were unlocked already, else None: never asks,
        never runs the KDF (for a server's requests and the search index, which
        must not stop at a prompt or pay Argon2id on every call)."""
        return self._keyring

    def use_keyring(self, keyring: KeyRing) -> None:
        """Take vault keys unlocked elsewhere (``sabt add`` unlocks them while
        the case opens: Argon2id takes a few hundred milliseconds)."""
        if self._keyring is None:
            self._keyring = keyring

    @property
    def vkey(self) -> str:
        return self.journal.verifier.vkey


def _journal(directory: DataDir, config: Config, engine: sa.Engine) -> Journal:
    try:
        skey = (directory.keys / LOG_KEY).read_text().strip()
    except FileNotFoundError as e:
        raise ConfigError(f"{directory.keys / LOG_KEY}: the log signing key is missing.") from e
    signer = Signer.from_skey(skey)
    verifier = Verifier.from_vkey((directory.log / VKEY).read_text().strip())
    return Journal(SqlEventStore(engine), directory.log, config.origin, signer, verifier)
