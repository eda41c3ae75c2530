"""Reports the samples do not show: a Kazakh interim report, a Russian final report
with reordered columns, a header in a table, typos, a transposed gender table.

Normalisation is built for the forms, not for the samples: these variants
must come out right field by field.
"""

from __future__ import annotations

import datetime as dt

import pytest

from esep.pipeline import process_file
from tests.docx_factory import hyperlink, p, run, tbl, tc, tr, write_docx


@pytest.fixture(scope="module")
def kk_interim(tmp_path_factory):
    body = (
        p("Грант беру туралы 2023 жылғы «15» наурыздағы № 17 шартқа 4-қосымша")
        + p(run("АРАЛЫҚ БАҒДАРЛАМАЛЫҚ ЕСЕП", bold=True))
        + p(run("Грант алушы:", bold=True), "<w:r><w:tab/></w:r>", run("«Болашақ» қоғамдық қоры"))
        + p(run("Гранттың тақырыбы:", bold=True), "<w:r><w:tab/></w:r>", run("«Жастардың құқықтық сауаттылығын арттыру»"))
        + p(run("Гранттың сомасы:", bold=True), "<w:r><w:tab/></w:r>", run("12 500 000 теңге"))
        + p(run("1. Орындалған жұмыстар туралы ақпарат", bold=True))
        + tbl(
            tr(tc("№"), tc("Іс-шараның міндеті"), tc("Егжей-тегжейлі жоспарға сәйкес іс-шаралар"), tc("Іс-шараның орындалу мерзімі"),
               tc("Әлеуметтік жобаның өнімдері бойынша нысаналы индикаторларға қол жеткізу деңгейі"), tc("Қатысушылар саны"),
               tc("Сипаттама (есеп тапсыру сәтінде ішінара орындалған болса, орындалған жұмыс сипатталады)"),
               tc("Қоса берілген растайтын құжаттар (фото, сілтемелер және тізімдер)"), tc("Іс-шараның құны")),
            tr(tc("1"), tc("Кемінде 3 тренинг өткізу"), tc("Жастарға арналған 3 тренинг"), tc("2023 жылғы сәуір-мамыр"),
               tc("3 тренинг өткізілді"), tc("75"), tc("Тренингтер Шымкент қаласында өтті."), tc("1. Қатысушылар тізімі", "2. Фотосуреттер"), tc("1 250 000 теңге")),
            tr(tc("2"), tc("Ақпараттық жұмыс"), tc("Медиажоспар"), tc("Сәуір – қараша 2023 жыл"), tc("Медиажоспар әзірленді"), tc(""), tc("Медиажоспар бекітілді."), tc("Медиажоспар"), tc("-")),
            cols=9)
        + p(run("2. Қызметті БАҚ-та, әлеуметтік желілерде жариялау (жарнаманы қоса алғанда)", bold=True))
        + tbl(
            tr(tc("БАҚ, әлеуметтік желілер"), tc("Жарияланымның атауы"), tc("Қамту, деңгей"), tc("Жарияланымдар саны"), tc("Шыққан күні, сілтеме")),
            tr(tc("оның ішінде:"), tc(""), tc(""), tc(""), tc("")),
            tr(tc("Instagram: @bolashak_kz"), tc("Тренинг туралы пост"), tc("1 240"), tc("1"), tc(p("12 сәуірде ", hyperlink("https://www.instagram.com/p/abc/", "rId9")))),
            tr(tc("Серіктестер мен БАҚ жарияланымдары", span=5)),
            tr(tc("Сайт: otyrar.kz"), tc("Жастар тренингі өтті"), tc("530"), tc("1"), tc("https://otyrar.kz/news/1 15 мамыр")),
            cols=5)
        + p(run("3. Белгілі бір іс-әрекет бойынша табыс тарихын жазыңыз (бар болса)", bold=True))
        + p("Тренинг қатысушысы Айгерім өз ауылында жастар клубын ашты.")
        + p("Ержан Сейітов")
        + p("Басшының не оның орынбасарының лауазымы, Т.А.Ә. (бар болса)")
    )

    path = write_docx(tmp_path_factory.mktemp("kk") / "kk_interim.docx", body,
                      links={"rId9": "https://www.instagram.com/p/abc/"})
    return process_file(path)


@pytest.fixture(scope="module")
def ru_variant(tmp_path_factory):
    body = (
        p(run("ИТОГОВЫЙ ПРОГРАММНЫЙ ОТЧЁТ", bold=True))
        + tbl(tr(tc("Грантополучатель:"), tc("ОФ «Ак Жол»")), tr(tc("Тема гранта:"), tc("Поддержка молодёжных инициатив")),
              tr(tc("Сумма гранта:"), tc("2 000 000,00 тг.")), cols=2)
        + p("1. Опишите мероприятия в рамках социального проекта")
        + p("Задача 1. Мероприятие 1: 5-6 октября 2023 года в зале «Достык» прошёл форум, приняли участие 120 человек.")
        + p("")
        + tbl(
            tr(tc("Задача"), tc("Мероприятия в рамках\nзадачи"), tc("Эффект"), tc("Индикаторы", span=2)),
            tr(tc(""), tc(""), tc(""), tc("факт"), tc("план")),
            tr(tc("Задача 1: Вовлечение молодёжи"), tc("Проведение молодёжного форума"), tc("Молодёжь вовлечена"), tc("120"), tc("не менее 100")),
            tr(tc(""), tc(""), tc(""), tc(""), tc("")),
            tr(tc("Итого", span=3), tc("120"), tc("100")),
            cols=5)
        + p("Заполните таблицу, указав социальный и экономический эффекты социального проекта")
        + tbl(
            tr(tc("№"), tc("Индикатор"), tc("Ед. изм."), tc("План"), tc("Факт")),
            tr(tc("1."), tc("Количество прямых бенифициаров, в том числе:"), tc("чел."), tc("100"), tc("120")),
            tr(tc(""), tc("из социально-уязвимых категорий населения"), tc("чел."), tc("10"), tc("12")),
            tr(tc("6."), tc("Фонд оплаты труда"), tc("тенге"), tc("800 000"), tc("800 000")),
            tr(tc("7."), tc("Налоги"), tc("тенге"), tc("88 000"), tc("88 000")),
            tr(tc("8."), tc("Вклад в экономику"), tc("тенге"), tc("1 112 000"), tc("1 112 000")),
            cols=5)
        + p("4. Статистическая информация в разрезе участников социального проекта:")
        + p("Гендерный показатель:")
        + tbl(tr(tc("Количество участников проекта всего"), tc("120")), tr(tc("Мужчины"), tc("50")), tr(tc("Женщины"), tc("70")), cols=2)
    )

    return process_file(write_docx(tmp_path_factory.mktemp("ru") / "ru_variant.docx", body))


def test_kazakh_interim_header(kk_interim):
    r = kk_interim.report
    assert (r.report_type, r.language) == ("interim", "kk")
    assert r.grantee == "«Болашақ» қоғамдық қоры"
    assert r.grant_topic == "Жастардың құқықтық сауаттылығын арттыру"
    assert r.grant_amount_kzt == 12_500_000
    assert (r.agreement_number, r.agreement_date, r.report_year) == ("17", dt.date(2023, 3, 15), 2023)
    assert r.signatory == "Ержан Сейітов"


def test_kazakh_interim_activities(kk_interim):
    a1, a2 = kk_interim.activities
    assert (a1.task_number, a1.task, a1.title) == (1, "Кемінде 3 тренинг өткізу", "Жастарға арналған 3 тренинг")
    assert (a1.date_start, a1.date_end) == (dt.date(2023, 4, 1), dt.date(2023, 5, 31))
    assert (a1.participants_actual, a1.cost_kzt, a1.outcome) == (75, 1_250_000, "3 тренинг өткізілді")
    assert a1.evidence == "1. Қатысушылар тізімі\n2. Фотосуреттер"
    assert (a2.participants_actual, a2.cost_kzt) == (None, None)
    assert (a2.date_start, a2.date_end) == (dt.date(2023, 4, 1), dt.date(2023, 11, 30))


def test_kazakh_interim_publications_and_story(kk_interim):
    own, partner = kk_interim.publications
    assert (own.section, own.platform, own.outlet, own.reach, own.count) == ("own", "instagram", "@bolashak_kz", 1240, 1)
    assert (own.date, own.url, own.title_language) == (dt.date(2023, 4, 12), "https://www.instagram.com/p/abc/", "kk")
    assert (partner.section, partner.platform, partner.outlet) == ("partners_media", "website", "otyrar.kz")
    assert (partner.date, partner.url) == (dt.date(2023, 5, 15), "https://otyrar.kz/news/1")
    (story,) = kk_interim.sections
    assert story.section_key == "success_story"
    assert story.text == "Тренинг қатысушысы Айгерім өз ауылында жастар клубын ашты."
    assert kk_interim.findings == []


def test_russian_final_variant_header_in_a_table(ru_variant):
    r = ru_variant.report
    assert (r.report_type, r.language, r.grantee, r.grant_amount_kzt) == ("final", "ru", "ОФ «Ак Жол»", 2_000_000)
    assert r.report_year == 2023


def test_russian_final_variant_columns_by_label_not_position(ru_variant):
    (act,) = ru_variant.activities
    assert (act.participants_planned, act.participants_actual) == (100, 120)  # "факт" comes before "план"
    assert (act.date_start, act.date_end, act.location) == (dt.date(2023, 10, 5), dt.date(2023, 10, 6), "в зале «Достык»")
    first, total = ru_variant.indicators[:2]
    assert (first.planned, first.actual, first.is_minimum, first.planned_text) == (100, 120, True, "не менее 100")
    assert (total.scope, total.key, total.planned, total.actual) == ("project", "participants_total", 100, 120)


def test_russian_final_variant_effect_table_with_typos(ru_variant):
    keys = [(i.key, i.unit, i.actual) for i in ru_variant.indicators if i.scope == "socio_economic"]
    assert keys == [
        ("direct_beneficiaries", "person", 120),
        ("direct_beneficiaries_vulnerable", "person", 12),
        ("payroll_kzt", "kzt", 800_000),
        ("taxes_kzt", "kzt", 88_000),
        ("economic_contribution_kzt", "kzt", 1_112_000),
    ]


def test_russian_final_variant_transposed_gender_table(ru_variant):
    assert [(d.dimension, d.category, d.count) for d in ru_variant.demographics] == [
        ("total", "all", 120), ("gender", "male", 50), ("gender", "female", 70)
    ]
    missing = sorted(f.value for f in ru_variant.findings if f.code == "section_missing")
    assert missing == ["age", "goal_achievement", "partners", "results", "social_change", "social_status"]
    assert {f.code for f in ru_variant.findings} == {"section_missing"}
