"""The vault's part of ``sabt demo``: FICTIONAL evidence with a chain of custody.

Generated photographs of invented sites (EXIF capture time, camera and GPS,
each marked FICTIONAL in its description), a resized working copy derived from
one of them, a PDF report and case notes in Persian and English; then a
transfer and an export in the custody log. Nothing here is real.
"""

from __future__ import annotations

import random
import tempfile
from datetime import datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from sabt.vault import samples
from sabt.vault.custody import export, record
from sabt.vault.evidence import Provenance, add_paths

if TYPE_CHECKING:
    from sabt.case import Case

ORDER = 20

# Invented places on an invented grid: not the coordinates of any real site.
_SITES = [
    ("North Field", 10.1234, 20.4321),
    ("East Cemetery", 10.2345, 20.5432),
    ("River Plot", 10.3456, 20.6543),
]
_SOURCE = "FICTIONAL partner archive"


def contribute(case: Case, rng: random.Random) -> None:
    with tempfile.TemporaryDirectory(prefix="sabt-demo-") as tmp:
        root = Path(tmp)
        photos = root / "photos"
        photos.mkdir()
        scenes = {}
        for i, (site, lat, lon) in enumerate(_SITES):
            for year in (1988, 2005):  # before and after the fictional bulldozing
                scene = samples.scene(rng)
                scenes[(site, year)] = scene
                taken = datetime(
                    year, 8 + i, 1 + rng.randrange(27), rng.randrange(6, 18), rng.randrange(60)
                )
                data = samples.photo(
                    rng, taken=taken, lat=lat + rng.uniform(-1e-3, 1e-3), lon=lon, base=scene
                )
                name = f"{site.lower().replace(' ', '-')}-{year}.jpg"
                (photos / name).write_bytes(data)
        docs = root / "documents"
        docs.mkdir()
        (docs / "field-report.pdf").write_bytes(
            samples.pdf(
                [
                    "Fictional field report on three invented sites.",
                    "Photographs from 1988 and 2005 show the ground levelled.",
                    "Prepared for the sabt demonstration only.",
                ],
                title="FICTIONAL field report",
                author="Demo Investigator",
            )
        )
        (docs / "note-fa.txt").write_text(samples.note_fa(), "utf-8")
        (docs / "note-en.txt").write_text(samples.note_en(), "utf-8")

        collected = (datetime(2024, 3, 1) + timedelta(days=rng.randrange(300))).date().isoformat()
        prov = Provenance(source=_SOURCE, collected_by="demo-investigator", collected_at=collected)
        results, _ = add_paths(case, [str(photos), str(docs)], prov, actor="demo-investigator")
        by_name = {Path(r.name).name: r for r in results if r.hash}

        # A working copy, resized for a report: a derived item with its own hash.
        work = root / "working"
        work.mkdir()
        original = by_name["north-field-2005.jpg"]
        small = scenes[("North Field", 2005)].resize((320, 240))
        copy = samples.photo(
            rng, taken=datetime(2005, 8, 2, 9, 0), lat=10.1234, lon=20.4321, base=small
        )
        (work / "north-field-2005-small.jpg").write_bytes(copy)
        add_paths(
            case,
            [str(work)],
            Provenance(note="resized working copy for the report", derived_from=original.hash),
            actor="demo-analyst",
        )

        report = by_name["field-report.pdf"]
        assert report.hash is not None and original.hash is not None
        record(
            case,
            report.hash,
            "transferred",
            to="FICTIONAL court registry",
            note="sealed copy on encrypted drive",
            actor="demo-investigator",
        )
        export(
            case,
            original.hash,
            root / "exported.jpg",
            note="for the fictional dossier",
            actor="demo-analyst",
        )
