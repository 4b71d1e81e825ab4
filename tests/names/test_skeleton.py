"""The cross-script consonant skeleton (PERSIAN.md §3): a blocking key."""

from __future__ import annotations

import pytest
from name_variants.persian_names import PERSIAN_NAME_VARIANTS

from sabt.names import skeleton_key


@pytest.mark.parametrize(
    ("persian", "latin"),
    [
        ("حسین", "Hossein"), ("حسین", "Husayn"), ("محمد", "Muhammad"), ("فاطمه", "Fatima"),
        ("غلامرضا", "Qolamreza"), ("غلامرضا", "Gholamreza"), ("اصغر", "Asgar"), ("ژاله", "Jaleh"),
        ("جواد", "Djavad"), ("خسرو", "Xosrow"), ("اعظم", "A'zam"), ("مؤمنی", "Mo'meni"),
        ("داوود", "Dawood"), ("محمدعلی", "Mohammad-Ali"), ("حسین‌زاده", "Hosseinzadeh"),
        ("سید", "Seyyed"), ("کریمی", "Karimy"), ("حسن", "Hassan"), ("شهرام", "Šahram"),
    ],
)  # fmt: skip
def test_variants_share_the_skeleton(persian: str, latin: str) -> None:
    assert skeleton_key(persian) == skeleton_key(latin)


def test_it_is_coarse_hasan_and_hossein_collide() -> None:
    # Blocking only: the skeleton must never decide a match.
    assert skeleton_key("حسن") == skeleton_key("حسین")
    assert skeleton_key("Ali") != skeleton_key("Reza")


def test_most_public_variants_share_the_skeleton() -> None:
    pairs = [(fa, form) for fa, entry in PERSIAN_NAME_VARIANTS.items() for form in entry["forms"]]
    agree = sum(skeleton_key(fa) == skeleton_key(form) for fa, form in pairs)
    # Measured 183/190 (96 %): misses are exonyms (Cyrus), Arabic readings (Ridha), typos.
    assert agree / len(pairs) >= 0.95
