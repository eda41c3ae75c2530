"""Paragraphs of a text PDF: where one ends, where one goes on (extract/pdf_reader.py),
and words a narrow column cut in two (extract/pdf_cuts.py)."""

from __future__ import annotations

import pytest

from esep.extract.pdf.cuts import CUT_STRONG, CUT_WEAK, resolve_cuts, vocabulary
from esep.extract.pdf.reader import read_pdf
from tests.pdf_factory import PdfBuilder, dejavu_available

pytestmark = pytest.mark.skipif(not dejavu_available(), reason="DejaVu fonts (setup installs fonts-dejavu-core)")

LEFT, RIGHT, SIZE, LEADING = 60.0, 480.0, 11.0, 14.0
WORDS = ("грантополучатель провел тренинги семинары встречи для журналистов пресс-служб "
         "государственных органов области согласно детальному плану проекта").split()


def justified(b: PdfBuilder, top: float, paragraphs: list[list[str]], bold_first: bool = False,
              goes_on: bool = False) -> float:
    """Draw paragraphs as a word processor justifies them: every line but a
    paragraph's last stretched from LEFT to RIGHT (the last too when the
    paragraph ``goes_on`` on the next page)."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    font = b.font
    for para in paragraphs:
        lines, cur = [], []
        for w in para:
            if cur and stringWidth(" ".join(cur + [w]), font, SIZE) > RIGHT - LEFT:
                lines.append(cur)
                cur = [w]
            else:
                cur.append(w)
        lines.append(cur)
        for i, line in enumerate(lines):
            bold = bold_first and i == 0
            if (i == len(lines) - 1 and not goes_on) or len(line) == 1:
                b.text(LEFT, top, " ".join(line), size=SIZE, bold=bold)
            else:
                widths = [stringWidth(w, b.bold_font if bold else font, SIZE) for w in line]
                gap = (RIGHT - LEFT - sum(widths)) / (len(line) - 1)
                x = LEFT
                for w, wd in zip(line, widths):
                    b.text(x, top, w, size=SIZE, bold=bold)
                    x += wd + gap
            top += LEADING
    return top


def _paragraphs(path) -> list[str]:
    return [p.text for p in read_pdf(path).paragraphs()]


def test_justified_paragraph_ends_where_its_line_stops_short(tmp_path):
    """The next word would not have fitted, but a justified line that stops short of
    the edge is its paragraph's last: two paragraphs, not one."""
    first = WORDS * 2 + ["итог"]
    second = ["Второй"] + WORDS
    b = PdfBuilder(tmp_path / "j.pdf", font="DejaVu")
    b.new_page()
    justified(b, 60, [first, second, WORDS, WORDS])
    b.save()
    texts = _paragraphs(tmp_path / "j.pdf")
    assert len(texts) == 4
    assert texts[0].endswith("итог") and texts[1].startswith("Второй")


def test_paragraph_goes_on_over_a_page_break(tmp_path):
    """A paragraph whose last line on a page is full goes on at the top of the next."""
    b = PdfBuilder(tmp_path / "p.pdf", font="DejaVu")
    b.new_page()
    words = WORDS * 3
    # fill the page with body text, then the paragraph that breaks
    top = justified(b, 60, [WORDS] * 8)
    justified(b, top, [words[:14]], goes_on=True)  # its last line on the page is stretched: it goes on
    b.new_page()
    b.text(LEFT, 60, "журналистов и завершился.", size=SIZE)
    justified(b, 60 + LEADING * 2, [WORDS, WORDS])
    b.save()
    texts = _paragraphs(tmp_path / "p.pdf")
    joined = [t for t in texts if "завершился" in t]
    assert joined and joined[0].startswith(" ".join(words[:3])), texts


def test_heading_running_over_two_lines_stays_one_paragraph(tmp_path):
    """«2. Достижение цели (… о» / «достижении цели): ____»: a bold run going on to the
    next line, which then turns regular, is one paragraph."""
    b = PdfBuilder(tmp_path / "h.pdf", font="DejaVu")
    b.new_page()
    top = justified(b, 60, [WORDS, WORDS])
    b.text(LEFT, top, "2. Достижение цели (описание фактов и указание аргументов о", size=SIZE, bold=True)
    w = b.text(LEFT, top + LEADING, "достижении цели):", size=SIZE, bold=True)
    b.text(LEFT + w + 3, top + LEADING, "__________", size=SIZE)
    b.text(LEFT, top + 3 * LEADING, "Обычный текст после заголовка.", size=SIZE)
    b.save()
    texts = _paragraphs(tmp_path / "h.pdf")
    assert any(t.startswith("2. Достижение цели") and "достижении цели):" in t for t in texts), texts


# ----------------------------------------------------------------- cut words

def test_word_cut_twice_is_rebuilt_from_a_longer_word_of_the_document():
    vocab = vocabulary(["с привлечением высококвалифицированных специалистов"])
    text = f"высококва{CUT_STRONG}лифициров{CUT_STRONG}анных"
    assert resolve_cuts(text, vocab) == "высококвалифицированных"


def test_word_with_another_ending_elsewhere_is_glued_by_its_stem():
    vocab = vocabulary(["работников государственных органов"])
    assert resolve_cuts(f"Госуд{CUT_STRONG}арств{CUT_STRONG}енные служащие", vocab) == "Государственные служащие"


def test_a_word_and_a_letter_more_is_no_evidence():
    """«законодательства а РК» (the seed's own typo): «а» stays a word."""
    vocab = vocabulary(["нормы законодательства", "а также"])
    assert resolve_cuts(f"законодательства{CUT_STRONG}а РК", vocab) == "законодательства а РК"


def test_cut_without_evidence_keeps_its_space():
    assert resolve_cuts(f"Безра{CUT_STRONG}ботные", vocabulary(["совсем другие слова"])) == "Безра ботные"
    assert resolve_cuts(f"пресс{CUT_WEAK}служб", vocabulary([])) == "пресс служб"


def test_number_cut_inside_a_digit_group_is_glued():
    """«1 877 057» held together by no-break spaces, cut by a narrow column: «1 877 0» / «57»."""
    vocab = vocabulary([])
    assert resolve_cuts(f"1 877 0{CUT_WEAK}57 тенге", vocab) == "1 877 057 тенге"
    assert resolve_cuts(f"1 877{CUT_WEAK}057 тенге", vocab) == "1 877 057 тенге"  # a whole group: its space
