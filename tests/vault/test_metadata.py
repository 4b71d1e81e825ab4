"""Type from content and metadata from the file itself; corrupt files named as such."""

from __future__ import annotations

import io
import random
from datetime import datetime
from pathlib import Path

import pytest

from sabt.vault import samples
from sabt.vault.metadata import CorruptFile, extract
from sabt.vault.sniff import sniff

RNG = random.Random(7)
JPEG = samples.photo(RNG, taken=datetime(1988, 8, 30, 7, 15, 0), lat=35.6501, lon=-51.5812)
PDF = samples.pdf(
    ["Page text of a fictional report."], title="Fictional report", author="Demo Author"
)


def meta(mime: str, data: bytes) -> dict:
    return extract(mime, lambda: io.BytesIO(data))


def test_type_comes_from_content_not_name() -> None:
    assert sniff(JPEG[:65536]) == "image/jpeg"
    assert sniff(PDF) == "application/pdf"
    assert sniff(samples.note_fa().encode("utf-8")) == "text/plain"
    assert sniff(b"<!DOCTYPE html><html><body>x</body></html>") == "text/html"
    assert sniff(bytes(range(256)) * 40) == "application/octet-stream"


def test_exif_time_camera_and_gps() -> None:
    m = meta("image/jpeg", JPEG)
    assert m["captured_at"] == "1988-08-30T07:15:00"
    assert m["camera"] == {"make": "Fictional Optics", "model": "Demo-1"}
    assert m["gps"]["lat"] == pytest.approx(35.6501, abs=1e-4)
    assert m["gps"]["lon"] == pytest.approx(-51.5812, abs=1e-4)  # west is negative
    assert (m["width"], m["height"]) == (640, 480) and len(m["phash"]) == 16


def test_pdf_metadata_and_text() -> None:
    m = meta("application/pdf", PDF)
    assert m["pages"] == 1 and m["title"] == "Fictional report" and m["author"] == "Demo Author"
    assert "Page text of a fictional report." in m["text"] and m["text_truncated"] is False


def test_text_encoding_detected_and_decoded() -> None:
    persian = "گزارش ساختگی: شاهد در تابستان به محل رفت و گورهای تازه دید. " * 4
    m = meta("text/plain", persian.encode("utf-16"))
    assert m["text"] == persian and m["encoding"].startswith("utf_16")


@pytest.mark.parametrize(
    ("mime", "data", "problem"),
    [
        ("image/jpeg", JPEG[: len(JPEG) // 2], "damaged image"),
        ("image/png", b"\x89PNG\r\n\x1a\n" + b"\0" * 40, "damaged image"),
        ("application/pdf", PDF[: len(PDF) // 2], "broken PDF"),
        ("application/pdf", b"%PDF-1.7\n garbage", "broken PDF"),
    ],
    ids=["truncated_jpeg", "png_signature_only", "truncated_pdf", "pdf_header_only"],
)
def test_corrupt_files_are_refused_with_a_reason(mime: str, data: bytes, problem: str) -> None:
    with pytest.raises(CorruptFile, match=problem):
        meta(mime, data)


def _fake_ffprobe(bin_dir: Path, stdout: str, code: int) -> None:
    bin_dir.mkdir()
    script = bin_dir / "ffprobe"
    script.write_text(f"#!/bin/sh\necho '{stdout}'\necho 'moov atom not found' >&2\nexit {code}\n")
    script.chmod(0o755)


def test_duration_from_ffprobe_when_installed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _fake_ffprobe(
        tmp_path / "bin", '{"format": {"duration": "83.250000", "format_name": "mov,mp4"}}', 0
    )
    monkeypatch.setenv("PATH", str(tmp_path / "bin"))
    clip = tmp_path / "clip.mp4"
    clip.write_bytes(b"\0\0\0\x18ftypmp42" + b"\0" * 64)
    assert extract("video/mp4", lambda: clip.open("rb"), clip) == {"duration_s": 83.25}
    _fake_ffprobe(tmp_path / "bin2", "", 1)
    monkeypatch.setenv("PATH", str(tmp_path / "bin2"))
    with pytest.raises(CorruptFile, match="moov atom not found"):
        extract("video/mp4", lambda: clip.open("rb"), clip)
    monkeypatch.setenv("PATH", str(tmp_path / "nowhere"))
    assert (
        extract("video/mp4", lambda: clip.open("rb"), clip) == {}
    )  # no ffprobe: no duration, no error


def test_mojibake_in_a_text_file_is_repaired() -> None:
    clean = "گزارش ساختگی درباره‌ی گورستان شمالی، تابستان ۱۳۶۷."
    garbled = clean.encode("utf-8").decode("cp1256", errors="replace")
    m = meta("text/plain", garbled.encode("utf-8"))
    assert m["text"] == clean and m["mojibake_repaired"] is True


def test_text_cut_inside_a_character_is_still_text() -> None:
    persian = samples.note_fa().encode("utf-8") * 50
    cut = persian[: len(persian) // 2 + 1]  # most likely inside a two-byte letter
    assert sniff(cut) == "text/plain"
    assert meta("text/plain", cut)["encoding"] == "utf_8"
