"""esep report: the summary page of a dataset, read as HTML and opened in
headless Chromium with the network cut off."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote

import pytest
from click.testing import CliRunner
from PIL import Image

from esep.cli import main
from tests.browser import visit
from tests.sample_dataset import BROKEN, ingest_samples, mark_copy

BLUE, GREEN = (0x00, 0x72, 0xB2), (0x00, 0x9E, 0x73)  # plan / first series, age pyramid


class Tags(HTMLParser):
    """Every start tag with its attributes."""

    def __init__(self):
        super().__init__()
        self.tags: list[tuple[str, dict]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))


def tags(html: str) -> list[tuple[str, dict]]:
    parser = Tags()
    parser.feed(html)
    return parser.tags


@pytest.fixture(scope="module")
def dataset(tmp_path_factory) -> Path:
    dataset = ingest_samples(tmp_path_factory.mktemp("report"))
    # the interim report is there twice: count its PDF, whose findings have pages
    mark_copy(dataset, "interim_gamo.docx", "interim_gamo.pdf")
    return dataset


@pytest.fixture(scope="module")
def pages(dataset, tmp_path_factory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("pages")
    written = {}
    for lang in ("ru", "kk", "en"):
        path = out / f"summary-{lang}.html"
        args = ["report", str(dataset), "-o", str(path)] + ([] if lang == "ru" else ["--lang", lang])
        result = CliRunner().invoke(main, args)
        assert result.exit_code == 0, result.output
        written[lang] = path
    return written


def kpi(html: str, name: str) -> str:
    m = re.search(rf'data-kpi="{name}"><b>([^<]*)</b>', html)
    assert m, name
    return m.group(1).replace("\u202f", "").replace(",", "")


def test_each_report_is_counted_once(pages):
    html = pages["ru"].read_text(encoding="utf-8")
    assert kpi(html, "kpi_reports") == "3"  # four report rows, one of them a copy
    assert "таких копий: 1." in html
    # the copy's rows, findings and file link are left out (the PDF's same_report finding may name it)
    assert ">interim_gamo.pdf<" in html and 'href="reports/interim_gamo.docx' not in html
    # participants: 595 (Эко Мангистау) + 505 (Жасыл Дала) + 266 (ГАМО, once)
    assert kpi(html, "kpi_participants") == str(595 + 505 + 266)


def test_page_shows_failed_files_with_their_reason(pages):
    html = pages["en"].read_text(encoding="utf-8")
    failed = html[html.index('<table class="failed">'):]
    failed = failed[: failed.index("</table>")]
    assert f">{BROKEN}<" in failed and "PDF" in failed


def test_links_lead_to_the_source_files_and_findings_to_their_pages(pages, dataset):
    page = pages["ru"]
    html = page.read_text(encoding="utf-8")
    hrefs = [a["href"] for tag, a in tags(html) if tag == "a" and not a["href"].startswith("#")]
    assert hrefs
    for href in hrefs:
        target = (page.parent / unquote(href.split("#")[0])).resolve()
        assert target.is_file(), href
    on_pages = [h for h in hrefs if "#page=" in h]
    assert on_pages and all(h.startswith("../") and h.split("#")[0].endswith("interim_gamo.pdf") for h in on_pages)
    assert "#page=7" in html  # reach_count_swapped rows of the interim report's table on page 7


def test_page_is_self_contained(pages):
    for page in pages.values():
        html = page.read_text(encoding="utf-8")
        found = tags(html)
        assert not [t for t, _ in found if t in ("script", "link", "img", "iframe", "object", "embed")]
        assert all(not a.get("src") for _, a in found)
        assert all(not a.get("href", "").startswith(("http:", "https:", "//")) for _, a in found)
        assert "Content-Security-Policy" in html and "default-src 'none'" in html
        assert not re.search(r"url\((?!#)", html) and "@import" not in html


def test_every_figure_says_what_it_counts_and_has_its_numbers(pages):
    html = pages["en"].read_text(encoding="utf-8")
    figures = re.findall(r'<figure id="([^"]+)" class="chart-figure">(.*?)</figure>', html, flags=re.S)
    assert {f for f, _ in figures} >= {"fig-year-type", "fig-language", "fig-region", "fig-plan", "fig-reach",
                                       "fig-gender", "fig-age", "fig-status", "fig-findings"}
    for ident, body in figures:
        assert '<p class="counts"><b>Counts:</b>' in body, ident
        assert "<svg" in body and "<table>" in body, ident
    age = dict(figures)["fig-age"]
    assert "not split by gender" in age and ">13-16<" in age


@pytest.mark.parametrize("lang, words", [
    ("ru", ["Сводка по отчётам", "Возрастная пирамида", "Мангистауская обл."]),
    ("kk", ["Гранттар бойынша есептердің жиынтығы", "Жас пирамидасы", "Түркістан облысы", "қорытынды"]),
    ("en", ["Summary of the grant reports", "Age pyramid", "Mangystau Region"]),
])
def test_languages(pages, lang, words):
    html = pages[lang].read_text(encoding="utf-8")
    assert f'<html lang="{lang}">' in html
    for word in words:
        assert word in html
    assert "«Жасыл Дала» қоғамдық бірлестігі" in html  # data stays as written


def test_page_in_chromium_renders_its_charts_and_makes_no_request(pages, tmp_path):
    shot = tmp_path / "summary.png"
    seen = visit(pages["ru"], screenshot=shot, size=(1280, 4000))
    assert seen.page_requests == []
    assert seen.dom.count('<svg class="chart"') == 9
    assert kpi(seen.dom, "kpi_reports") == "3" and "Замечания по кодам" in seen.dom
    image = Image.open(shot).convert("RGB")
    assert image.size == (1280, 4000)
    colours = image.getcolors(maxcolors=1 << 20)
    counts = {rgb: n for n, rgb in colours}
    assert counts.get(BLUE, 0) > 5000 and counts.get(GREEN, 0) > 5000  # the bars were painted
    assert len(colours) > 50  # text and charts, not a blank page


def test_the_request_check_sees_a_page_that_asks_for_something(tmp_path):
    page = tmp_path / "asks.html"
    page.write_text('<!DOCTYPE html><p>x</p><img src="http://example.invalid/pixel.png">', encoding="utf-8")
    seen = visit(page)
    assert seen.page_requests == ["http://example.invalid/pixel.png"]


def test_bad_input_is_one_line_and_status_1(dataset, tmp_path):
    runner = CliRunner()
    missing = runner.invoke(main, ["report", str(tmp_path / "nothing"), "-o", str(tmp_path / "s.html")])
    assert missing.exit_code == 1 and missing.output.strip().count("\n") == 0
    assert "nothing: no such folder" in missing.output
    nowhere = tmp_path / "no-such-dir" / "s.html"
    unwritable = runner.invoke(main, ["report", str(dataset), "-o", str(nowhere)])
    assert unwritable.exit_code == 1 and unwritable.output.strip().count("\n") == 0
    assert "no-such-dir/s.html: cannot write the page" in unwritable.output
    assert "Traceback" not in missing.output + unwritable.output


def test_help_ends_with_examples():
    result = CliRunner().invoke(main, ["report", "--help"])
    assert result.exit_code == 0
    assert result.output.rstrip().endswith(
        "Examples:\n    esep report dataset -o summary.html\n    esep report dataset -o summary-kk.html --lang kk\n"
        "    esep report dataset -o /srv/share/summary.html --source-root /srv/reports")


def test_plan_chart_keeps_the_largest_reports_and_the_table_all(dataset):
    from dataclasses import replace

    from esep.outputs.dataset import open_dataset
    from esep.outputs.figures import summarise
    from esep.outputs.html import Linker
    from esep.outputs.page import PLAN_BARS, Page

    summary = summarise(open_dataset(str(dataset)))
    first = summary.plan[0]
    summary.plan = [replace(first, planned=i, actual=i + 1, report=replace(first.report, report_id=f"r{i}"))
                    for i in range(PLAN_BARS + 20)]
    html = Page(summary, "en", Linker(None, str(dataset)), dataset="d", meta={}, version="1").document()
    chart = re.search(r'<figure id="fig-plan".*?</figure>', html, re.S).group(0)
    assert chart.count("<tr>") == PLAN_BARS + 1  # the header and the largest reports
    assert f"the {PLAN_BARS} reports with the largest figures of {PLAN_BARS + 20}" in chart
    assert ">59<" in chart and ">0<" not in chart.split("<details>")[1]
    plan_table = html[html.index('<table class="plan">'):]
    assert plan_table[: plan_table.index("</table>")].count("<tr>") == PLAN_BARS + 21
