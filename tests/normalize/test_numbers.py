"""normalize.numbers: numbers, units, money and counts as reports write them."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from esep.normalize.numbers import (
    UNITS,
    ParsedNumber,
    parse_count,
    parse_money,
    parse_number,
    parse_unit,
)

NBSP, NNBSP, THIN = "\u00a0", "\u202f", "\u2009"


# --- single cells -------------------------------------------------------------
@pytest.mark.parametrize(
    "text, value, unit, is_min",
    [
        ("1 877 057 тенге", 1877057, "kzt", False),
        (f"1{NBSP}877{NBSP}057 тенге", 1877057, "kzt", False),
        (f"1{NNBSP}877{NNBSP}057", 1877057, None, False),
        (f"1{THIN}877{THIN}057 теңге", 1877057, "kzt", False),
        ("29 364 470 тенге", 29364470, "kzt", False),
        ("680 000 тенге", 680000, "kzt", False),
        ("1 260 000", 1260000, None, False),
        ("1 260 000,00", 1260000, None, False),
        ("1 260 000.00", 1260000, None, False),
        ("5 000 000 ₸", 5000000, "kzt", False),
        ("KZT 5000", 5000, "kzt", False),
        ("5000 тг", 5000, "kzt", False),
        ("5000 тнг.", 5000, "kzt", False),
        ("4,8 балла", 4.8, "score", False),
        ("4,95 баллов", 4.95, "score", False),
        ("3,07", 3.07, None, False),
        ("90%", 90, "percent", False),
        ("99 %", 99, "percent", False),
        ("15 пайыз", 15, "percent", False),
        ("не менее 550", 550, None, True),
        ("Не менее 5 000 человек", 5000, "person", True),
        ("не менее  100 представителей", 100, "person", True),
        ("не менее чем 20 участников", 20, "person", True),
        ("кемінде 10 (он)", 10, None, True),
        ("100 адамнан кем емес", 100, "person", True),
        ("100 и более", 100, None, True),
        ("100+", 100, None, True),
        ("5000", 5000, None, False),
        ("0", 0, None, False),
        ("2-х", 2, None, False),
        ("30 шт", 30, "piece", False),
        ("30 дана", 30, "piece", False),
        ("Тираж 30 шт", 30, "copy", False),
        ("30 экз.", 30, "copy", False),
        ("1 организация", 1, "organization", False),
        ("3 ұйым", 3, "organization", False),
        ("50 адам", 50, "person", False),
        ("20 ад.", 20, "person", False),
        ("4 тренинга", 4, "event", False),
        ("2 іс-шара", 2, "event", False),
        ("1,5 млн тенге", 1500000, "kzt", False),
        ("2 млрд", 2000000000, None, False),
        ("2 млрд теңге", 2000000000, "kzt", False),
        ("100 мың", 100000, None, False),
        ("5 тыс.", 5000, None, False),
        ("5 тыс. человек", 5000, "person", False),
        ("350 (триста пятьдесят)", 350, None, False),
        ("1.234.567", 1234567, None, False),
        ("1,234,567", 1234567, None, False),
        ("1.234,56", 1234.56, None, False),
        ("1,234.56", 1234.56, None, False),
        ("1.5", 1.5, None, False),
        ("0.125", 0.125, None, False),
        ("1,234", 1.234, None, False),  # the comma is always the decimal mark
        ("-5", -5, None, False),
    ],
)
def test_parse_number(text: str, value: int | float, unit: str | None, is_min: bool) -> None:
    p = parse_number(text)
    assert p.status == "number", p
    assert p.ok
    assert p.value == value and type(p.value) is type(value)
    assert p.unit == unit
    assert p.is_minimum is is_min
    assert p.text == text


@pytest.mark.parametrize(
    "text",
    ["не более 10", "не больше 10 человек", "10 (оннан) артық емес", "100-ден аспайтын",
     "до 50 участников", "максимум 3"],
)
def test_maximum(text: str) -> None:
    p = parse_number(text)
    assert p.status == "number" and p.is_maximum and not p.is_minimum


def test_min_max_are_not_confused() -> None:
    assert parse_number("не более 10").is_minimum is False  # «более» alone would be min
    assert parse_number("не менее 10").is_maximum is False  # «менее» alone would be max
    assert parse_number("менее 10").is_maximum is True
    assert parse_number("более 10").is_minimum is True
    assert parse_number("10 артық").is_minimum is True
    assert parse_number("10 артық емес").is_minimum is False


@pytest.mark.parametrize(
    "text, status",
    [("", "empty"), ("   ", "empty"), ("\u00a0", "empty"),
     ("-", "dash"), ("—", "dash"), ("–", "dash"), (" - ", "dash"), ("--", "dash")],
)
def test_empty_and_dash(text: str, status: str) -> None:
    p = parse_number(text)
    assert p.status == status and p.value is None and p.ok


def test_none_is_empty() -> None:
    assert parse_number(None).status == "empty"


@pytest.mark.parametrize(
    "text, candidates",
    [
        ("1 книга на двух языках; Тираж 30 шт", (1, 30)),
        ("1 книга на двух языках", (1,)),  # «двух» is a second number
        ("согласно Плана", ()),
        ("№ 43", ()),  # a reference, not a quantity
        ("4,9 баллов из 5 (99%)", (4.9, 5, 99)),
        ("23-24", (23, 24)),
        ("1.234", (1.234, 1234)),  # dot + 3 digits: ambiguous, both readings
        ("15.09.2022", ()),  # a date is not a number
        ("2022 123", ()),  # 4 digits cannot start a grouped number
        ("Проведена 1 официальная церемония с участием не менее 350 участников", (1, 350)),
        ("одна публичная презентация", ()),
        ("1" * 60, ()),  # absurdly long
    ],
)
def test_unparsed(text: str, candidates: tuple) -> None:
    p = parse_number(text)
    assert p.status == "unparsed" and p.value is None and not p.ok
    assert p.candidates == candidates


def test_number_in_prose_is_flagged() -> None:
    p = parse_number("Количество участников не менее 100 представителей СМИ и представителей "
                     "государственных органов.")
    assert (p.status, p.value, p.is_minimum, p.unit, p.from_prose) == ("number", 100, True, "person", True)
    p = parse_number("Проведено не менее 2-х обучающих тренинга")
    assert (p.value, p.is_minimum, p.unit, p.from_prose) == (2, True, "event", True)
    assert parse_number("Программа тренинга не менее 2шт").unit == "piece"  # nearest after wins
    assert parse_number("Не менее 5 000 человек").from_prose is False
    assert parse_number("Тираж 30 шт").from_prose is False


def test_exact_decimal_kept() -> None:
    p = parse_number("1 260 000,50")
    assert p.decimal == Decimal("1260000.50") and p.fraction_digits == 2
    assert p.value == 1260000.5
    assert parse_number("1,5 млн тенге").decimal == Decimal("1500000.0")
    assert parse_number("1,5 млн тенге").multiplier == 1_000_000


# --- money / count / unit -----------------------------------------------------
@pytest.mark.parametrize(
    "text, expected",
    [
        ("1 877 057 тенге", 1877057),
        ("1 260 000,00", 1260000),
        ("1 260 000.00", 1260000),
        ("1 260 000,49", 1260000),
        ("1 260 000,50", 1260001),  # half up
        ("162 990", 162990),
        ("1,5 млн тенге", 1500000),
        ("29 364 470 тенге", 29364470),
        ("-", None),
        ("", None),
        ("90%", None),
        ("50 человек", None),
        ("1,234 тенге", None),  # three decimals are no money
        ("согласно Плана", None),
    ],
)
def test_parse_money(text: str, expected: int | None) -> None:
    assert parse_money(text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("595", 595),
        ("не менее 550", 550),
        ("5 000 человек", 5000),
        ("5,0", 5),
        ("3,07", None),
        ("4,8 балла", None),
        ("90%", None),
        ("680 000 тенге", None),
        ("-5", None),
        ("-", None),
        ("1 книга на двух языках; Тираж 30 шт", None),
        ("Тираж 30 шт", 30),
    ],
)
def test_parse_count(text: str, expected: int | None) -> None:
    assert parse_count(text) == expected


@pytest.mark.parametrize(
    "text, unit",
    [
        ("человек", "person"), ("чел.", "person"), ("адам", "person"),
        ("тенге", "kzt"), ("теңге", "kzt"), ("тыс. тенге", "kzt"), ("₸", "kzt"),
        ("организация", "organization"), ("ұйым", "organization"),
        ("%", "percent"), ("балл", "score"), ("шт.", "piece"), ("дана", "piece"),
        ("тираж", "copy"), ("таралым", "copy"), ("мероприятие", "event"),
        ("организация/человек", None),  # two units: not one
        ("", None), ("согласно плана", None),
    ],
)
def test_parse_unit(text: str, unit: str | None) -> None:
    assert parse_unit(text) == unit
    assert unit is None or unit in UNITS


# --- properties ---------------------------------------------------------------
def _group(n: int, sep: str) -> str:
    s = str(n)
    head = len(s) % 3 or 3
    return sep.join([s[:head]] + [s[i:i + 3] for i in range(head, len(s), 3)])


@settings(max_examples=300, deadline=None)
@given(
    n=st.integers(min_value=0, max_value=10**10),
    sep=st.sampled_from([" ", NBSP, NNBSP, THIN]),
    cents=st.booleans(),
    suffix=st.sampled_from(["", " тенге", " теңге", " тг"]),
    minimum=st.booleans(),
)
def test_formatted_integers_round_trip(n: int, sep: str, cents: bool, suffix: str, minimum: bool) -> None:
    text = ("не менее " if minimum else "") + _group(n, sep) + (",00" if cents else "") + suffix
    p = parse_number(text)
    assert p.status == "number", text
    assert p.value == n and isinstance(p.value, int)
    assert p.is_minimum is minimum and not p.is_maximum
    assert p.unit == ("kzt" if suffix else None)
    assert not p.from_prose
    assert parse_money(text) == n
    if not suffix:
        assert parse_count(text) == n


@settings(max_examples=300, deadline=None)
@given(
    whole=st.integers(min_value=0, max_value=10**9),
    frac=st.integers(min_value=1, max_value=99),
    width=st.sampled_from([1, 2]),
    sep=st.sampled_from([" ", NBSP, NNBSP]),
)
def test_formatted_decimals_round_trip(whole: int, frac: int, width: int, sep: str) -> None:
    if width == 1:
        frac = frac % 10 or 5
    digits = f"{frac:0{width}d}"
    text = f"{_group(whole, sep)},{digits}"
    p = parse_number(text)
    assert p.status == "number", text
    assert p.decimal == Decimal(f"{whole}.{digits}")
    assert p.fraction_digits == width
    assert parse_count(text) is None  # a count with decimals is not a count


@settings(max_examples=500, deadline=None)
@given(st.text())
def test_never_raises(s: str) -> None:
    p = parse_number(s)
    assert isinstance(p, ParsedNumber)
    assert p.status in ("number", "empty", "dash", "unparsed")
    assert (p.value is not None) == (p.status == "number")
    assert p.unit is None or p.unit in UNITS
    parse_money(s)
    parse_count(s)
    parse_unit(s)


_PIECES = list("0123456789 ,.-–%₸+()№\u00a0\u202f") + ["тыс", "млн", "не менее ", "тенге", "шт", "двух", "-х"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=25).map("".join))
def test_never_raises_on_number_like_text(s: str) -> None:
    p = parse_number(s)
    assert p.status in ("number", "empty", "dash", "unparsed")
    m = parse_money(s)
    assert m is None or isinstance(m, int)
