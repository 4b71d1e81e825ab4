"""The splink model: comparisons, blocking rules and how it is trained.

Comparisons (PERSIAN.md §3, §5): given, family and father's name each have
levels "same key" (same spelling once normalised) > "same skeleton" (the same
name across scripts or romanisations) > "skeleton one edit apart" (a typo) >
"name keys close" (Latin typos) > else. Father's name is the de-facto
identifier: its disagreement is strong counter-evidence, learnt by EM rather
than asserted. Birth years compare by interval overlap, never equality.

Blocking: pairs that share the skeletons of two of the three names, or the
family skeleton and a birth year — so one corrupted name never hides a match.
The SQL is dialect-neutral (splink translates the library levels), so the same
model runs on DuckDB and Spark.
"""

from __future__ import annotations

import splink.comparison_level_library as cll
import splink.comparison_library as cl
from splink import SettingsCreator, block_on

from sabt.linkage.features import NAME_PARTS

_LABELS = {"given": "given name", "family": "family name", "father": "father's name"}


def name_comparison(part: str) -> cl.CustomComparison:
    key, skel = f"{part}_key", f"{part}_skel"
    return cl.CustomComparison(
        output_column_name=part,
        comparison_description=_LABELS[part],
        comparison_levels=[
            cll.NullLevel(skel),
            cll.ExactMatchLevel(key).configure(label_for_charts="same spelling"),
            cll.ExactMatchLevel(skel).configure(label_for_charts="same consonant skeleton"),
            cll.And(
                cll.DamerauLevenshteinLevel(skel, 1),
                cll.CustomLevel(f"length({skel}_l) >= 3"),
            ).configure(label_for_charts="skeleton one edit apart"),
            cll.JaroWinklerLevel(key, 0.88).configure(label_for_charts="spellings close"),
            cll.ElseLevel(),
        ],
    )


def birth_year_comparison() -> cl.CustomComparison:
    overlap = "by_lo_l <= by_hi_r AND by_lo_r <= by_hi_l"
    return cl.CustomComparison(
        output_column_name="birth_year",
        comparison_description="birth year",
        comparison_levels=[
            cll.NullLevel("by_lo"),
            cll.CustomLevel(overlap, label_for_charts="years overlap"),
            cll.CustomLevel("abs(by_lo_l - by_lo_r) <= 2", label_for_charts="within 2 years"),
            cll.CustomLevel("abs(by_lo_l - by_lo_r) <= 5", label_for_charts="within 5 years"),
            cll.ElseLevel(),
        ],
    )


PREDICTION_RULES = (
    block_on("family_skel", "given_skel"),
    block_on("given_skel", "father_skel"),
    block_on("family_skel", "father_skel"),
    block_on("family_skel", "by_lo"),
)

# EM sessions: each blocks on some comparisons and so trains the others.
TRAINING_RULES = (
    block_on("family_skel", "given_skel"),
    block_on("father_skel", "by_lo"),
)


def settings() -> SettingsCreator:
    return SettingsCreator(
        link_type="dedupe_only",
        unique_id_column_name="unique_id",
        comparisons=[*(name_comparison(p) for p in NAME_PARTS), birth_year_comparison()],
        blocking_rules_to_generate_predictions=list(PREDICTION_RULES),
        retain_intermediate_calculation_columns=True,
        retain_matching_columns=True,
        additional_columns_to_retain=["list_name", "row"],
    )
