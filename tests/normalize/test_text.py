"""normalize.text: clean_text and fold_for_match."""

from __future__ import annotations

import unicodedata

import pytest
import regex
from hypothesis import given, settings
from hypothesis import strategies as st

from esep.normalize.text import FOLD_TABLE, INVISIBLE_CHARS, clean_text, fold_for_match


# --- clean_text -------------------------------------------------------------
@pytest.mark.parametrize(
    "raw, expected",
    [
        ("  Туркестан\u00adской  области ", "Туркестанской области"),
        ("Community\u200b-\u200cцентр\u200d\u2060\ufeff", "Community-центр"),
        ("5\u00a0000\u202f000\u2009тенге", "5 000 000 тенге"),
        ("a\tb\r\nc\u2028d", "a b c d"),
        ("«Эко Мангистау» \"ГАМО\" “x” „y“", "«Эко Мангистау» \"ГАМО\" “x” „y“"),
        ("", ""),
        ("   \u00a0\n\t ", ""),
        ("bell\x07 and nul\x00", "bell and nul"),
    ],
)
def test_clean_text(raw: str, expected: str) -> None:
    assert clean_text(raw) == expected


def test_clean_text_nfc() -> None:
    decomposed = "и\u0306 е\u0308"  # й ё written with combining marks
    assert clean_text(decomposed) == "й ё"
    # an invisible character between a letter and its mark does not block NFC
    assert clean_text("и\u200b\u0306") == "й"


def test_clean_text_keep_newlines() -> None:
    raw = "\n\n  первая   строка \r\n\r\n\n вторая\u2028третья\n  \n"
    assert clean_text(raw, keep_newlines=True) == "первая строка\nвторая\nтретья"
    assert clean_text("один\nдва") == "один два"
    assert clean_text(" \n \n ", keep_newlines=True) == ""


# --- fold_for_match ---------------------------------------------------------
@pytest.mark.parametrize(
    "a, b",
    [
        ("Грантополучатель:", "грантополучатель"),
        ("Тема гранта «Эко Мангистау»", 'тема  гранта "Эко Мангистау"'),
        ("Ёлка", "елка"),
        # Latin look-alikes typed inside Cyrillic words
        ("Нeпpaвитeльствeннoe", "Неправительственное"),
        ("HПO", "НПО"),
        # Latin i for Kazakh і
        ("Әлеуметтiк", "Әлеуметтік"),
        # old-font ӛ for ө
        ("кӛмек", "көмек"),
        ("Ӛзгеріс", "Өзгеріс"),
        # dashes
        ("пресс–служба", "пресс-служба"),
        ("пресс—служба", "пресс‑служба"),
        # soft hyphen, NBSP
        ("Туркестан\u00adской\u00a0области", "туркестанской области"),
    ],
)
def test_fold_equal(a: str, b: str) -> None:
    assert fold_for_match(a) == fold_for_match(b)


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("Сумма гранта:", "сумма гранта"),
        ("№ п/п", "п п"),
        ("Охват, уровень", "охват уровень"),
        ("«ГАМО»", "гамо"),
        ("Қатысушылар саны", "қатысушылар саны"),
        ("ҰЙЫМ Үй", "ұйым үй"),  # Kazakh letters are kept
        ("59 лет и выше", "59 лет и выше"),
        ("13-16", "13-16"),
        ("", ""),
    ],
)
def test_fold_for_match(raw: str, expected: str) -> None:
    assert fold_for_match(raw) == expected


def test_fold_keeps_kazakh_letters_distinct() -> None:
    assert fold_for_match("қ ғ ң ұ ү ө ә і һ") == "қ ғ ң ұ ү ө ә і һ"
    assert fold_for_match("ұ") != fold_for_match("у")


def test_fold_table_is_documented_data() -> None:
    assert FOLD_TABLE["ӛ"] == "ө"
    assert FOLD_TABLE["i"] == "і"
    assert FOLD_TABLE["ё"] == "е"
    assert all(len(k) == 1 for k in FOLD_TABLE)
    assert "\u00ad" in INVISIBLE_CHARS


# --- properties -------------------------------------------------------------
@settings(max_examples=300, deadline=None)
@given(st.text())
def test_clean_text_properties(s: str) -> None:
    out = clean_text(s)
    assert out == out.strip()
    assert "  " not in out
    assert not any(ch in INVISIBLE_CHARS for ch in out)
    assert unicodedata.is_normalized("NFC", out)
    assert clean_text(out) == out
    lines = clean_text(s, keep_newlines=True)
    assert "\n\n" not in lines
    assert clean_text(lines, keep_newlines=True) == lines
    assert clean_text(lines) == out


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_fold_for_match_properties(s: str) -> None:
    k = fold_for_match(s)
    assert fold_for_match(k) == k  # idempotent
    assert k == k.strip() and "  " not in k
    assert regex.fullmatch(r"[\p{L}\p{N} -]*", k)


def test_caches_keep_only_short_texts():
    """clean_text and fold_for_match are cached for speed; a long text is
    computed but never kept, so the cache stays small whatever a file holds."""
    from esep.normalize import text as T

    long = "Отчёт о проведении семинара " * 5000
    before = (T._clean_cached.cache_info().currsize, T._fold_cached.cache_info().currsize)
    assert T.fold_for_match(long).startswith("отчет о проведении")
    assert T.clean_text(long + " ") == long.strip()
    assert (T._clean_cached.cache_info().currsize, T._fold_cached.cache_info().currsize) == before
    assert T.fold_for_match("Отчёт «Эко»") == "отчет эко"
    assert T.fold_for_match("Отчёт «Эко»") == "отчет эко"  # the cached answer is the same
    assert T._fold_cached.cache_info().hits >= 1
