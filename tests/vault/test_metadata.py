"""Type from content and metadata from the file itself; corrupt files named as such.

Audio and video are measured by the real ffprobe (Debian's ``ffmpeg`` package)
where it is installed; without it those tests skip with the reason, unless
``SABT_REQUIRE_FFPROBE=1`` (set by CI), where they fail instead.
"""

from __future__ import annotations

import io
import json
import math
import os
import random
import shutil
import struct
import subprocess
import wave
from datetime import datetime
from pathlib import Path

import pytest

from sabt.vault import samples
from sabt.vault.metadata import TEXT_LIMIT, CorruptFile, extract
from sabt.vault.sniff import sniff
from support import run_sabt

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


def test_long_text_keeps_its_first_characters_in_any_script() -> None:
    """Text beyond what is kept may be anything; what is kept is the text's own
    first TEXT_LIMIT characters, and a text shorter than that is kept whole."""
    persian = ("گورستان خاوران، " * 5000).encode("utf-8")  # 80,000 characters, 2 bytes most
    m = meta("text/plain", persian + b"\xff\xfe broken tail")
    assert m["encoding"] == "utf_8" and m["text_truncated"] is True
    assert m["text"] == persian.decode("utf-8")[:TEXT_LIMIT]
    wide = "\u8a3c\u8a00" * 20_000  # 40,000 characters of three bytes: 120 kB
    m = meta("text/plain", wide.encode("utf-8"))
    assert m["text"] == wide and m["text_truncated"] is False
    # A two-byte letter cut by the first 100,000 bytes, and exactly the number
    # of characters kept in them: decoding goes on across the cut.
    cut = ("a" + "ب" * 49_999 + "پ" * 20).encode("utf-8")  # byte 100,000 inside a letter
    m = meta("text/plain", cut)
    assert m["text"] == ("a" + "ب" * 49_999) and m["text_truncated"] is True
    exact = ("ب" * 50_000).encode("utf-8") + b"\n"
    m = meta("text/plain", exact)
    assert m["text"] == "ب" * 50_000 and m["text_truncated"] is True


def _tool(name: str) -> str:
    """The path of an ffmpeg tool; skip without it (fail with SABT_REQUIRE_FFPROBE=1)."""
    path = shutil.which(name)
    if not path:
        if os.environ.get("SABT_REQUIRE_FFPROBE", "") not in ("", "0", "false"):
            pytest.fail(f"{name} not found (SABT_REQUIRE_FFPROBE=1): apt-get install ffmpeg")
        pytest.skip(f"{name} not found: apt-get install ffmpeg to run the real audio/video tests")
    return path


@pytest.fixture
def ffprobe() -> str:
    return _tool("ffprobe")


@pytest.fixture
def ffmpeg(ffprobe: str) -> str:
    return _tool("ffmpeg")


def wav(path: Path, seconds: float, rate: int = 8000) -> bytes:
    """A mono 16-bit WAV of a 440 Hz tone, ``seconds`` long (Python's ``wave``)."""
    frames = round(seconds * rate)
    tone = b"".join(
        struct.pack("<h", round(8000 * math.sin(2 * math.pi * 440 * i / rate)))
        for i in range(frames)
    )
    with wave.open(str(path), "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(rate)
        w.writeframes(tone)
    return path.read_bytes()


def probe(path: Path) -> dict:
    return extract(sniff(path.read_bytes()[:65536]), lambda: path.open("rb"), path)


def test_real_ffprobe_measures_a_wav_and_refuses_a_broken_one(
    ffprobe: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = wav(tmp_path / "tone.wav", 1.5)
    assert sniff(data) == "audio/x-wav"
    assert probe(tmp_path / "tone.wav") == {"duration_s": 1.5}
    # Cut inside its samples, a WAV is still playable: ffprobe gives what is there.
    (tmp_path / "cut.wav").write_bytes(data[: 44 + 2 * 6000])
    assert probe(tmp_path / "cut.wav") == {"duration_s": 0.75}
    # A WAV signature over garbage is corrupt, and ffprobe's reason is given.
    (tmp_path / "noise.wav").write_bytes(data[:12] + b"\xff" * 200)
    with pytest.raises(CorruptFile, match="damaged audio/video: no 'fmt ' or 'XMA2' tag found"):
        probe(tmp_path / "noise.wav")
    # A relative name that looks like a URL ("take:" as a protocol) is still a file.
    (tmp_path / "take:1.wav").write_bytes(data)
    monkeypatch.chdir(tmp_path)
    relative = Path("take:1.wav")
    assert extract("audio/x-wav", lambda: relative.open("rb"), relative) == {"duration_s": 1.5}


def test_sabt_add_measures_real_audio_and_video_and_names_the_broken_ones(
    ffmpeg: str, tmp_path: Path
) -> None:
    inputs = tmp_path / "in"
    inputs.mkdir()
    tone = wav(inputs / "tone.wav", 1.5)
    (inputs / "noise.wav").write_bytes(tone[:12] + b"\xff" * 200)
    clip = inputs / "clip.mp4"
    made = subprocess.run(
        [ffmpeg, "-nostdin", "-v", "error", "-f", "lavfi", "-i", "testsrc=duration=2:size=64x48:rate=10",
         "-c:v", "mpeg4", str(clip)],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert made.returncode == 0, made.stderr
    (inputs / "cut.mp4").write_bytes(clip.read_bytes()[:2000])  # the index (moov) is at the end

    data = tmp_path / "case"
    r = run_sabt("--data", str(data), "init", "--origin", "test.invalid/media", "--case", "m")
    assert r.returncode == 0, r.stderr
    r = run_sabt("--data", str(data), "add", str(inputs), "--json")
    assert r.returncode == 2, r.stderr
    rows = {Path(row["name"]).name: row for row in map(json.loads, r.stdout.splitlines())}
    assert {n: row["status"] for n, row in rows.items()} == {
        "clip.mp4": "added",
        "cut.mp4": "failed",
        "noise.wav": "failed",
        "tone.wav": "added",
    }
    assert rows["cut.mp4"]["error"] == (
        "damaged audio/video: moov atom not found; Invalid data found when processing input"
    )
    assert "no 'fmt ' or 'XMA2' tag found" in rows["noise.wav"]["error"]
    assert f"{inputs / 'cut.mp4'}: damaged audio/video" in r.stderr
    for name, media_type, seconds in (
        ("tone.wav", "audio/x-wav", 1.5),
        ("clip.mp4", "video/mp4", 2.0),
    ):
        r = run_sabt("--data", str(data), "show", rows[name]["hash"], "--json")
        item = json.loads(r.stdout)["evidence"]
        assert (item["media_type"], item["meta"]) == (media_type, {"duration_s": seconds})
