"""The report's header: type, grantee, topic, amount, agreement, signatory.

``read_header`` reads it once into a ``Header``: the title's report type,
every label field with its text as written and its provenance, the
agreement's number and date, the report's year and the signatory; whatever
needs a header field takes it from that object.

Header fields are read from "label: value" lines wherever the form puts
them: paragraphs ("Грантополучатель: …"), a label run and a tab, or a
two-column table whose first cell is the label and whose other cells are
the value (the 2024 edition: «Наименование грантополучателя | …», «Сумма
гранта, тенге | 7 850 000», «Договор | № 112 от 03.04.2024», «Период
реализации | …»); a value on the line after its label is taken too.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from functools import cached_property

import regex

from esep.extract.model import Document, Paragraph, Provenance, Table
from esep.normalize import patterns
from esep.normalize.context import Ctx
from esep.normalize.dates import find_dates
from esep.normalize.labels import Hit, matcher
from esep.normalize.numbers import parse_number
from esep.normalize.text import clean_text, fold_for_match

HEAD_PARAGRAPHS = 60  # where the title and the agreement reference are looked for
_QUOTES = "\"'«»“”„‟‘’‚‛`"


@dataclass(slots=True)
class Line:
    text: str
    prov: Provenance
    cells: tuple[str, ...] = ()  # a table row's non-empty cells; () for a paragraph line


@dataclass(frozen=True, slots=True)
class HeaderValue:
    """A header value as written («ОФ «Шанс»», «7 850 000», «№ 112 от 03.04.2024») and where it was read."""

    text: str
    prov: Provenance


@dataclass(frozen=True)
class Header:
    """The report's header, read once by ``read_header``.

    The label fields (the keys of ``patterns.HEADER_FIELDS``) are None when
    the document does not write them. ``agreement_number`` and
    ``agreement_date`` come from the agreement field, else from the reference
    to the agreement in the first paragraphs; ``report_year`` from the
    agreement's date, else the period's start, else the dates the document
    writes, else its metadata. ``signatory`` is read from ``lines`` when first
    asked for: it scans the lines from the document's end, which a document
    that is no report does not need.
    """

    report_type: str | None  # "interim" | "final" from the title; None when there is no title
    grantee: HeaderValue | None
    grant_topic: HeaderValue | None
    grant_amount: HeaderValue | None
    agreement: HeaderValue | None
    period: HeaderValue | None
    agreement_number: str | None
    agreement_date: dt.date | None
    report_year: int | None
    lines: tuple[Line, ...] = field(repr=False, compare=False)  # the document's lines, read once

    @cached_property
    def signatory(self) -> HeaderValue | None:
        return signatory_of(list(self.lines))

    def fields(self) -> tuple[HeaderValue, ...]:
        """The label fields the document writes."""
        found = (self.grantee, self.grant_topic, self.grant_amount, self.agreement, self.period)
        return tuple(f for f in found if f is not None)

    @property
    def tables(self) -> frozenset[int]:
        """The tables the label fields were read from (they are the header, not report tables)."""
        return frozenset(f.prov.table for f in self.fields() if f.prov.table is not None)


def read_header(doc: Document, ctx: Ctx) -> Header:
    """Read the header once: the title, the label fields, the agreement, the year, the signatory.

    The title's and the labels' languages get their votes in ``ctx``. The
    document's dates are scanned for the year only when neither the
    agreement nor the period gives one (the costliest step).
    """
    first_paragraphs = _first_paragraphs(doc)
    kind = report_type(first_paragraphs, ctx)
    lines = header_lines(doc)
    fields = {key: HeaderValue(text, prov) for key, (text, prov) in header_fields(lines, ctx).items()}
    number, agreement_date = agreement_of_value(fields["agreement"].text) if "agreement" in fields else (None, None)
    if number is None and agreement_date is None:
        number, agreement_date = agreement(first_paragraphs, None)
    period = period_year(fields["period"].text) if "period" in fields else None
    # scanning every cell for dates is the costliest step: only when the agreement gives no year
    years = explicit_years(doc) if agreement_date is None and period is None else []
    return Header(
        report_type=kind,
        grantee=fields.get("grantee"),
        grant_topic=fields.get("grant_topic"),
        grant_amount=fields.get("grant_amount"),
        agreement=fields.get("agreement"),
        period=fields.get("period"),
        agreement_number=number,
        agreement_date=agreement_date,
        report_year=report_year(agreement_date, doc, years, period),
        lines=tuple(lines),
    )


def header_lines(doc: Document) -> list[Line]:
    """Paragraph lines and table rows (cells joined by a tab), in reading order."""
    out: list[Line] = []
    for block in doc.blocks:
        if isinstance(block, Paragraph):
            for part in block.text.split("\n"):
                if part.strip():
                    out.append(Line(part, block.provenance))
        elif isinstance(block, Table):
            for r, row in enumerate(block.rows):
                texts = [c.text for c in row.cells if c.text.strip()]
                if texts:
                    out.append(Line("\t".join(texts), block.provenance(r), tuple(texts)))
    return out


def report_type(first_paragraphs: list[Paragraph], ctx: Ctx) -> str | None:
    """'interim'|'final'|None from the title near the top; the title's language gets a vote."""
    head = " ".join(p.text for p in first_paragraphs)
    hits = matcher("REPORT_TITLES").hits(head)
    if not hits:
        return None
    first = min(hits, key=lambda h: (h.start, -h.score))
    ctx.vote(first.lang, 3)
    return first.key


def _first_paragraphs(doc: Document, n: int = HEAD_PARAGRAPHS) -> list[Paragraph]:
    out = []
    for block in doc.blocks:
        if isinstance(block, Paragraph) and block.text.strip():
            out.append(block)
            if len(out) >= n:
                break
    return out


def strip_quotes(text: str) -> str:
    return text.strip().strip(_QUOTES).strip()


def _after_label(text: str, hit_end_folded: int, folded: str) -> str:
    """The raw text that follows a label matched in the folded text."""
    # Map the folded end position back to the raw text by counting label words.
    words = len(folded[:hit_end_folded].split())
    raw = clean_text(text.replace("\t", " \t "))
    parts = regex.split(r"(\s+)", raw)
    count, i = 0, 0
    while i < len(parts) and count < words:
        if parts[i].strip() and regex.search(r"[\p{L}\p{N}]", parts[i]):
            count += 1
        i += 1
    rest = "".join(parts[i:])
    return rest.lstrip(" :\t-–—").strip()


_ROW_NUMBER_CELL = regex.compile(r"^\s*(?:№\s*)?\d{0,2}\s*[.)]?\s*$")


def _label_cells(line: Line) -> tuple[str, ...]:
    """A table row's cells from its label on: a leading row number («1.», «№») is not the label."""
    cells = line.cells
    while len(cells) > 2 and _ROW_NUMBER_CELL.match(cells[0]):
        cells = cells[1:]
    return cells


def _label_cell_value(line: Line, m) -> tuple[Hit, str] | None:
    """(hit, value) when a table row's first cell is a label and the other cells its value."""
    cells = _label_cells(line)
    if len(cells) < 2:
        return None
    label = cells[0]
    hit = m.at_start(label)
    folded = fold_for_match(label)
    if hit is None or len(folded) > hit.end + 3:  # the cell is the label, not a sentence opening with it
        return None
    return hit, clean_text(" ".join(cells[1:]))


def _separated(text: str, hit, folded: str) -> bool:
    """The label stands alone: a colon or a tab follows it (for labels that are common words)."""
    words = len(folded[:hit.end].split())
    return regex.match(r"^\W*(?:\w+\W+){%d}\w+\s*[:\t]" % max(words - 1, 0), text) is not None


_LABEL_END = regex.compile(r"[:\t]")
_WORD_STARTS = regex.compile(r"(?<![\p{L}\p{N}])[\p{L}\p{N}]")
MAX_LABEL_WORDS = 6


def label_segments(text: str, m) -> list[str]:
    """``text`` cut before every header label that ends in «:» or a tab inside it: a PDF
    may join «Тема гранта: … Сумма гранта: 29 364 470 тенге» into one paragraph."""
    cuts = []
    for end in _LABEL_END.finditer(text):
        starts = [w.start() for w in _WORD_STARTS.finditer(text, 0, end.start())][-MAX_LABEL_WORDS:]
        for start in starts:  # the longest label ending at this colon
            if start == 0:
                break
            candidate = text[start:end.start()]
            hit = m.at_start(candidate, slack=0)
            if hit is not None and hit.end >= len(fold_for_match(candidate)) - 1:
                cuts.append(start)
                break
    bounds = [0, *sorted(set(cuts)), len(text)]
    return [text[a:b].strip() for a, b in zip(bounds, bounds[1:]) if text[a:b].strip()]


def header_fields(lines: list[Line], ctx: Ctx) -> dict[str, tuple[str, Provenance]]:
    """{field: (value text, provenance)} for the keys of ``patterns.HEADER_FIELDS``."""
    m = matcher("HEADER_FIELDS")
    found: dict[str, tuple[str, Provenance]] = {}
    for i, line in enumerate(lines[:400]):
        if len(found) == len(patterns.HEADER_FIELDS):
            break
        cell = _label_cell_value(line, m)
        if cell is not None:
            _take(found, ctx, cell[0], cell[1], line.prov)
            continue
        text = line.cells[0] if line.cells else line.text
        segments = label_segments(text, m)
        for segment in segments[1:]:  # labels the paragraph holds after its first
            hit = m.at_start(segment)
            if hit is not None:
                _take(found, ctx, hit, _after_label(segment, hit.end, fold_for_match(segment)), line.prov)
        text = segments[0] if segments else text
        hit = m.at_start(text)
        if hit is None or hit.key in found:
            continue
        folded = fold_for_match(text)
        if hit.key in patterns.HEADER_FIELDS_NEED_SEPARATOR and not _separated(text, hit, folded):
            continue
        value = _after_label(text, hit.end, folded)
        if not value and len(line.cells) <= 1:
            # the value is on the next line, unless that line is a label itself
            nxt = lines[i + 1] if i + 1 < len(lines) else None
            if nxt is not None and m.at_start(nxt.text) is None:
                value = clean_text(nxt.text)
        _take(found, ctx, hit, value, line.prov)
    return found


def _take(found: dict[str, tuple[str, Provenance]], ctx: Ctx, hit: Hit, value: str | None, prov: Provenance) -> None:
    if value and hit.key not in found:
        ctx.vote(hit.lang, 2)
        found[hit.key] = (value, prov)


_NUMBER_SIGN = regex.compile(r"№\s*([0-9][0-9A-Za-zА-Яа-я/\-.]*[0-9A-Za-zА-Яа-я]|[0-9]+)")


_BARE_NUMBER = regex.compile(r"^\s*([0-9][0-9A-Za-zА-Яа-я/\-]*)\s+(?:от|жылғы)\b")


def agreement_of_value(value: str) -> tuple[str | None, object | None]:
    """(number, date) from the value of an agreement field: «№ 112 от 03.04.2024»."""
    text = clean_text(value)
    number = _NUMBER_SIGN.search(text) or _BARE_NUMBER.match(text)
    dates = [d for d in find_dates(text, None) if d.start and not d.year_assumed]
    return (number.group(1) if number else None), (dates[0].start if dates else None)


def period_year(value: str | None) -> int | None:
    """The year the «Период реализации» starts in («03.04.2024 – 30.11.2024» -> 2024)."""
    dates = [d for d in find_dates(clean_text(value), None) if d.start and not d.year_assumed] if value else []
    return dates[0].start.year if dates else None


def agreement(first_paragraphs: list[Paragraph], year_hint: int | None) -> tuple[str | None, object | None]:
    """(agreement number, agreement date) from the reference to the grant agreement."""
    head = clean_text(" ".join(p.text for p in first_paragraphs))
    folded_head = head.lower()
    for lang, words in patterns.AGREEMENT_CONTEXT.items():
        for word in words:
            for m in regex.finditer(regex.escape(word), folded_head):
                if lang == "ru":
                    window = head[m.end(): m.end() + 160]
                else:
                    window = head[max(0, m.start() - 160): m.start()]
                number = _NUMBER_SIGN.search(window)
                if lang != "ru" and number:
                    # the last "№ N" before "шартқа" is the agreement's
                    number = list(_NUMBER_SIGN.finditer(window))[-1]
                dates = [d for d in find_dates(window, year_hint) if d.start and not d.year_assumed]
                if number or dates:
                    day = dates[-1].start if lang != "ru" and dates else (dates[0].start if dates else None)
                    return (number.group(1) if number else None), day
    return None, None


def signatory_of(lines: list[Line]) -> HeaderValue | None:
    """The name on or next to the last signature label outside the tables, with its line's provenance."""
    m = matcher("SIGNATURE_LABELS")
    for i in range(len(lines) - 1, -1, -1):
        line = lines[i]
        if line.prov.table is not None:
            continue
        hit = m.best(line.text)
        if hit is None or hit.start > 5:
            continue
        # a name written on the label's own line, after the label
        rest = _after_label(line.text, hit.end, fold_for_match(line.text)).strip(" :_-–—()")
        if rest and regex.search(r"\p{L}{2,}", rest) and not m.best(rest):
            return HeaderValue(rest, line.prov)
        for j in (i - 1, i + 1):
            if 0 <= j < len(lines) and lines[j].prov.table is None:
                cand = clean_text(lines[j].text).strip(" _*")
                if cand and len(cand) <= 80 and not m.best(cand) and regex.search(r"\p{L}{2,}", cand):
                    if not matcher("SECTION_HEADINGS").best(cand):
                        return HeaderValue(cand, lines[j].prov)
        return None
    return None


def report_year(agreement_date, doc: Document, dates_seen: list[int], period: int | None = None) -> int | None:
    if agreement_date is not None:
        return agreement_date.year
    if period is not None:
        return period
    if dates_seen:
        return Counter(dates_seen).most_common(1)[0][0]
    created = doc.metadata.get("created") or doc.metadata.get("modified")
    if created and created[:4].isdigit():
        return int(created[:4])
    return None


def explicit_years(doc: Document, limit: int = 400, enough: int = 12) -> list[int]:
    """Years of the explicit (year-bearing) dates in the first paragraphs and cells.

    Stops after ``enough`` dates: the most common year of a dozen is the answer,
    and reading every cell of a long table for dates is the costliest thing
    normalisation would otherwise do.
    """
    years: list[int] = []
    texts = [p.text for p in doc.paragraphs()][:limit]
    for table in doc.tables():
        for cell in table.cells():
            texts.append(cell.text)
            if len(texts) > 2 * limit:
                break
    for text in texts:
        if not regex.search(r"(?:19|20)\d\d", text):
            continue
        for d in find_dates(text, None):
            if d.start and not d.year_assumed and 1990 <= d.start.year <= 2100:
                years.append(d.start.year)
        if len(years) >= enough:
            break
    return years


def amount(value: str, prov: Provenance, ctx: Ctx) -> int | None:
    parsed = parse_number(value)
    if parsed.status == "number" and parsed.value is not None and parsed.unit in (None, "kzt"):
        return int(round(parsed.value))
    ctx.finding("unparsed_number", "The grant amount could not be read as a sum in tenge.", prov, value)
    return None
