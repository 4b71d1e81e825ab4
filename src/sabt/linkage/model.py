"""The splink model: comparisons, blocking rules and how it is trained.

Comparisons (PERSIAN.md §3, §5): given, family and father's name each have
levels "agree" (the same spelling once normalised, or the same romanisation
key across scripts) > "same consonant skeleton" (coarse: حسن and حسین share
one) > "romanisations close" (Jaro-Winkler ≥ 0.9, a typo in either script) >
"skeleton one edit apart" > else. Father's name is the de-facto
identifier: its disagreement is strong counter-evidence, learnt by EM rather
than asserted. Birth years compare by interval overlap, never equality.

Blocking: pairs that share the skeletons of two of the three names, the family
skeleton and a birth year, or one skeleton and the start of the other — so one
corrupted or missing name rarely hides a match.
The SQL is dialect-neutral (splink translates the library levels), so the same
model runs on DuckDB and Spark.
"""

from __future__ import annotations

import splink.comparison_level_library as cll
import splink.comparison_library as cl
from splink import SettingsCreator, block_on

from sabt.linkage.features import NAME_PARTS, PLACES

_LABELS = {"given": "given name", "family": "family name", "father": "father's name"}


def name_comparison(part: str) -> cl.CustomComparison:
    key, skel, roman = f"{part}_key", f"{part}_skel", f"{part}_roman"
    # "Agree" means as equal as two scripts allow: the same spelling once
    # normalised, or the same romanisation key (حسین = Hossein = Husayn).
    # Splitting it into "same spelling" and "same romanisation" would make the
    # level a proxy for "same script", which every field of a pair shares —
    # breaking EM's assumption that comparisons are independent given the match.
    return cl.CustomComparison(
        output_column_name=part,
        comparison_description=_LABELS[part],
        comparison_levels=[
            cll.NullLevel(skel).configure(label_for_charts="missing"),
            cll.Or(cll.ExactMatchLevel(key), cll.ExactMatchLevel(roman)).configure(
                label_for_charts="agree"
            ),
            cll.ExactMatchLevel(skel).configure(label_for_charts="same consonant skeleton"),
            cll.JaroWinklerLevel(roman, 0.9).configure(label_for_charts="romanisations close"),
            cll.And(
                cll.DamerauLevenshteinLevel(skel, 1),
                cll.CustomLevel(f"length({skel}_l) >= 3"),
            ).configure(label_for_charts="skeleton one edit apart"),
            cll.ElseLevel().configure(label_for_charts="different"),
        ],
    )


def birth_year_comparison() -> cl.CustomComparison:
    overlap = "by_lo_l <= by_hi_r AND by_lo_r <= by_hi_l"
    return cl.CustomComparison(
        output_column_name="birth_year",
        comparison_description="birth year",
        comparison_levels=[
            cll.NullLevel("by_lo").configure(label_for_charts="missing"),
            cll.CustomLevel(overlap, label_for_charts="years overlap"),
            cll.CustomLevel("abs(by_lo_l - by_lo_r) <= 2", label_for_charts="within 2 years"),
            cll.CustomLevel("abs(by_lo_l - by_lo_r) <= 5", label_for_charts="within 5 years"),
            cll.ElseLevel().configure(label_for_charts="different"),
        ],
    )


def death_date_comparison() -> cl.CustomComparison:
    return cl.CustomComparison(
        output_column_name="death_date",
        comparison_description="date of execution",
        comparison_levels=[
            cll.Or(cll.NullLevel("death_lo"), cll.NullLevel("death_hi")).configure(
                label_for_charts="missing"
            ),
            cll.CustomLevel(
                "death_lo_l <= death_hi_r AND death_lo_r <= death_hi_l",
                label_for_charts="dates overlap",
            ),
            cll.CustomLevel(
                "abs(death_lo_l - death_lo_r) <= 10", label_for_charts="within 10 days"
            ),
            cll.ElseLevel().configure(label_for_charts="different"),
        ],
    )


def place_comparison(place: str) -> cl.CustomComparison:
    col = f"{place}_key"
    return cl.CustomComparison(
        output_column_name=place,
        comparison_description=place,
        comparison_levels=[
            cll.NullLevel(col).configure(label_for_charts="missing"),
            cll.ExactMatchLevel(col).configure(label_for_charts=f"same {place}"),
            cll.ElseLevel().configure(label_for_charts="different"),
        ],
    )


PREDICTION_RULES = (
    block_on("family_skel", "given_skel"),
    block_on("given_skel", "father_skel"),
    block_on("family_skel", "father_skel"),
    block_on("family_skel", "by_lo"),
    # A typo in one name when the father's name is missing: share one
    # skeleton and the start of the other.
    block_on("family_skel", "substr(given_skel, 1, 2)"),
    block_on("given_skel", "substr(family_skel, 1, 2)"),
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
        comparisons=[
            *(name_comparison(p) for p in NAME_PARTS),
            birth_year_comparison(),
            death_date_comparison(),
            *(place_comparison(p) for p in PLACES),
        ],
        blocking_rules_to_generate_predictions=list(PREDICTION_RULES),
        retain_intermediate_calculation_columns=True,
        retain_matching_columns=True,
        additional_columns_to_retain=["list_name", "row"],
    )
