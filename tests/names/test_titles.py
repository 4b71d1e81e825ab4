"""Titles split off into their own field (PERSIAN.md §5)."""

from __future__ import annotations

from sabt.names import split_titles, title_class


def test_titles_and_memorial_words_are_split_off_in_order() -> None:
    assert split_titles("شهید حاج سید علی رضایی") == (("شهید", "حاج", "سید"), "علی رضایی")
    assert split_titles("Seyyed Mohammad Hosseini") == (("Seyyed",), "Mohammad Hosseini")
    assert split_titles("زنده‌یاد فاطمه خانم رضایی") == (("زنده\u200cیاد",), "فاطمه خانم رضایی")
    assert split_titles("Karbala'i Hasan Ahmadi") == (("Karbala'i",), "Hasan Ahmadi")


def test_mirza_is_kept_when_it_may_be_the_given_name() -> None:
    assert split_titles("Mirza Rezaei") == ((), "Mirza Rezaei")
    assert split_titles("Mirza Ali Rezaei") == (("Mirza",), "Ali Rezaei")
    assert split_titles("میر حسین موسوی") == ((), "میر حسین موسوی")


def test_trailing_khanum_is_a_title() -> None:
    assert split_titles("فاطمه خانم") == (("خانم",), "فاطمه")


def test_title_classes_fold_spellings() -> None:
    assert title_class("Sayyid") == title_class("سید") == title_class("SEYYED") == "sayyid"
    assert title_class("Ali") is None
