"""The rules of the 2024 edition one by one, on the document model (no files).

Table recognition by what the rows hold, the rows that are not data, split
tables, the participants table by group, age brackets, short units,
deviations, the header's agreement and period, the narrative's numbered
headings.
"""

from __future__ import annotations

import datetime as dt

import pytest

from esep.extract.model import Cell, Document, Paragraph, Provenance, Row, Table
from esep.normalize.context import Ctx
from esep.normalize.effect import from_effect, unit_of
from esep.normalize.header import Line, agreement_of_value, header_fields, period_year
from esep.normalize.participants import row_meaning
from esep.normalize.plan_fact import check_deviation, is_excluded, read_figure
from esep.normalize.sections import labelled_value, numbered_heading
from esep.normalize.stitch import join_split_tables
from esep.normalize.ages import age_bracket
from esep.normalize.tables import classify


def table(rows: list[list[str]], index: int = 0, spans: dict[tuple[int, int], int] | None = None) -> Table:
    """A table from rows of cell texts; ``spans``: (row, col) -> columns the cell covers."""
    spans = spans or {}
    n_cols = max(sum(spans.get((r, c), 1) for c in range(len(row))) for r, row in enumerate(rows))
    out = []
    for r, texts in enumerate(rows):
        cells, col = [], 0
        for c, text in enumerate(texts):
            span = spans.get((r, c), 1)
            cells.append(Cell(text=text, row=r, col=col, col_span=span))
            col += span
        out.append(Row(cells=cells))
    return Table(rows=out, n_cols=n_cols, index=index)


def ctx() -> Ctx:
    return Ctx(Document(path="x", source_format="docx", blocks=[]))


# ------------------------------------------------------------ age brackets


@pytest.mark.parametrize("label, bounds", [
    ("от 14 до 18 лет", (14, 18)),  # not "до 18 лет" (under 18)
    ("от 19 до 29 лет", (19, 29)),
    ("старше 60 лет", (61, None)),
    ("до 18 лет", (0, 17)),
    ("14 жастан 18 жасқа дейін", (14, 18)),
    ("18 жасқа дейін", (0, 17)),
    ("59 лет и выше", (59, None)),
])
def test_age_brackets(label, bounds):
    assert age_bracket(label) == bounds


@pytest.mark.parametrize("label, bounds", [("14-18", (14, 18)), ("от 19 до 29", (19, 29)), ("61+", (61, None)),
                                           ("2022-2023", None)])
def test_bare_age_brackets_only_under_an_age_group(label, bounds):
    assert age_bracket(label) is None  # "2022-2023" in a header is no bracket
    assert age_bracket(label, bare=True) == bounds


# ------------------------------------------------------------ units, effect


@pytest.mark.parametrize("text, unit", [
    ("тг", "kzt"), ("чел.", "person"), ("орг.", "organization"), ("орг./чел.", None), ("ад.", "person"),
    ("ұйым/адам", None), ("тенге", "kzt"),
])
def test_short_units(text, unit):
    assert unit_of(text) == unit


def test_reworded_effect_lines_money_first():
    view = classify(table([
        ["№", "Показатель", "Ед. изм.", "План", "Факт"],
        ["1.", "Фонд оплаты труда", "тг", "1 000 000", "1 000 000"],
        ["2.", "Налоговые отчисления (СН, СО, ОСМС по штатным сотрудникам)", "тг", "110 000", "110 000"],
        ["3.", "Количество прямых благополучателей, в том числе:", "чел.", "100", "120"],
        ["", "из них из числа социально уязвимых слоев населения", "чел.", "10", "12"],
        ["4.", "Количество привлеченных экспертов", "чел.", "2", "2"],
        ["5.", "Количество охваченных НКО", "орг.", "3", "4"],
        ["6.", "Количество партнеров проекта", "орг./чел.", "2", "2"],
    ]))
    assert view.kind == "effect"
    c = ctx()
    lines = [(i.key, i.unit, i.actual) for i in from_effect(view, c)]
    assert lines == [("payroll_kzt", "kzt", 1_000_000), ("taxes_kzt", "kzt", 110_000),
                     ("direct_beneficiaries", "person", 120), ("direct_beneficiaries_vulnerable", "person", 12),
                     ("specialists", "person", 2), ("ngos_covered", "organization", 4), ("partners", None, 2)]
    assert c.findings == []


# ------------------------------------------------------- recognition by meaning


def test_plan_fact_table_recognised_by_what_its_rows_hold():
    view = classify(table([
        ["№", "Мероприятие", "Запланировано", "Достигнуто"],
        ["1.1", "Тренинг", "20", "22"],
        ["1.2", "Форум", "50", "48"],
    ]))
    assert (view.kind, view.columns["plan"], view.columns["fact"], view.columns["title"]) == ("results", 2, 3, 1)


def test_effect_lines_under_a_plan_fact_header_are_the_effect_table():
    # no unit column, a header like an activities table's: the lines say what it is
    view = classify(table([
        ["Показатель", "План", "Факт"],
        ["Количество прямых бенефициаров", "100", "120"],
        ["Количество косвенных бенефициаров", "1000", "1500"],
        ["Количество штатных работников", "2", "2"],
        ["Фонд оплаты труда", "500 000", "500 000"],
    ]))
    assert view.kind == "effect"


def test_rows_that_are_not_data():
    view = classify(table([
        ["№ п/п", "Наименование мероприятия", "Плановое значение", "Фактическое значение", "Примечание"],
        ["1", "2", "3", "4", "5"],
        ["Задача 1. Вовлечь молодежь", "", "", "", ""],
        ["1.1", "Тренинг", "20", "22", ""],
        ["№ п/п", "Наименование мероприятия", "Плановое значение", "Фактическое значение", "Примечание"],
        ["1.2", "Форум", "50", "48", ""],
    ], spans={(2, 0): 5}))
    assert view.kind == "results" and view.header_rows == 1
    assert view.data_rows() == [2, 3, 5]  # column numbers and the repeated header are not data


def test_transposed_participants_without_groups():
    view = classify(table([["Всего", "40"], ["Молодежь (14-35 лет)", "30"], ["Безработные", "10"]]))
    assert (view.kind, view.transposed, view.columns) == ("participants", True, {"label": 0, "count": 1})


@pytest.mark.parametrize("label, group, kind, dimension, category", [
    ("По полу", None, "group", "gender", None),
    ("Всего участников проекта", None, "total", None, None),
    ("Итого по возрасту", "age", "subtotal", "age", None),
    ("Молодежь (14-35 лет)", None, "category", "social_status", "youth"),  # the phrase that opens the label
    ("от 14 до 18 лет", None, "category", "age", "14-18"),
    ("Люди старшего возраста (60 лет и старше)", "social_status", "category", "social_status", "elderly"),
    ("Люди старшего возраста (60 лет и старше)", "age", "category", "age", "60+"),
    ("Мужчины", "age", "unknown", None, None),  # not a category of its group: never guessed
    ("19-29", "age", "category", "age", "19-29"),  # a bare range under «По возрасту»
    ("19-29", None, "unknown", None, None),
    ("Работа с молодежью и безработными", None, "unknown", None, None),  # a category named late is not the row
    ("Многодетные матери", None, "unknown", None, None),
])
def test_participant_row_meaning(label, group, kind, dimension, category):
    meaning = row_meaning(label, group, has_number=False)
    assert (meaning.kind, meaning.dimension, meaning.category) == (kind, dimension, category)


def test_task_rows_that_were_not_merged():
    from esep.normalize.activities import from_results

    view = classify(table([
        ["№ п/п", "Наименование мероприятия", "План", "Факт", "Примечание"],
        ["", "Задача 1. Вовлечь молодежь", "", "", ""],
        ["1.1", "Тренинг", "20", "22", ""],
        ["1.2", "Пособие для тренеров (не входит в итог)", "100", "100", ""],
        ["1. Информировать население"],
        ["2.1", "Форум", "50", "48", ""],
    ], spans={(4, 0): 5}))
    c = ctx()
    read = from_results(view, c, 1)
    assert [(a.task_number, a.task, a.title, a.participants_actual) for a in read.activities] == [
        (1, "Вовлечь молодежь", "Тренинг", 22),
        (1, "Вовлечь молодежь", "Пособие для тренеров (не входит в итог)", None),  # its title says so
        (None, None, "Форум", 48),  # a row numbered «1.» over an activity numbered «2.1»
    ]
    assert [f.code for f in c.findings] == ["indicator_not_recognised", "task_number_uncertain"]


# ------------------------------------------------------------- split tables


def _doc(*blocks) -> Document:
    return Document(path="x", source_format="docx", blocks=list(blocks))


HEAD = ["№", "Наименование мероприятия", "План", "Факт"]


@pytest.mark.parametrize("between, joined", [
    ([Paragraph("")], True),
    ([Paragraph("Продолжение таблицы 2")], True),
    ([Paragraph("3. Измерение социальных и других изменений", bold=True)], False),  # a section heading
    ([Paragraph("Заполните таблицу, указав социальный и экономический эффекты")], False),  # a table's instruction
])
def test_a_table_without_a_header_continues_the_one_before(between, joined):
    first = table([HEAD, ["1.1", "Тренинг", "20", "22"]], index=0)
    second = table([["1.2", "Форум", "50", "48"], ["Итого", "", "70", "70"]], index=1)
    doc = _doc(first, *between, second)
    views = join_split_tables(doc, {0: classify(first), 1: classify(second)})
    assert len(views) == 1
    view = views[0]
    rows = [view.prov(r) for r in view.data_rows()]
    if joined:
        assert view.tables == (0, 1)
        assert rows == [Provenance(table=0, row=1), Provenance(table=1, row=0), Provenance(table=1, row=1)]
    else:
        assert view.tables == (0,) and rows == [Provenance(table=0, row=1)]


def test_the_same_header_again_continues_the_table():
    first = table([HEAD, ["1.1", "Тренинг", "20", "22"]], index=0)
    second = table([HEAD, ["1.2", "Форум", "50", "48"]], index=1)
    (view,) = join_split_tables(_doc(first, Paragraph(""), second), {0: classify(first), 1: classify(second)})
    assert [view.prov(r) for r in view.data_rows()] == [Provenance(table=0, row=1), Provenance(table=1, row=1)]


# ------------------------------------------------------------ plan / fact


@pytest.mark.parametrize("plan, fact, deviation, header_percent, mismatch", [
    ("60", "65", "+8,8", True, True),  # +8,3 %
    ("60", "65", "+8,3", True, False),
    ("80", "72", "-10,0", True, False),
    ("80", "72", "10", True, False),  # unsigned: a magnitude
    ("80", "72", "+10", True, True),  # the sign is wrong
    ("80", "72", "-8", False, False),  # the difference, when the column does not say %
    ("80", "72", "-8", True, True),
    ("80", "72", "", True, False),
    ("80", "72", "\u2013 10,0", True, False),  # an en dash for the minus
])
def test_deviation_checked_against_plan_and_fact(plan, fact, deviation, header_percent, mismatch):
    c = ctx()
    check_deviation(c, Provenance(table=2, row=3), plan, fact, deviation, percent=header_percent)
    assert [f.code for f in c.findings] == (["deviation_mismatch"] if mismatch else [])


def test_a_row_left_out_of_the_total_keeps_its_figure_but_is_no_head_count():
    assert is_excluded("Тираж, экз. Не входит в итог") and not is_excluded("Один колледж закрыт на карантин")
    assert read_figure("500", excluded=True).count is None and read_figure("500", excluded=True).number == 500
    assert read_figure("500", excluded=False).count == 500
    assert read_figure("30 шт", excluded=False).count is None


# ----------------------------------------------------------------- header


@pytest.mark.parametrize("value, number, date", [
    ("№ 112 от 03.04.2024", "112", dt.date(2024, 4, 3)),
    ("112 от 3 апреля 2024 года", "112", dt.date(2024, 4, 3)),
    ("2024 жылғы 3 сәуірдегі № 112", "112", dt.date(2024, 4, 3)),
    ("№ 7-ГП", "7-ГП", None),
])
def test_agreement_value(value, number, date):
    assert agreement_of_value(value) == (number, date)


def test_period_year():
    assert (period_year("03.04.2024 – 30.11.2024"), period_year("апрель – ноябрь 2023 года"),
            period_year("весь год")) == (2024, 2023, None)


def test_header_table_with_numbered_rows():
    lines = [Line("1\tНаименование грантополучателя\tОФ «Шанс»", Provenance(table=0, row=0),
                  ("1", "Наименование грантополучателя", "ОФ «Шанс»")),
             Line("2.\tДоговор\t№ 5 от 01.02.2024", Provenance(table=0, row=1), ("2.", "Договор", "№ 5 от 01.02.2024"))]
    fields = header_fields(lines, ctx())
    assert (fields["grantee"][0], fields["agreement"][0]) == ("ОФ «Шанс»", "№ 5 от 01.02.2024")


def test_a_sentence_opening_with_a_field_word_is_not_the_field():
    lines = [Line("Договор о сотрудничестве с акиматом подписан 5 мая 2023 года.", Provenance()),
             Line("Период реализации проекта был продлен", Provenance()),
             Line("Договор\t№ 15 от 02.02.2024", Provenance())]
    fields = header_fields(lines, ctx())
    assert fields["agreement"][0] == "№ 15 от 02.02.2024" and "period" not in fields


# -------------------------------------------------------------- narrative


@pytest.mark.parametrize("text, bold, title", [
    ("1.1. Школа волонтеров", False, "Школа волонтеров"),
    ("2.3 Итоговый медиафорум «Правда в сети»", True, "Итоговый медиафорум «Правда в сети»"),
    ("1.5 тыс. человек приняли участие в акциях.", False, None),  # a sentence, not a heading
    ("12.05.2024 состоялся форум", False, None),
    ("Мероприятие 2.1. Форум «Правда в сети»", False, "Форум «Правда в сети»"),
    ("2.3 итоговый форум", True, None),  # a title opens with a capital
])
def test_numbered_activity_headings(text, bold, title):
    m = numbered_heading(text, Paragraph(text, bold=bold))
    assert (m.group("title") if m else None) == title


def test_labelled_lines_of_an_activity():
    assert labelled_value("Сроки проведения: 18–19 мая 2024 года.", "ACTIVITY_DATE_LABELS") == "18–19 мая 2024 года"
    assert labelled_value("Место проведения: г. Павлодар, Дом дружбы", "ACTIVITY_PLACE_LABELS") == "г. Павлодар, Дом дружбы"
    assert labelled_value("Сроки проведения мероприятия были сдвинуты: на июнь", "ACTIVITY_DATE_LABELS") is None


def test_a_demographics_column_of_no_known_category_is_a_finding():
    from esep.normalize.demographics import from_demographics

    view = classify(table([["Всего", "Мужчины", "Женщины", "Не указали"], ["100", "40", "50", "10"]], index=7))
    c = ctx()
    rows = [(d.dimension, d.category, d.count) for d in from_demographics(view, c, have_total=False)]
    assert rows == [("total", "all", 100), ("gender", "male", 40), ("gender", "female", 50)]
    assert [(f.code, f.location, f.value) for f in c.findings] == [
        ("category_not_recognised", "table 7 row 1", "Не указали | 10")]
