"""Per-string keys for linkage and search to precompute."""

from __future__ import annotations

from sabt.names import key_column, name_columns


def test_columns_of_one_name_set_titles_aside() -> None:
    cols = name_columns("سید حسین‌زاده", prefix="family_")
    assert cols["family_name_key"] == "حسینزاده"
    assert cols["family_skeleton_key"] == "ḥsnzd"
    assert cols["family_roman_key"] == "huseinzade"
    assert cols["family_search_key"] == "سید حسین زاده"
    assert cols["family_script"] == "persian"


def test_a_column_of_names_across_scripts() -> None:
    assert key_column(["Hossein", None, "حسین", ""], "roman_key") == [
        "husein",
        None,
        "husein",
        None,
    ]
