"""normalize.dates and normalize.months: dates as reports write them."""

from __future__ import annotations

import calendar
from datetime import date

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from esep.normalize.dates import STATUSES, ParsedDate, find_dates, parse_date
from esep.normalize.months import MONTHS, month_word

D = date


# --- parse_date: one cell -------------------------------------------------------
@pytest.mark.parametrize(
    "text, start, end, status, assumed",
    [
        ("15.09.2022", D(2022, 9, 15), D(2022, 9, 15), "exact", False),
        ("15.09.22", D(2022, 9, 15), D(2022, 9, 15), "exact", False),
        ("15/09/2022", D(2022, 9, 15), D(2022, 9, 15), "exact", False),
        ("2022-09-15", D(2022, 9, 15), D(2022, 9, 15), "exact", False),
        ("20.04.2023", D(2023, 4, 20), D(2023, 4, 20), "exact", False),
        ("16.03.2022г.", D(2022, 3, 16), D(2022, 3, 16), "exact", False),
        ("25 июня", D(2022, 6, 25), D(2022, 6, 25), "exact", True),
        ("28 июня 2022 года", D(2022, 6, 28), D(2022, 6, 28), "exact", False),
        ("28 июня 2022г.", D(2022, 6, 28), D(2022, 6, 28), "exact", False),
        ("28 июня 2022", D(2022, 6, 28), D(2022, 6, 28), "exact", False),
        ("от «31» марта 2022 года", D(2022, 3, 31), D(2022, 3, 31), "exact", False),
        ("«31» марта 2022 г.", D(2022, 3, 31), D(2022, 3, 31), "exact", False),
        ("25-го июня", D(2022, 6, 25), D(2022, 6, 25), "exact", True),
        ("12 янв. 2021", D(2021, 1, 12), D(2021, 1, 12), "exact", False),
        ("12 сент.", D(2022, 9, 12), D(2022, 9, 12), "exact", True),
        ("23-24 мая", D(2022, 5, 23), D(2022, 5, 24), "range", True),
        ("23 – 24 мая 2022", D(2022, 5, 23), D(2022, 5, 24), "range", False),
        ("30 мая - 2 июня", D(2022, 5, 30), D(2022, 6, 2), "range", True),
        ("с 1 по 15 июня 2022 года", D(2022, 6, 1), D(2022, 6, 15), "range", False),
        ("28 декабря 2022 - 5 января 2023", D(2022, 12, 28), D(2023, 1, 5), "range", False),
        ("28 декабря - 5 января 2023", D(2022, 12, 28), D(2023, 1, 5), "range", False),
        ("01.06.2022-30.06.2022", D(2022, 6, 1), D(2022, 6, 30), "range", False),
        ("01.06-30.06.2022", D(2022, 6, 1), D(2022, 6, 30), "range", False),
        ("Май-июнь 2022 года", D(2022, 5, 1), D(2022, 6, 30), "month_range", False),
        ("Апрель – ноябрь 2022 года", D(2022, 4, 1), D(2022, 11, 30), "month_range", False),
        ("Апрель-Ноябрь 2022 г.", D(2022, 4, 1), D(2022, 11, 30), "month_range", False),
        ("Апрель-Ноябрь 2022 год", D(2022, 4, 1), D(2022, 11, 30), "month_range", False),
        ("Ноябрь 2022 - февраль 2023", D(2022, 11, 1), D(2023, 2, 28), "month_range", False),
        ("в ноябре 2022 года", D(2022, 11, 1), D(2022, 11, 30), "month", False),
        ("ноябрь", D(2022, 11, 1), D(2022, 11, 30), "month", True),
        ("февраль 2024", D(2024, 2, 1), D(2024, 2, 29), "month", False),
        ("2022 жылғы 26 қыркүйектегі", D(2022, 9, 26), D(2022, 9, 26), "exact", False),
        ("2022 жылдың 26 шілдесінен 10 тамызына дейін", D(2022, 7, 26), D(2022, 8, 10), "range", False),
        ("15 мамырда", D(2022, 5, 15), D(2022, 5, 15), "exact", True),
        ("12-13 маусым", D(2022, 6, 12), D(2022, 6, 13), "range", True),
        ("1 қантарынан", D(2022, 1, 1), D(2022, 1, 1), "exact", True),  # misspelt қаңтар
        ("16 Қараша 2018", D(2018, 11, 16), D(2018, 11, 16), "exact", False),
        ("10 Қаңтар, 2017", D(2017, 1, 10), D(2017, 1, 10), "exact", False),
        ("7 сәуiрде", D(2022, 4, 7), D(2022, 4, 7), "exact", True),  # Latin i
        ("4 кыркуйек", D(2022, 9, 4), D(2022, 9, 4), "exact", True),  # no Kazakh letters
        ("мамыр айының", D(2022, 5, 1), D(2022, 5, 31), "month", True),
        ("2022 ж.", D(2022, 1, 1), D(2022, 12, 31), "year", False),
        ("2022 год", D(2022, 1, 1), D(2022, 12, 31), "year", False),
        ("2022", D(2022, 1, 1), D(2022, 12, 31), "year", False),
        ("2022-2023 гг.", D(2022, 1, 1), D(2023, 12, 31), "year", False),
        ("III квартал 2022", D(2022, 7, 1), D(2022, 9, 30), "month_range", False),
        ("1-й квартал 2023 года", D(2023, 1, 1), D(2023, 3, 31), "month_range", False),
        ("2022 жылдың 3-тоқсаны", D(2022, 7, 1), D(2022, 9, 30), "month_range", False),
        ("I полугодие 2022", D(2022, 1, 1), D(2022, 6, 30), "month_range", False),
        ("13 апреля https://www.facebook.com/394868790880352/posts/pfbid0jraSd/?d=n",
         D(2022, 4, 13), D(2022, 4, 13), "exact", True),
        ("https://gamo.kz/2753-2/ 30 мая", D(2022, 5, 30), D(2022, 5, 30), "exact", True),
        ("23 и 24 мая", D(2022, 5, 23), D(2022, 5, 24), "multiple", True),
        ("23-24 мая в Туркестанской области и 25-26 мая 2022г. в Кызылординской",
         D(2022, 5, 23), D(2022, 5, 26), "multiple", False),
    ],
)
def test_parse_date(text: str, start: date, end: date, status: str, assumed: bool) -> None:
    p = parse_date(text, 2022)
    assert (p.start, p.end, p.status, p.year_assumed) == (start, end, status, assumed), p
    assert p.text == text
    assert p.ok


def test_url_part_is_not_the_date() -> None:
    text = "13 апреля https://www.facebook.com/394868790880352/posts/1"
    p = parse_date(text, 2022)
    assert p.span is not None and text[p.span[0]:p.span[1]] == "13 апреля"


@pytest.mark.parametrize(
    "text", ["31 июня", "32.01.2022", "30 февраля 2022", "29.02.2023", "24-23 мая", "00.01.2022",
             "согласно плана", "по мере необходимости", "2 тоқсан адам", "1217", "Тираж 30 шт"],
)
def test_unparsed(text: str) -> None:
    p = parse_date(text, 2022)
    assert p.status == "unparsed" and p.start is None and p.end is None and not p.ok


@pytest.mark.parametrize("text", ["Апре ль-Ноябрь 2022 г.", "Сент ябрь-Октябрь 2022", "онлайн-май 2022"])
def test_half_a_range_is_not_a_date(text: str) -> None:
    """A range whose other end is a word broken by a narrow PDF column is not read as
    its one readable end (which would look right and be wrong)."""
    p = parse_date(text, 2022)
    assert p.status == "unparsed" and p.start is None and p.end is None


@pytest.mark.parametrize("text, start, end", [
    ("Апрель-Ноябрь 2022 г. - по плану", D(2022, 4, 1), D(2022, 11, 30)),
    ("май 2022 г.-декабрь 2022 г.", D(2022, 5, 1), D(2022, 12, 31)),
    ("Ноябрь-дек", D(2022, 11, 1), D(2022, 12, 31)),
])
def test_ranges_beside_words_still_read(text: str, start: date, end: date) -> None:
    p = parse_date(text, 2022)
    assert (p.start, p.end) == (start, end)


@pytest.mark.parametrize("text", ["", "   ", "-", "—", "–", " — ", None])
def test_empty(text: str | None) -> None:
    p = parse_date(text, 2022)
    assert p.status == "empty" and p.start is None and p.ok is False


def test_no_default_year() -> None:
    p = parse_date("25 июня", None)
    assert (p.status, p.start, p.end, p.year_assumed) == ("no_year", None, None, False)
    # a written year needs no default
    assert parse_date("25 июня 2022", None).start == D(2022, 6, 25)
    assert parse_date("Май-июнь 2022 года", None).status == "month_range"


def test_statuses_documented() -> None:
    assert set(STATUSES) >= {"exact", "range", "month", "month_range", "year", "unparsed",
                             "empty", "no_year", "multiple"}


# --- find_dates: prose ----------------------------------------------------------
def _found(text: str, default_year: int | None = 2021) -> list[tuple]:
    return [(d.start, d.end, d.status, d.year_assumed) for d in find_dates(text, default_year)]


def test_year_after_the_second_date() -> None:
    text = ("25 июня на территории «Мангыстау Арена» и 28 июня – в зале «Эльдевино» 2022 года "
            "были организованы квесты для журналистов")
    found = find_dates(text, 2021)
    assert [(d.start, d.status, d.year_assumed) for d in found] == [
        (D(2022, 6, 25), "exact", False),
        (D(2022, 6, 28), "exact", False),
    ]
    assert [d.text for d in found] == ["25 июня", "28 июня"]
    for d in found:
        assert text[d.span[0]:d.span[1]] == d.text


@pytest.mark.parametrize(
    "text, expected",
    [
        ("30 июня 2022 года в Доме дружбы был проведен офлайн тренинг",
         [(D(2022, 6, 30), D(2022, 6, 30), "exact", False)]),
        ("В ноябре 2022 года была подготовлена настольная книга",
         [(D(2022, 11, 1), D(2022, 11, 30), "month", False)]),
        ("11 июня 2022 года был проведен онлайн тренинг",
         [(D(2022, 6, 11), D(2022, 6, 11), "exact", False)]),
        ("С целью разъяснения деятельности центров 20 апреля была организована онлайн конференция",
         [(D(2021, 4, 20), D(2021, 4, 20), "exact", True)]),
        ("<b>23-24 мая</b> в Туркестанской области и <b>25-26 мая</b> 2022г. в Кызылординской области",
         [(D(2022, 5, 23), D(2022, 5, 24), "range", False),
          (D(2022, 5, 25), D(2022, 5, 26), "range", False)]),
        ("выступлении к народу Казахстана от 16.03.2022 сказал",
         [(D(2022, 3, 16), D(2022, 3, 16), "exact", False)]),
        ("ведет работу с 2014 года имея в партнерах",
         [(D(2014, 1, 1), D(2014, 12, 31), "year", False)]),
        ("На базе центров в мае 2022 года координаторами были предоставлены 22 консультации",
         [(D(2022, 5, 1), D(2022, 5, 31), "month", False)]),
        ("Жоба 2022 жылдың 26 шілдесінен 10 тамызына дейін өтті.",
         [(D(2022, 7, 26), D(2022, 8, 10), "range", False)]),
        # the year of one sentence does not leak into the next
        ("Встреча прошла 5 мая. Итоги 2022 года подведены.",
         [(D(2021, 5, 5), D(2021, 5, 5), "exact", True),
          (D(2022, 1, 1), D(2022, 12, 31), "year", False)]),
    ],
)
def test_find_dates(text: str, expected: list[tuple]) -> None:
    assert _found(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "За отчетный период проведено 4 тренинга с количеством участников 82 человек",
        "Мая Плисецкая выступила",  # a month name alone is not a date in prose
        "Информационный охват – 1217",
        "в 2 тоқсан адам",
        "Уровень удовлетворенности работой тренера - 4,9 баллов из 5 (99%)",
        "https://gamo.kz/2022/05/30/post",
        "",
    ],
)
def test_find_dates_nothing(text: str) -> None:
    assert find_dates(text, 2022) == []


def test_find_dates_reports_impossible_dates() -> None:
    (d,) = find_dates("встреча 31 июня 2022 года", 2022)
    assert d.status == "unparsed" and d.text == "31 июня 2022 года"


# --- months table -------------------------------------------------------------
@pytest.mark.parametrize(
    "word, number",
    [
        ("января", 1), ("Янв.", 1), ("сентябре", 9), ("сент", 9), ("МАЯ", 5), ("ноябрём", 11),
        ("қаңтар", 1), ("қантарынан", 1), ("ақпандағы", 2), ("наурызынан", 3), ("сәуірдегі", 4),
        ("сәуірінен", 4), ("мамырда", 5), ("маусымдағы", 6), ("шілдедегі", 7), ("шілдесінен", 7),
        ("тамыздағы", 8), ("тамызына", 8), ("қыркүйектегі", 9), ("қазандағы", 10),
        ("қарашадағы", 11), ("желтоқсанда", 12), ("Қыркүйек", 9), ("КЫРКУЙЕК", 9),
        ("сәуiр", 4), ("june", 6),
    ],
)
def test_month_word(word: str, number: int) -> None:
    mw = month_word(word)
    assert mw is not None and mw.number == number


@pytest.mark.parametrize("word", ["Казани", "мамырлар", "марка", "маяк", "июньский", "", "-"])
def test_not_a_month(word: str) -> None:
    assert month_word(word) is None


# --- properties -----------------------------------------------------------------
GENITIVE = {row["n"]: row["ru"][1] for row in MONTHS}
KK_STEM = {row["n"]: row["kk"][0] for row in MONTHS}
_VOICELESS = set("кқпстфхцчшщ")
_BACK = {1, 2, 3, 5, 6, 8, 10, 11, 12}


def kk_form(n: int, case: str) -> str:
    """A correctly inflected Kazakh month name (vowel harmony, voicing)."""
    stem = KK_STEM[n]
    back = n in _BACK
    vowel_end = stem[-1] in "аәеіоөұүыиэ"
    a = "а" if back else "е"
    y = "ы" if back else "і"
    d = "т" if stem[-1] in _VOICELESS else "д"
    poss = ("с" + y) if vowel_end else y
    return stem + {
        "nominative": "",
        "locative": d + a,
        "attributive": d + a + ("ғы" if back else "гі"),
        "possessive": poss,
        "poss_ablative": poss + "н" + a + "н",
        "poss_dative": poss + "н" + a,
    }[case]


dates = st.dates(min_value=D(2000, 1, 1), max_value=D(2035, 12, 31))


@settings(max_examples=200, deadline=None)
@given(d=dates)
def test_numeric_round_trip(d: date) -> None:
    for text in (f"{d.day:02d}.{d.month:02d}.{d.year}", d.isoformat(),
                 f"{d.day:02d}.{d.month:02d}.{d.year % 100:02d}"):
        p = parse_date(text, None)
        assert (p.start, p.end, p.status, p.year_assumed) == (d, d, "exact", False), text


@settings(max_examples=200, deadline=None)
@given(d=dates, marker=st.sampled_from(["", " года", " г.", "г.", " г"]), quoted=st.booleans())
def test_russian_round_trip(d: date, marker: str, quoted: bool) -> None:
    day = f"«{d.day}»" if quoted else str(d.day)
    text = f"{day} {GENITIVE[d.month]} {d.year}{marker}"
    p = parse_date(text, None)
    assert (p.start, p.end, p.status) == (d, d, "exact"), text
    assert find_dates(f"Мероприятие прошло {text} в зале", None)[0].start == d


@settings(max_examples=200, deadline=None)
@given(d=dates, case=st.sampled_from(["nominative", "locative", "attributive", "possessive",
                                      "poss_ablative", "poss_dative"]),
       marker=st.sampled_from(["жылғы", "жылдың", "ж.", "жылы"]))
def test_kazakh_round_trip(d: date, case: str, marker: str) -> None:
    text = f"{d.year} {marker} {d.day} {kk_form(d.month, case)}"
    p = parse_date(text, None)
    assert (p.start, p.end, p.status, p.year_assumed) == (d, d, "exact", False), text


@settings(max_examples=200, deadline=None)
@given(d=dates, length=st.integers(min_value=1, max_value=10),
       dash=st.sampled_from(["-", "–", " – ", "—"]), kazakh=st.booleans())
def test_day_range_round_trip(d: date, length: int, dash: str, kazakh: bool) -> None:
    last = calendar.monthrange(d.year, d.month)[1]
    assume(d.day + length <= last)
    month = kk_form(d.month, "nominative") if kazakh else GENITIVE[d.month]
    text = f"{d.day}{dash}{d.day + length} {month}"
    p = parse_date(text, d.year)
    assert (p.start, p.end, p.status, p.year_assumed) == (
        d, d.replace(day=d.day + length), "range", True), text


@settings(max_examples=100, deadline=None)
@given(a=dates, days=st.integers(min_value=1, max_value=60))
def test_kazakh_cross_month_range_round_trip(a: date, days: int) -> None:
    b = date.fromordinal(a.toordinal() + days)
    assume(b.year == a.year and b.month != a.month)
    text = (f"{a.year} жылдың {a.day} {kk_form(a.month, 'poss_ablative')} "
            f"{b.day} {kk_form(b.month, 'poss_dative')} дейін")
    p = parse_date(text, None)
    assert (p.start, p.end, p.status) == (a, b, "range"), text


@settings(max_examples=100, deadline=None)
@given(y=st.integers(min_value=2000, max_value=2035), m1=st.integers(1, 12), m2=st.integers(1, 12))
def test_month_range_round_trip(y: int, m1: int, m2: int) -> None:
    assume(m1 < m2)
    nom = {row["n"]: row["ru"][0] for row in MONTHS}
    text = f"{nom[m1].capitalize()}-{nom[m2]} {y} года"
    p = parse_date(text, None)
    assert (p.start, p.end, p.status) == (
        D(y, m1, 1), D(y, m2, calendar.monthrange(y, m2)[1]), "month_range"), text


@settings(max_examples=500, deadline=None)
@given(s=st.text(), y=st.one_of(st.none(), st.integers(1, 9999)))
def test_never_raises(s: str, y: int | None) -> None:
    p = parse_date(s, y)
    assert isinstance(p, ParsedDate) and p.status in STATUSES
    assert (p.start is None) == (p.end is None)
    if p.start is not None:
        assert p.start <= p.end
    for f in find_dates(s, y):
        assert f.status in STATUSES and f.span is not None
        assert s[f.span[0]:f.span[1]] == f.text


_PIECES = ["1", "12", "31", "2022", "22", ".", "-", "–", " ", "«", "»", ",", "мая", "июнь",
           "шілдесінен", "тамызына", "дейін", "жылғы", "года", "г.", "квартал", "III", "с", "по",
           "и", "в", "ноябре", "https://x.kz/1", "05", "09"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=14).map(" ".join),
       st.one_of(st.none(), st.integers(1, 9999)))
def test_never_raises_on_date_like_text(s: str, y: int | None) -> None:
    p = parse_date(s, y)
    assert p.status in STATUSES
    assert (p.start is None) == (p.end is None)
    find_dates(s, y)
