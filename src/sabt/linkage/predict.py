"""Train the splink model on a case's attestations and score candidate pairs.

Training follows splink's usual recipe: λ (the prior that two random records
match) from a strict deterministic rule, u-probabilities from random pairs,
m-probabilities by expectation maximisation in sessions that each block on
some comparisons (and so train the others). Nothing is labelled: the model
learns from the data, which is why a reviewer's decisions are kept apart
from it (they change clusters, not parameters).
"""

from __future__ import annotations

import contextlib
import logging
from dataclasses import dataclass
from typing import Any

import pandas as pd

from sabt.errors import BackendError, InvalidInput
from sabt.linkage.backends import Backend
from sabt.linkage.model import TRAINING_RULES, settings

COMPARISONS = (
    "given",
    "family",
    "father",
    "birth_year",
    "death_date",
    "prison",
    "city",
    "affiliation",
)


@dataclass
class Prediction:
    """Scored pairs (``unique_id_l``, ``unique_id_r``, ``match_weight``,
    ``match_probability``, ``gamma_*`` levels, ``mw_*`` match weights) and the trained model."""

    pairs: pd.DataFrame
    model: dict[str, Any]

    def level_labels(self) -> dict[str, dict[int, str]]:
        return level_labels(self.model)


def level_labels(model: dict[str, Any]) -> dict[str, dict[int, str]]:
    """comparison -> gamma value -> label, from a trained model's JSON."""
    out: dict[str, dict[int, str]] = {}
    for comp in model["comparisons"]:
        levels = comp["comparison_levels"]
        n = len([lv for lv in levels if not lv.get("is_null_level")])
        labels: dict[int, str] = {}
        for lv in levels:
            if lv.get("is_null_level"):
                labels[-1] = lv.get("label_for_charts", "missing")
            else:
                n -= 1
                labels[n] = lv.get("label_for_charts", lv["sql_condition"])
        out[comp["output_column_name"]] = labels
    return out


M_FLOOR = 0.005
_EM_CLAMP = 1e-12


def _clamp_em_zeros() -> None:
    """Work around splink 5.0.0: an M step can yield m (or u) = 0.0 exactly for
    a level no likely match falls in (e.g. "different city" when no true pair
    disagrees on city), and splink then rejects its own value (< 1e-300) and
    aborts training. Clamp such values to a tiny positive number; the floor in
    :func:`floor_m_probabilities` then applies as for any other level."""
    from splink.internals import expectation_maximisation as em

    if getattr(em, "_sabt_clamped", False):
        return
    original = em.m_u_records_to_lookup_dict

    def clamped(records: list[dict[str, Any]]) -> Any:
        for r in records:
            for key in ("m_probability", "u_probability"):
                value = r.get(key)
                if isinstance(value, float) and value < _EM_CLAMP:
                    r[key] = _EM_CLAMP
        return original(records)

    em.m_u_records_to_lookup_dict = clamped
    em._sabt_clamped = True  # type: ignore[attr-defined]


def floor_m_probabilities(model: dict[str, Any]) -> dict[str, Any]:
    """Give every level a true match can fall in at least ``M_FLOOR``.

    EM on data where, say, no true pair happened to have a father's-name typo
    learns m = 0 for that level, and a later pair with such a typo would then
    score minus infinity, whatever else agrees. A small floor keeps such a
    disagreement strong evidence without making it a veto.
    """
    for comp in model["comparisons"]:
        levels = [lv for lv in comp["comparison_levels"] if not lv.get("is_null_level")]
        for lv in levels:
            if lv.get("m_probability") is not None:
                lv["m_probability"] = max(float(lv["m_probability"]), M_FLOOR)
        total = sum(float(lv.get("m_probability") or 0) for lv in levels)
        if total:
            for lv in levels:
                if lv.get("m_probability") is not None:
                    lv["m_probability"] = float(lv["m_probability"]) / total
    return model


def for_dialect(model: dict[str, Any], dialect: str) -> dict[str, Any]:
    """The trained ``model`` with its SQL written for ``dialect``.

    A saved model carries SQL in the dialect it was trained on (DuckDB quotes
    identifiers with "..." where Spark reads a string literal), so scoring on
    another engine regenerates the SQL from :func:`settings` and copies the
    trained parameters (λ, and m and u of every level, in the same order).
    """
    if model.get("sql_dialect") == dialect:
        return model
    fresh = settings().get_settings(dialect).as_dict()
    fresh["probability_two_random_records_match"] = model["probability_two_random_records_match"]
    for new, old in zip(fresh["comparisons"], model["comparisons"], strict=True):
        for lv_new, lv_old in zip(new["comparison_levels"], old["comparison_levels"], strict=True):
            for key in ("m_probability", "u_probability"):
                if key in lv_old:
                    lv_new[key] = lv_old[key]
    fresh["retain_intermediate_calculation_columns"] = True
    fresh["retain_matching_columns"] = True
    return fresh


def weight_to_probability(weight: float) -> float:
    """A splink match weight (log2 of the Bayes factor with the prior) as a probability."""
    return 1 / (1 + 2 ** (-weight))


def predict(
    frame: pd.DataFrame,
    backend: Backend,
    min_probability: float = 0.05,
    seed: int = 1988,
    model: dict[str, Any] | None = None,
) -> Prediction:
    """Train on ``frame`` (see ``features``) and return pairs scoring at least
    ``min_probability``; with ``model`` (a trained model's JSON), skip training
    and score with it."""
    if len(frame) < 2:
        raise InvalidInput(f"Linkage needs at least two attestations; the case has {len(frame)}.")
    from splink import Linker

    logging.getLogger("splink").setLevel(logging.ERROR)
    _clamp_em_zeros()
    api = backend.db_api()
    try:
        table = api.register(frame, table_name="sabt_attestations")
        if model is None:
            model = _train(Linker(table, settings(), log_level=logging.ERROR), seed)
        linker = Linker(
            table, for_dialect(model, api.sql_dialect.sql_dialect_str), log_level=logging.ERROR
        )
        scored = linker.inference.predict(threshold_match_probability=min_probability)
        pairs = scored.as_pandas_dataframe()
    except InvalidInput:
        raise
    except Exception as e:
        raise BackendError(
            f"Linkage failed on the {backend.name} backend: {type(e).__name__}: {e}"
        ) from e
    keep = ["unique_id_l", "unique_id_r", "match_weight", "match_probability"]
    keep += [c for c in pairs.columns if c.startswith(("gamma_", "mw_"))]
    pairs = pairs[keep].copy()
    for c in ("unique_id_l", "unique_id_r"):
        pairs[c] = pairs[c].astype(str)
    # Splink orders each pair by id already; sort rows so runs are reproducible.
    pairs = pairs.sort_values(["unique_id_l", "unique_id_r"]).reset_index(drop=True)
    return Prediction(pairs, model)


def _train(linker: Any, seed: int) -> dict[str, Any]:
    """λ, u and m for the model; returns the trained model as JSON (floored)."""
    from splink import block_on

    deterministic = [block_on("family_skel", "given_skel", "father_skel")]
    # Too few exact pairs on a tiny input: keep splink's default prior.
    with contextlib.suppress(Exception):
        linker.training.estimate_probability_two_random_records_match(deterministic, recall=0.5)
    linker.training.estimate_u_using_random_sampling(max_pairs=2_000_000, seed=seed)
    for rule in TRAINING_RULES:
        linker.training.estimate_parameters_using_expectation_maximisation(
            rule, fix_probability_two_random_records_match=True
        )
    model = floor_m_probabilities(linker.misc.save_model_to_json())
    # The saved model drops these run options; the pairs need the mw_* (per-comparison match weight) columns.
    model["retain_intermediate_calculation_columns"] = True
    model["retain_matching_columns"] = True
    return model
