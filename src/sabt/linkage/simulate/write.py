"""Write a simulation to a directory.

Files: ``<list>.csv`` (UTF-8, the list as published), ``<list>.mapping.toml``
(ready for ``sabt lists import``), ``truth.csv`` (list, row, person_id and
strata of every attestation), ``population.csv`` (every fictional person,
captured or not), ``manifest.json`` and ``README.txt``. Every file says it is
fictional.
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

from persiantools.jdatetime import JalaliDate

from sabt.linkage.simulate import FICTIONAL_NOTE, STRATA, Simulation


def _toml_str(value: str) -> str:
    # JSON string escapes are a subset of TOML basic-string escapes.
    return json.dumps(value, ensure_ascii=False)


def mapping_toml(sim_list_name: str, mapping: dict[str, str], options: dict[str, str]) -> str:
    lines = [
        f"# {FICTIONAL_NOTE}",
        f"# Mapping for {sim_list_name}.csv: sabt field = column heading.",
        "[columns]",
    ]
    lines += [f"{field} = {_toml_str(col)}" for field, col in mapping.items()]
    lines += ["", "[options]", "fictional = true"]
    lines += [f"{k} = {_toml_str(v)}" for k, v in options.items()]
    return "\n".join(lines) + "\n"


def write_simulation(sim: Simulation, out: Path) -> list[Path]:
    """Write every file; returns their paths. ``out`` is created if needed."""
    out.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    for lst in sim.lists:
        path = out / f"{lst.name}.csv"
        with path.open("w", encoding="utf-8", newline="") as f:
            w = csv.DictWriter(f, fieldnames=list(lst.template.columns))
            w.writeheader()
            w.writerows(lst.rows)
        mpath = out / f"{lst.name}.mapping.toml"
        mpath.write_text(
            mapping_toml(lst.name, lst.template.mapping, lst.template.options), encoding="utf-8"
        )
        written += [path, mpath]

    truth = out / "truth.csv"
    with truth.open("w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, fieldnames=["list", "row", "person_id", *STRATA])
        w.writeheader()
        w.writerows(sim.truth_rows())
    written.append(truth)

    pop = out / "population.csv"
    captured: dict[str, list[str]] = {}
    for lst in sim.lists:
        for pid in lst.people:
            captured.setdefault(pid, []).append(lst.name)
    with pop.open("w", encoding="utf-8", newline="") as f:
        pw = csv.writer(f)
        pw.writerow(
            [
                "person_id",
                "sex",
                "given_name",
                "family_name",
                "father_name",
                "birth_jalali",
                "birth_gregorian",
                "death_jalali",
                *STRATA,
                "lists",
            ]
        )
        for p in sim.population:
            pw.writerow(
                [
                    p.id,
                    p.sex,
                    "".join(p.given.fa),
                    "\u200c".join(p.family.fa),
                    "".join(p.father.fa),
                    "{}/{:02d}/{:02d}".format(*p.birth),
                    JalaliDate(*p.birth).to_gregorian().isoformat(),
                    "{}/{:02d}/{:02d}".format(*p.death),
                    *(p.strata[s] for s in STRATA),
                    " ".join(captured.get(p.id, [])),
                ]
            )
    written.append(pop)

    c = sim.config
    manifest = {
        "fictional": True,
        "note": FICTIONAL_NOTE,
        "generator": "sabt simulate",
        "config": {
            "size": c.size,
            "lists": c.lists,
            "seed": c.seed,
            "noise": c.noise,
            "capture": c.capture,
        },
        "population": len(sim.population),
        "captured": len(captured),
        "lists": {lst.name: len(lst.rows) for lst in sim.lists},
        "capture_logits": sim.capture_logits,
    }
    mf = out / "manifest.json"
    mf.write_text(
        json.dumps(manifest, ensure_ascii=False, indent=2, sort_keys=True) + "\n", encoding="utf-8"
    )
    readme = out / "README.txt"
    readme.write_text(
        f"{FICTIONAL_NOTE}\n\nImport each list with\n"
        + "".join(
            f"  sabt lists import {lst.name}.csv --list {lst.name} --mapping {lst.name}.mapping.toml\n"
            for lst in sim.lists
        )
        + "then `sabt link --truth truth.csv` to link them and score the result against the truth.\n",
        encoding="utf-8",
    )
    written += [mf, readme]
    return written
