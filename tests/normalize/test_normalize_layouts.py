"""Rules of normalize/ that other layouts of the forms need (found by the variant matrix)."""

from __future__ import annotations

import pytest

from esep.normalize.effect import _is_subline, _key_of
from esep.normalize.labels import fold_label, matcher
from esep.normalize.narrative import planned_tasks
from esep.normalize.plan_fact import Figure, figure_unit
from esep.normalize.tables import age_bracket


@pytest.mark.parametrize("written, full", [
    ("Кол-во участников", "количество участников"),
    ("Ед. изм.", "единица измерения"),
    ("в т.ч. из социально уязвимых", "в том числе из социально уязвимых"),
    ("Өлш. бірл.", "өлшем бірлігі"),
])
def test_label_abbreviations_are_written_out(written, full):
    assert fold_label(written) == fold_label(full)


def test_a_whole_cell_tolerates_one_typing_error_in_a_short_label():
    from esep.normalize.labels import PhraseMatcher

    m = PhraseMatcher({"effect": {"ru": ("эффект",)}})
    assert m.best("Эфект") is not None
    assert m.best("Эффективность работы") is None or m.best("Эффективность работы").start == 0
    assert m.best("Эфект от мероприятия") is None  # inside a longer text: no edits for a short phrase


@pytest.mark.parametrize("name, unit, key", [
    ("Штаттық қызметкерлердің салықтары мен аударымдары (ӘС, ӘА, МӘМС)", "kzt", "taxes_kzt"),
    ("Штаттық қызметкерлердің саны", "person", "staff"),
    ("Налоги (СН, СО, ОСМС только штатных сотрудников)", "kzt", "taxes_kzt"),
    ("Налоги (СН, СО, ОСМС только штатных сотрудников)", None, "taxes_kzt"),
    ("Количество штатных работников", "kzt", None),  # the unit says money: no people key fits
])
def test_effect_line_key_keeps_to_its_unit(name, unit, key):
    assert _key_of(name, unit) == key


@pytest.mark.parametrize("name, sub", [
    ("из социально-уязвимые категории населения", True),
    ("в т.ч. из социально уязвимых слоев населения", True),
    ("оның ішінде халықтың әлеуметтік осал топтарынан", True),
    ("Количество прямых бенефициаров, в том числе:", False),
])
def test_effect_sublines(name, sub):
    assert _is_subline(name) is sub


@pytest.mark.parametrize("label, bracket", [
    ("58 жастан асқан", (59, None)),  # older than 58
    ("59 жас және одан жоғары", (59, None)),
    ("60 жастан бастап", (60, None)),
    ("старше 60 лет", (61, None)),
    ("от 14 до 18 лет", (14, 18)),
])
def test_age_brackets(label, bracket):
    assert age_bracket(label) == bracket


@pytest.mark.parametrize("note, unit", [
    ("не входит в «Итого»: не количество участников", None),
    ("қатысушылар саны емес, барлығына кірмейді", None),
    ("Тираж, экз. Не входит в итог", "copy"),
])
def test_a_note_names_no_unit_it_denies(note, unit):
    figure = Figure(None, 1.0, None, False)
    assert figure_unit(figure, figure, None, note) == unit


def test_planned_activities_list_gives_tasks():
    paragraphs = [
        "В рамках реализации проекта были запланированы следующие мероприятия:",
        "Задача 1: Организация церемонии",
        "1.Провести официальную церемонию.",
        "2. Провести игру квест",
        "Задача 2:",
        "1.Проведение тренинга",
        "Задача 1. Мероприятие 1:",  # a narrative item, not a task of the list
        "1. Не из списка",
    ]
    tasks = planned_tasks(paragraphs)
    assert tasks[fold_label("Провести игру квест")] == (1, "Организация церемонии")
    assert tasks[fold_label("Проведение тренинга")] == (2, None)
    assert fold_label("Не из списка") not in tasks


def test_total_row_phrase_in_kazakh():
    assert matcher("DEMOGRAPHIC_TOTAL").at_start("Барлық қатысушылар") is not None


@pytest.mark.parametrize("text, segments", [
    ("Тема гранта:\tОрганизация мероприятий самоуправления Сумма гранта:\t29 364 470 тенге",
     ["Тема гранта:\tОрганизация мероприятий самоуправления", "Сумма гранта:\t29 364 470 тенге"]),
    ("Грантополучатель: ОО «Сумма гранта»", ["Грантополучатель: ОО «Сумма гранта»"]),  # no colon after it
    ("Тема гранта: Развитие: новые подходы", ["Тема гранта: Развитие: новые подходы"]),
])
def test_header_labels_joined_into_one_paragraph_are_cut_apart(text, segments):
    from esep.normalize.header import label_segments

    assert label_segments(text, matcher("HEADER_FIELDS")) == segments


@pytest.mark.parametrize("label, category", [
    ("Безра ботные", "unemployed"),          # a narrow PDF column cut the word, nothing explained the cut
    ("Инвал иды", "disabled"),
])
def test_label_cut_by_a_narrow_column_is_still_read(label, category):
    from esep.normalize.participants import _category

    assert _category(label, "social_status").category == category


def test_cut_label_fallback_needs_the_label_to_open_the_text():
    from esep.normalize.labels import PhraseMatcher

    m = PhraseMatcher({"civil": {"ru": ("государственные служащие",)}})
    assert m.best("Госуд арств енные служащие") is not None  # three cuts: more edits than allowed
    assert m.best("Все кроме госуд арств енных служащих") is None


def test_task_words_come_with_the_task_number_the_list_gives():
    """An activity row whose task cell the page left empty gets its task from the
    narrative's list by its exact title, and the task's words from the activities of
    that task that write them."""
    from esep.normalize.context import Ctx
    from esep.normalize.narrative import merge_narrative
    from esep.schemas import Activity
    from esep.extract.model import Document

    acts = [Activity(activity_seq=1, task_number=2, task="Повышение квалификации", title="Тренинг"),
            Activity(activity_seq=2, task_number=None, task=None, title="Разработка книги")]
    planned = planned_tasks(["Задача 2:", "1. Тренинг", "2. Разработка книги"])
    merge_narrative(acts, [], Ctx(Document("x", "docx", [])), {}, planned)
    assert (acts[1].task_number, acts[1].task) == (2, "Повышение квалификации")
