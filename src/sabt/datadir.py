"""The data directory: where a case lives, and its configuration.

Layout (DESIGN.md, Formats)::

    <data>/config.toml   origin name, case id, settings
    <data>/sabt.db       the embedded database (unless SABT_DATABASE_URL is set)
    <data>/blobs/        encrypted, content-addressed evidence
    <data>/log/          the public log: checkpoint and hash tiles
    <data>/keys/         the log signing key, wrapped vault keys, subject keys

The directory is chosen by ``--data DIR``, else ``SABT_DATA``, else ``./sabt-data``.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sabt.errors import ConfigError, InvalidInput

DEFAULT_DIR = "sabt-data"
CONFIG_NAME = "config.toml"


def resolve(path: str | os.PathLike[str] | None = None) -> Path:
    """The data directory to use: an explicit path, else ``SABT_DATA``, else ``./sabt-data``."""
    chosen = path if path is not None else os.environ.get("SABT_DATA") or DEFAULT_DIR
    return Path(chosen).expanduser().absolute()


@dataclass(frozen=True)
class Config:
    """What ``config.toml`` holds. ``origin`` names the log in its checkpoints."""

    origin: str
    case: str
    title: str = ""
    fictional: bool = False
    extra: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def from_toml(cls, text: str, where: Path) -> Config:
        try:
            data = tomllib.loads(text)
        except tomllib.TOMLDecodeError as e:
            raise ConfigError(f"{where}: not valid TOML ({e}).") from e
        missing = [k for k in ("origin", "case") if not isinstance(data.get(k), str)]
        if missing:
            raise ConfigError(f"{where}: missing setting(s) {', '.join(missing)}.")
        known = {"origin", "case", "title", "fictional"}
        return cls(
            origin=data["origin"],
            case=data["case"],
            title=str(data.get("title", "")),
            fictional=bool(data.get("fictional", False)),
            extra={k: v for k, v in data.items() if k not in known},
        )

    def to_toml(self) -> str:
        lines = [
            "# sabt case configuration",
            f"origin = {_toml_str(self.origin)}",
            f"case = {_toml_str(self.case)}",
            f"title = {_toml_str(self.title)}",
            f"fictional = {'true' if self.fictional else 'false'}",
        ]
        for key, value in self.extra.items():
            if isinstance(value, bool):
                lines.append(f"{key} = {'true' if value else 'false'}")
            elif isinstance(value, int | float):
                lines.append(f"{key} = {value}")
            else:
                lines.append(f"{key} = {_toml_str(str(value))}")
        return "\n".join(lines) + "\n"


def _toml_str(s: str) -> str:
    escaped = s.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    return f'"{escaped}"'


@dataclass(frozen=True)
class DataDir:
    root: Path

    @property
    def config_path(self) -> Path:
        return self.root / CONFIG_NAME

    @property
    def db_path(self) -> Path:
        return self.root / "sabt.db"

    @property
    def blobs(self) -> Path:
        return self.root / "blobs"

    @property
    def log(self) -> Path:
        return self.root / "log"

    @property
    def keys(self) -> Path:
        return self.root / "keys"

    def exists(self) -> bool:
        return self.config_path.is_file()

    def config(self) -> Config:
        if not self.exists():
            raise ConfigError(
                f"{self.root} is not a sabt data directory (no {CONFIG_NAME}). "
                "Run `sabt init` to create one, or pass --data / set SABT_DATA."
            )
        return Config.from_toml(self.config_path.read_text("utf-8"), self.config_path)

    def inside(self, path: str | os.PathLike[str]) -> Path:
        """``path`` resolved, if it lies inside the data directory; else an error.

        Guards every place where a stored or user-given relative path is joined
        to the data directory (a tile path, a blob address).
        """
        full = (self.root / path).resolve()
        if not full.is_relative_to(self.root.resolve()):
            raise InvalidInput(f"{path}: path lies outside the data directory {self.root}.")
        return full
