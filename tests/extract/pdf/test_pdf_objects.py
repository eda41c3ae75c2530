"""extract.pdf.objects: the faster character objects equal pdfplumber's."""

from __future__ import annotations

import pdfplumber
import pytest
from pdfplumber.page import Page

from esep.extract.pdf.objects import FastCharPage, speed_up
from tests.conftest import FOREIGN, SAMPLES

PAGES_PER_FILE = 4  # enough to meet every font/colour-space a file uses on its first pages


def _pdfs():
    found = sorted((FOREIGN / "pdfplumber-tests").rglob("*.pdf")) + sorted(SAMPLES.glob("*.pdf"))
    return [p for p in found if p.stat().st_size < 8_000_000]


def _open_pages(path):
    try:
        pdf = pdfplumber.open(path)
        return pdf, pdf.pages[:PAGES_PER_FILE]
    except Exception:  # encrypted or broken: the reader's tests cover those
        return None, []


def test_the_corpus_is_there():
    assert len(_pdfs()) >= 30


@pytest.mark.parametrize("path", _pdfs(), ids=lambda p: p.name)
def test_same_objects_as_pdfplumber(path):
    pdf, pages = _open_pages(path)
    if pdf is None:
        pytest.skip("pdfplumber cannot open it")
    compared = 0
    try:
        for page in pages:
            try:
                slow = page.parse_objects()
            except Exception:
                continue
            page.__class__ = FastCharPage
            fast = page.parse_objects()
            page.__class__ = Page
            assert fast.keys() == slow.keys()
            for kind in slow:
                assert fast[kind] == slow[kind], (kind, page.page_number)
                # same keys in the same order, as a DataFrame or a dump would show them
                assert [list(o) for o in fast[kind]] == [list(o) for o in slow[kind]]
            compared += len(slow.get("char", []))
    finally:
        pdf.close()
    if compared == 0:
        pytest.skip("no characters on the first pages")


def test_speed_up_switches_only_plain_pages():
    path = SAMPLES / "interim_gamo.pdf"
    with pdfplumber.open(path) as pdf:
        page = pdf.pages[0]
        assert speed_up(page) is page and type(page) is FastCharPage
        assert page.chars and page.chars[0]["object_type"] == "char"
        cropped = page.crop((0, 0, page.width / 2, page.height / 2))
        assert speed_up(cropped) is cropped and type(cropped) is not FastCharPage
        assert all(c["x0"] < page.width / 2 + 1 for c in cropped.chars)
