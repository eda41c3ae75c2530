"""Quality checks: each fires on data built to trip it and stays silent on consistent data."""

from __future__ import annotations

import datetime as dt

import pytest

from esep.extract.model import Document, Provenance
from esep.normalize.checks import run_checks
from esep.normalize.context import Ctx
from esep.normalize.dataset_checks import dataset_findings
from esep.schemas import Activity, Demographic, Indicator, Publication, Report, ReportBundle, Section

NOW = dt.datetime(2026, 1, 1, tzinfo=dt.timezone.utc)
FINAL_KINDS = ("results", "effect", "gender", "social_status", "age", "partners")


def consistent() -> tuple[ReportBundle, Ctx]:
    """A final report whose figures all reconcile (modelled on the seed's good parts)."""
    report = Report(report_id="r1", source_file="a.docx", source_sha256="0" * 64, source_format="docx",
                    report_type="final", grant_amount_kzt=5_000_000, report_year=2022,
                    parser_version="t", extracted_at=NOW)
    ind = lambda **kw: Indicator(source_table=1, **kw)  # noqa: E731
    indicators = [
        ind(scope="activity", activity_seq=1, name="Церемония", key="participants", planned=350, actual=350, source_row=2),
        ind(scope="activity", activity_seq=2, name="Квест", key="participants", planned=100, actual=166, source_row=3),
        ind(scope="activity", activity_seq=3, name="Тренинг", key="participants", planned=100, actual=79, source_row=4),
        ind(scope="project", name="ИТОГО", key="participants_total", planned=550, actual=595, source_row=5),
        Indicator(scope="socio_economic", name="прямые", key="direct_beneficiaries", planned=550, actual=595, source_table=2, source_row=1),
        Indicator(scope="socio_economic", name="ФОТ", key="payroll_kzt", planned=1_260_000, actual=1_260_000, source_table=2, source_row=8),
        Indicator(scope="socio_economic", name="Налоги", key="taxes_kzt", planned=162_990, actual=162_990, source_table=2, source_row=9),
        Indicator(scope="socio_economic", name="Вклад", key="economic_contribution_kzt", planned=3_577_010, actual=3_577_010, source_table=2, source_row=10),
    ]
    # the third activity falls short: make the plan met for the consistent case
    indicators[2] = ind(scope="activity", activity_seq=3, name="Тренинг", key="participants", planned=100, actual=100, source_row=4)
    indicators[3] = ind(scope="project", name="ИТОГО", key="participants_total", planned=550, actual=616, source_row=5)
    indicators[4] = Indicator(scope="socio_economic", name="прямые", key="direct_beneficiaries", planned=550, actual=616, source_table=2, source_row=1)
    demo = [
        Demographic(dimension="total", category="all", label="всего", count=616, source_table=3, source_row=1),
        Demographic(dimension="gender", category="male", label="Мужчин", count=200, source_table=3, source_row=1),
        Demographic(dimension="gender", category="female", label="Женщин", count=416, source_table=3, source_row=1),
        Demographic(dimension="social_status", category="elderly", label="Люди старшего возраста (от 50 лет и старше)", count=100, source_table=4, source_row=1),
        Demographic(dimension="social_status", category="youth", label="Молодежь", count=516, source_table=4, source_row=1),
        Demographic(dimension="age", category="17-22", label="17-22", age_min=17, age_max=22, count=316, source_table=5, source_row=1),
        Demographic(dimension="age", category="23-45", label="23-45", age_min=23, age_max=45, count=200, source_table=5, source_row=1),
        Demographic(dimension="age", category="46-58", label="46-58", age_min=46, age_max=58, count=60, source_table=5, source_row=1),
        Demographic(dimension="age", category="59+", label="59+", age_min=59, count=40, source_table=5, source_row=1),
    ]
    pubs = [Publication(section="own", platform="facebook", reach=327, count=1, date=dt.date(2022, 4, 13),
                        url="https://www.facebook.com/x/posts/1", source_table=6, source_row=2)]
    acts = [Activity(activity_seq=i, title=f"a{i}", cost_kzt=1_000_000, date_start=dt.date(2022, 6, i),
                     date_end=dt.date(2022, 6, i), source_table=1, source_row=i + 1) for i in (1, 2, 3)]
    sections = [Section(section_key=k, heading=k, text="Все мероприятия проведены в полном объеме.") for k in
                ("activities_narrative", "goal_achievement", "social_change", "results")]
    bundle = ReportBundle(report=report, activities=acts, indicators=indicators, demographics=demo,
                          publications=pubs, sections=sections)
    ctx = Ctx(Document("a.docx", "docx", []), report_year=2022)
    ctx.demo_totals = [("gender", 616, Provenance(table=3, row=1)), ("social_status", 616, Provenance(table=4, row=1)),
                       ("age", 616, Provenance(table=5, row=1))]
    return bundle, ctx


def codes(bundle, ctx, kinds=FINAL_KINDS) -> list[str]:
    run_checks(bundle, ctx, kinds)
    return sorted(f.code for f in ctx.findings)


def test_consistent_report_has_no_findings():
    bundle, ctx = consistent()
    assert codes(bundle, ctx) == []


def test_demographics_sum_mismatch():
    bundle, ctx = consistent()
    bundle.demographics[2].count = 400  # 200 + 400 != 616
    found = codes(bundle, ctx)
    assert "demographics_sum_mismatch" in found
    f = next(f for f in ctx.findings if f.code == "demographics_sum_mismatch")
    assert f.source_table == 3 and "600" in f.value and "616" in f.value


def test_demographics_total_mismatch_between_tables_and_with_beneficiaries():
    bundle, ctx = consistent()
    ctx.demo_totals[2] = ("age", 600, Provenance(table=5, row=1))
    bundle.indicators[4].actual = 700
    run_checks(bundle, ctx, FINAL_KINDS)
    found = [f for f in ctx.findings if f.code == "demographics_total_mismatch"]
    assert len(found) == 2
    assert {f.value for f in found} == {"600 ≠ 616", "616 ≠ 700"}


def test_demographics_contradiction_like_the_seed():
    bundle, ctx = consistent()
    bundle.demographics[3].count = 426  # 426 aged 50+, but only 60 + 40 in 46-58 and 59+
    bundle.demographics[4].count = 190
    found = codes(bundle, ctx)
    assert found.count("demographics_contradiction") == 1
    f = next(f for f in ctx.findings if f.code == "demographics_contradiction")
    assert f.value == "elderly 426 > 46-58 60 + 59+ 40 = 100"


def test_elderly_threshold_is_read_from_the_label():
    bundle, ctx = consistent()
    bundle.demographics[3].label = "Люди пожилого возраста (60 жастан бастап)"
    bundle.demographics[3].count = 90  # only the 59+ bracket (40) can hold people of 60 and over
    codes(bundle, ctx)
    f = next(f for f in ctx.findings if f.code == "demographics_contradiction")
    assert f.value == "elderly 90 > 59+ 40 = 40"


def test_plan_not_met_and_claim_and_total():
    bundle, ctx = consistent()
    bundle.indicators[2].actual = 27  # 27 of 100; the ИТОГО still says 616
    found = codes(bundle, ctx)
    assert found.count("plan_not_met") == 1
    assert found.count("claim_contradicts_table") == 1
    assert found.count("total_mismatch") == 1
    total = next(f for f in ctx.findings if f.code == "total_mismatch")
    assert total.value == "350 + 166 + 27 = 543 ≠ 616"


def test_budget_mismatch_and_cost_exceeds_grant():
    bundle, ctx = consistent()
    bundle.indicators[7].actual = 3_500_000
    bundle.activities[0].cost_kzt = 4_000_000
    found = codes(bundle, ctx)
    assert found.count("budget_mismatch") == 1
    assert found.count("cost_exceeds_grant") == 1


@pytest.mark.parametrize(
    "change,code",
    [
        (dict(reach=1, count=152), "reach_count_swapped"),
        (dict(url="https://www.instagram.com/p/x"), "platform_link_mismatch"),
        (dict(date=dt.date(2021, 12, 30)), "date_out_of_period"),
    ],
)
def test_publication_checks(change, code):
    bundle, ctx = consistent()
    for k, v in change.items():
        setattr(bundle.publications[0], k, v)
    assert codes(bundle, ctx) == [code]


def test_section_missing():
    bundle, ctx = consistent()
    bundle.sections = bundle.sections[:2]
    found = codes(bundle, ctx, kinds=("results", "effect", "gender", "social_status", "age"))
    assert found == ["section_missing"] * 3


def test_dataset_checks():
    def rep(rid, file, kind, number, grantee="НУ «Эко»", amount=5_000_000):
        return dict(report_id=rid, source_file=file, report_type=kind, agreement_number=number,
                    grantee=grantee, grant_topic="Тема", grant_amount_kzt=amount)

    reports = [rep("i", "a/interim.pdf", "interim", "43"), rep("f", "b/final.docx", "final", "43")]
    assert dataset_findings(reports, [], [], []) == []  # interim + final of one grant: fine
    reports.append(rep("p", "a/interim.docx", "interim", "43"))  # the same report in another format
    assert dataset_findings(reports, [], [], []) == []
    reports.append(rep("x", "c/other.docx", "interim", "43", grantee="ОЮЛ «Другой»"))
    dup = dataset_findings(reports, [], [], [])
    assert sorted(f["report_id"] for f in dup if f["code"] == "duplicate_agreement") == ["f", "i", "p", "x"]
    reports = [rep("i", "interim.pdf", "interim", "43"), rep("f", "final.docx", "final", "43", amount=4_000_000)]
    acts = [dict(report_id="i", participants_actual=300), dict(report_id="i", participants_actual=200)]
    demo = [dict(report_id="f", dimension="total", count=450)]
    found = dataset_findings(reports, acts, demo, [])
    assert sorted(f["code"] for f in found) == ["interim_final_mismatch"] * 4
