"""What a file says about itself: EXIF of images, PDF metadata and text, text
encoding, audio/video duration, and a perceptual hash of images.

Each extractor reads a file that was already stored, so it can only describe,
never alter, the evidentiary original (Berkeley Protocol on Digital Open Source
Investigations, 2022, ch. VI: preservation). A file that cannot be decoded as
what its content says it is (a truncated JPEG, a broken PDF) raises
``CorruptFile``; the caller reports it and goes on with the rest of a batch.

EXIF tags are from CIPA DC-008 (Exif 2.32): Make 0x010F, Model 0x0110, the Exif
IFD 0x8769 (DateTimeOriginal 0x9003, OffsetTimeOriginal 0x9011) and the GPS IFD
0x8825 (latitude 1–2, longitude 3–4, altitude 5–6).
"""

from __future__ import annotations

import codecs
import contextlib
import importlib
import json
import logging
import os
import re
import select
import shutil
import signal
import subprocess
import threading
import time
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any, BinaryIO

from sabt.errors import InvalidInput, SabtError
from sabt.vault.sniff import HEAD, family
from sabt.vault.textseal import pack

TEXT_LIMIT = 50_000
TEXT_READ = 4 * TEXT_LIMIT  # bytes: enough for TEXT_LIMIT characters in any encoding
TEXT_FIRST = 2 * TEXT_LIMIT  # bytes decoded first: TEXT_LIMIT characters of most text
PDF_PAGES = 50
TEXT_FAMILIES = ("pdf", "text")  # the kinds of file ``extract`` reads text from
FFPROBE_TIMEOUT = 30

Opener = Callable[[], BinaryIO]
log = logging.getLogger(__name__)


class CorruptFile(InvalidInput):
    """The file's content is damaged or not what its signature claims."""


def extract(mime: str, open_file: Opener, path: Path | None = None) -> dict[str, Any]:
    """Metadata for a file of media type ``mime``; ``open_file`` reopens it from the start."""
    kind = family(mime)
    if kind == "image":
        return image(open_file)
    if kind == "pdf":
        return pdf(open_file)
    if kind == "text":
        return text(open_file)
    if kind == "media" and path is not None:
        return media(path)
    return {}


def ready() -> None:
    """Nothing: a worker process runs it once, to start before the first file."""


def watch(parent: int) -> None:
    """A worker's initializer: exit as soon as ``parent`` (the ``sabt`` process
    that started the workers) is gone; import the decoders meanwhile.

    A process pool's workers wait for work on a pipe they hold both ends of,
    and the forkserver they came from waits for them; a parent killed with
    SIGKILL (or by the out-of-memory killer) would leave all of them running
    for good."""

    def wait() -> None:
        try:
            fd = os.pidfd_open(parent)  # Linux ≥ 5.3: readable once it exits
        except (AttributeError, OSError):
            fd = None
        if fd is not None:
            select.select([fd], [], [])
        else:
            while True:
                time.sleep(0.5)
                try:
                    os.kill(parent, 0)
                except ProcessLookupError:
                    break
                except PermissionError:
                    continue
        os._exit(1)

    threading.Thread(target=wait, name="sabt-watch-parent", daemon=True).start()
    # Ctrl-C reaches the whole process group: the parent stops the workers
    # itself, without a traceback from each of them.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    for name in DECODERS:  # now, not on the first file of each kind (the
        importlib.import_module(name)  # forkserver has them; a spawned worker not)


# What ``extract`` imports, directly or on first use (Pillow's plugins, SciPy's
# DCT for the perceptual hash, pypdf's filters, the name rules for mojibake).
DECODERS = (
    "PIL.Image",
    "PIL.JpegImagePlugin",
    "PIL.PngImagePlugin",
    "PIL.TiffImagePlugin",
    "PIL.BmpImagePlugin",
    "PIL.GifImagePlugin",
    "PIL.PpmImagePlugin",
    "imagehash",
    "scipy.fftpack",
    "pypdf",
    "pypdf.filters",
    "ftfy",
    "charset_normalizer",
    "sabt.names",
    "_strptime",
)


def outcome(
    mime: str,
    open_file: Opener,
    path: Path | None = None,
    text_key: bytes | None = None,
    hash: str | None = None,
) -> tuple[str, Any]:
    """``extract`` as plain data: ("ok", metadata), ("corrupt", problem) or
    ("unreadable", problem), never an exception, so that the same result
    crosses a process boundary (``extract_path``) or not (``intake.ingest``).
    The text is compressed, and sealed with ``text_key`` when given
    (``textseal.pack``); else ``intake.settle`` seals it."""
    try:
        return "ok", pack(_text_only(extract(mime, open_file, path)), text_key, hash)
    except CorruptFile as e:
        return "corrupt", _text_only(e.message)
    except SabtError as e:  # the store's own (a blob read back for standard input)
        return "unreadable", _text_only(e.message)
    except OSError as e:
        return "unreadable", _text_only(f"cannot read ({e.strerror or e})")
    except Exception as e:  # a decoder's own failure (pypdf, Pillow): this file only
        log.debug("describing a %s failed", mime, exc_info=True)
        return "corrupt", _text_only(f"cannot be described ({type(e).__name__}: {e})")


def _text_only(value: Any) -> Any:
    """``value`` with any lone surrogate in its strings (a PDF's text or title
    decoded by pypdf can hold one) replaced by "?": the event's canonical JSON
    refuses them, and with them the whole group of events."""
    if isinstance(value, str):
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            return value.encode("utf-8", "replace").decode("utf-8")
        return value
    if isinstance(value, dict):
        return {k: _text_only(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_text_only(v) for v in value]
    return value


def extract_path(
    mime: str, path: str, text_key: bytes | None = None, hash: str | None = None
) -> tuple[str, Any]:
    """``outcome`` for a file by name, as a worker process runs it."""
    return outcome(mime, lambda: open(path, "rb"), Path(path), text_key, hash)


def image(open_file: Opener) -> dict[str, Any]:
    import imagehash
    from PIL import Image, UnidentifiedImageError

    with open_file() as f:
        try:
            img = Image.open(f)
            width, height = img.size
            # JPEG: decode only the luma at 1/8 scale (DCT scaling). Every byte
            # of the entropy-coded data is still read, so truncation is still
            # caught, in a third of the time of a full-size colour decode; the
            # perceptual hash needs only a 32×32 grey image.
            img.draft("L", (width // 8, height // 8))
            img.load()  # decodes the whole stream: a truncated file fails here
        except (OSError, UnidentifiedImageError, SyntaxError, ValueError) as e:
            raise CorruptFile(f"damaged image: {e}") from None
        except Image.DecompressionBombError as e:
            raise CorruptFile(f"image too large to decode safely: {e}") from None
        meta: dict[str, Any] = {"width": width, "height": height, "format": img.format}
        meta.update(_exif(img))
        meta["phash"] = str(imagehash.phash(img))
    return meta


def _exif(img: Any) -> dict[str, Any]:
    exif = img.getexif()
    out: dict[str, Any] = {}
    camera = {k: _clean(exif.get(tag)) for k, tag in (("make", 0x010F), ("model", 0x0110))}
    if any(camera.values()):
        out["camera"] = {k: v for k, v in camera.items() if v}
    sub = exif.get_ifd(0x8769)
    taken = _clean(sub.get(0x9003)) or _clean(exif.get(0x0132))
    if taken:
        out["captured_at"] = _exif_time(taken, _clean(sub.get(0x9011)))
    gps = exif.get_ifd(0x8825)
    if 2 in gps and 4 in gps:
        with contextlib.suppress(TypeError, ValueError, ZeroDivisionError, IndexError):
            lat = _degrees(gps[2]) * (-1 if _clean(gps.get(1)) == "S" else 1)
            lon = _degrees(gps[4]) * (-1 if _clean(gps.get(3)) == "W" else 1)
            point: dict[str, float] = {"lat": round(lat, 7), "lon": round(lon, 7)}
            if 6 in gps:
                sign = -1 if gps.get(5) in (1, b"\x01") else 1
                point["alt"] = round(sign * float(gps[6]), 2)
            out["gps"] = point
    return out


def _clean(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bytes):
        value = value.decode("utf-8", "replace")
    return str(value).strip("\x00 ").strip()


def _exif_time(stamp: str, offset: str) -> str:
    """``YYYY:MM:DD HH:MM:SS`` as RFC 3339 (local time unless an offset is given)."""
    try:
        parsed = datetime.strptime(stamp, "%Y:%m:%d %H:%M:%S")
    except ValueError:
        return stamp  # keep what the camera wrote rather than guess
    iso = parsed.isoformat()
    return iso + offset if offset else iso


def _degrees(dms: Any) -> float:
    d, m, s = (float(x) for x in dms)
    return d + m / 60 + s / 3600


def pdf(open_file: Opener) -> dict[str, Any]:
    import pypdf
    from pypdf.errors import PdfReadError

    logging.getLogger("pypdf").setLevel(logging.ERROR)
    with open_file() as f:
        try:
            reader = pypdf.PdfReader(f)
            pages = len(reader.pages)
            info = reader.metadata
            meta: dict[str, Any] = {"pages": pages}
            if info is not None:
                for key, attr in (
                    ("title", "title"),
                    ("author", "author"),
                    ("creator", "creator"),
                    ("producer", "producer"),
                ):
                    value = getattr(info, attr, None)
                    if value:
                        meta[key] = str(value)
                for key, attr in (("created", "creation_date"), ("modified", "modification_date")):
                    with contextlib.suppress(Exception):
                        value = getattr(info, attr)
                        if value is not None:
                            meta[key] = value.isoformat()
            parts: list[str] = []
            size = 0
            for page in reader.pages[:PDF_PAGES]:
                chunk = page.extract_text() or ""
                parts.append(chunk)
                size += len(chunk)
                if size > TEXT_LIMIT:
                    break
        except (PdfReadError, OSError, ValueError, KeyError, TypeError, AttributeError) as e:
            raise CorruptFile(f"broken PDF: {e}") from None
    body = "\n".join(parts).strip()
    if body:
        meta["text"] = body[:TEXT_LIMIT]
        meta["text_truncated"] = len(body) > TEXT_LIMIT or pages > PDF_PAGES
    return meta


def text(open_file: Opener) -> dict[str, Any]:
    from charset_normalizer import from_bytes

    with open_file() as f:
        head = f.read(TEXT_READ)
        more = bool(f.read(1))
    decoded = _utf8_kept(head)
    encoding = "utf_8"
    if decoded is None:
        # The encoding is judged on the first 64 KiB (charset-normalizer is slow
        # on megabytes), then the whole head is decoded with it.
        best = from_bytes(head[:HEAD]).best()
        if best is None:
            raise CorruptFile("declared as text but no character encoding decodes it")
        encoding = best.encoding
        decoded = head.decode(encoding, errors="replace")
        if len(head) == TEXT_READ or more:  # a character cut at the end of the head
            decoded = decoded.rstrip("\ufffd")
    # Only the text kept is repaired (ftfy is slow on megabytes). Repaired
    # mojibake is shorter than the limit: text_truncated says so.
    kept = decoded[:TEXT_LIMIT]
    repaired = _repair(kept)
    meta: dict[str, Any] = {"encoding": encoding, "text": repaired[:TEXT_LIMIT]}
    meta["text_truncated"] = more or len(decoded) > len(kept) or len(repaired) > TEXT_LIMIT
    if repaired != kept:
        meta["mojibake_repaired"] = True
    return meta


def _utf8_kept(head: bytes) -> str | None:
    """``head`` decoded as UTF-8, or None if it is not UTF-8; only its first
    ``TEXT_FIRST`` bytes when they hold more than the ``TEXT_LIMIT``
    characters kept (most text: Persian and Latin take one or two bytes a
    character). Bytes past those are not checked, on purpose: a file whose
    first 100 kB are UTF-8 is labelled ``utf_8`` whatever follows (before, a
    stray byte further on sent it to charset-normalizer, which judged the first
    64 KiB, and might call it ``ascii``); the text kept is the same. A
    character cut at the end is left out, as ``sniff.utf8`` does."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    try:
        first = decoder.decode(head[:TEXT_FIRST])
        if len(first) > TEXT_LIMIT:
            return first
        return first + decoder.decode(head[TEXT_FIRST:])
    except UnicodeDecodeError:
        return None


def _repair(decoded: str) -> str:
    """Undo mojibake (UTF-8 read as cp1252/cp1256) with the names package's helper."""
    from sabt.names import repair_mojibake

    return repair_mojibake(decoded)


def media(path: Path) -> dict[str, Any]:
    """Duration (and streams) of audio or video, when ffprobe is installed.

    The file is named to ffprobe as a ``file:`` URL: a bare name is read as a
    URL when it looks like one, so ``take:1.wav`` would be "Protocol not found"
    and a file named ``pipe:0`` would be standard input."""
    ffprobe = shutil.which("ffprobe")
    if ffprobe is None:
        return {}
    url = "file:" + str(path)
    try:
        done = subprocess.run(
            [
                ffprobe,
                "-v",
                "error",
                "-show_entries",
                "format=duration,format_name",
                "-of",
                "json",
                url,
            ],
            capture_output=True,
            timeout=FFPROBE_TIMEOUT,
            check=False,
        )
    except subprocess.TimeoutExpired:
        return {}
    if done.returncode != 0:
        # Every line of the complaint, without the decoder's "[wav @ 0x55…] "
        # and the file name (the caller names the file).
        reason: list[str] = []
        for line in done.stderr.decode("utf-8", "replace").splitlines():
            line = re.sub(r"^\[[^\]]* @ 0x[0-9a-f]+\] ", "", line.strip())
            line = line.removeprefix(url + ": ")
            if line and line not in reason:
                reason.append(line)
        raise CorruptFile(f"damaged audio/video: {'; '.join(reason) or 'ffprobe failed'}")
    fmt = json.loads(done.stdout or b"{}").get("format", {})
    meta: dict[str, Any] = {}
    with contextlib.suppress(KeyError, ValueError, TypeError):
        meta["duration_s"] = round(float(fmt["duration"]), 3)
    return meta
