"""Generated, fictional evidence files: photographs with EXIF time and GPS, a PDF
with text and metadata, text notes. Used by ``sabt demo``, the tests and the
benchmarks; nothing here depicts or names a real person or place record.

The JPEG's EXIF follows CIPA DC-008 (see ``sabt.vault.metadata``); the PDF is
written with pypdf (ISO 32000-1 §9.4 text objects, standard Helvetica font).
"""

from __future__ import annotations

import io
import random
from datetime import datetime
from fractions import Fraction

from PIL import Image, ImageDraw

FICTIONAL = "FICTIONAL DEMO DATA — not real evidence"


def _rational_dms(value: float) -> tuple[Fraction, Fraction, Fraction]:
    value = abs(value)
    d = int(value)
    m = int((value - d) * 60)
    s = round(((value - d) * 60 - m) * 60 * 100)
    return Fraction(d), Fraction(m), Fraction(s, 100)


def photo(
    rng: random.Random,
    *,
    taken: datetime,
    lat: float,
    lon: float,
    size: tuple[int, int] = (640, 480),
    camera: tuple[str, str] = ("Fictional Optics", "Demo-1"),
    base: Image.Image | None = None,
) -> bytes:
    """A JPEG of random shapes (or of ``base``, re-encoded) with EXIF time and GPS."""
    img = base.copy() if base is not None else _scene(rng, size)
    exif = Image.Exif()
    exif[0x010F], exif[0x0110] = camera
    exif[0x010E] = FICTIONAL  # ImageDescription
    exif[0x0132] = taken.strftime("%Y:%m:%d %H:%M:%S")
    exif.get_ifd(0x8769)[0x9003] = taken.strftime("%Y:%m:%d %H:%M:%S")
    gps = exif.get_ifd(0x8825)
    gps[1], gps[2] = ("N" if lat >= 0 else "S"), _rational_dms(lat)
    gps[3], gps[4] = ("E" if lon >= 0 else "W"), _rational_dms(lon)
    out = io.BytesIO()
    img.save(out, "JPEG", quality=85, exif=exif)
    return out.getvalue()


def scene(rng: random.Random, size: tuple[int, int] = (640, 480)) -> Image.Image:
    """A random picture (public, so a test can make a near-duplicate of it)."""
    return _scene(rng, size)


def _scene(rng: random.Random, size: tuple[int, int]) -> Image.Image:
    w, h = size
    img = Image.new("RGB", size, tuple(rng.randrange(256) for _ in range(3)))
    draw = ImageDraw.Draw(img)
    for _ in range(12):
        x0, y0 = rng.randrange(w), rng.randrange(h)
        x1, y1 = x0 + rng.randrange(20, w // 2), y0 + rng.randrange(20, h // 2)
        colour = tuple(rng.randrange(256) for _ in range(3))
        if rng.random() < 0.5:
            draw.rectangle((x0, y0, x1, y1), fill=colour)
        else:
            draw.ellipse((x0, y0, x1, y1), fill=colour)
    draw.text((10, 10), FICTIONAL, fill=(255, 255, 255))
    return img


def pdf(lines: list[str], *, title: str, author: str = "sabt demo") -> bytes:
    """A one-page PDF with real (extractable) text and document metadata."""
    from pypdf import PdfWriter
    from pypdf.generic import DecodedStreamObject, DictionaryObject, NameObject

    writer = PdfWriter()
    page = writer.add_blank_page(width=595, height=842)
    font = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/Font"),
            NameObject("/Subtype"): NameObject("/Type1"),
            NameObject("/BaseFont"): NameObject("/Helvetica"),
        }
    )
    page[NameObject("/Resources")] = DictionaryObject(
        {NameObject("/Font"): DictionaryObject({NameObject("/F1"): writer._add_object(font)})}
    )
    ops = ["BT", "/F1 12 Tf", "14 TL", "56 780 Td"]
    for line in [FICTIONAL.replace("—", "-"), *lines]:
        safe = line.encode("latin-1", "replace").decode("latin-1")
        safe = safe.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
        ops.append(f"({safe}) Tj T*")
    ops.append("ET")
    content = DecodedStreamObject()
    content.set_data("\n".join(ops).encode("latin-1"))
    page[NameObject("/Contents")] = writer._add_object(content)
    writer.add_metadata({"/Title": title, "/Author": author, "/Subject": FICTIONAL})
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def note_fa() -> str:
    return (
        "یادداشت ساختگی برای نمایش — داده واقعی نیست.\n"
        "شاهد ساختگی گفت که در تابستان ۱۳۶۷ خاک گورستان را تازه دیده است.\n"
    )


def note_en() -> str:
    return (
        f"{FICTIONAL}\n"
        "Field note: a fictional witness reports freshly turned earth at the site "
        "in the summer of 1988. Photographs attached.\n"
    )
