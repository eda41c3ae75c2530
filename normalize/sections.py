"""Narrative sections of a report, and the activity items in them.

The document's paragraphs are cut at section headings (``patterns.
SECTION_HEADINGS``).  A heading is a paragraph that *starts* with a heading
phrase (after its number "2." if any).  An answer written on the heading's
own line after a colon is the section's first text.  Form instructions
(``patterns.FORM_BOILERPLATE``) are dropped.  Tables are not prose: they
are read by their own modules.

Activity items of the narrative (joined to the table activities by
``narrative.py``): "Задача N. Мероприятие M: …" paragraphs, and, in the
activities section, «1.1. Title» headings under «Задача N. …» lines.  An
item's «Сроки проведения:» and «Место проведения:» lines give its dates and
place as written; its other paragraphs are its text.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import regex

from esep.extract.model import Document, Paragraph, Provenance, Table
from esep.normalize import patterns
from esep.normalize.context import Ctx
from esep.normalize.provenance import source_columns
from esep.normalize.labels import matcher
from esep.normalize.text import clean_text, fold_for_match
from esep.schemas import Section

# Keys of SECTION_HEADINGS that are markers of table sections, with the
# schema key their prose (if any) is filed under.
_MARKER_KEYS = {"works_table": "activities_narrative", "statistics": "other", "media": "other"}
_NARRATIVE_RE = regex.compile(patterns.NARRATIVE_ACTIVITY_RE, regex.I)
_NUMBERED_RE = regex.compile(patterns.NUMBERED_ACTIVITY_RE, regex.I | regex.V1)
_TASK_LINE_RE = regex.compile(patterns.TASK_LABEL_RE, regex.I)
MAX_ITEM_HEADING_CHARS = 300
SHORT_HEADING_CHARS = 150  # a heading this short may end with a period
_NUMBER_LEAD = regex.compile(r"^\s*(?:#+\s*)?(?:\d+(?:\.\d+)*[.)]?\s*)?")
MAX_HEADING_CHARS = 600


@dataclass
class NarrativeItem:
    """One activity of the narrative: "Задача N. Мероприятие M: …" or a «1.1. Title» heading and its lines."""

    task_number: int | None  # None when no «Задача N.» line confirms a heading's «N.M»
    activity_number: int
    label: str
    text: str  # after the label, paragraphs joined by "\n" (labelled lines left out)
    prov: Provenance
    title: str | None = None  # the heading's title («1.1. Title»)
    task_text: str | None = None  # the «Задача N. …» line's text without its label
    date_text: str | None = None  # «Сроки проведения: …» as written
    location: str | None = None  # «Место проведения: …» as written


@dataclass
class _Task:
    number: int
    text: str | None


def numbered_heading(text: str, para: Paragraph | None) -> regex.Match | None:
    """«1.1. Title»: on one line, its title opening with a capital, and bold, short or not a sentence."""
    if "\n" in text or len(text) > MAX_ITEM_HEADING_CHARS:
        return None
    m = _NUMBERED_RE.match(text)
    if m is None or not (m.group("title")[0].isupper() or not m.group("title")[0].isalpha()):
        return None
    marked = para is not None and (para.bold or para.heading_level)
    sentence = text.rstrip().endswith((".", ";", ","))
    return m if marked or not sentence or len(text) <= SHORT_HEADING_CHARS else None


def labelled_value(text: str, table: str) -> str | None:
    """The value of a «Label: value» line whose label is one of ``patterns.<table>``."""
    hit = matcher(table).at_start(text, slack=0)
    if hit is None:
        return None
    m = regex.match(r"^[^:]{0,60}:\s*", text)
    if m is None or len(fold_for_match(m.group(0))) > hit.end + 3:
        return None
    return text[m.end():].strip().rstrip(".;").strip() or None


def _task_line(text: str) -> _Task | None:
    """«Задача 1. Повысить …» (not «Задача 1. Мероприятие 2: …»)."""
    m = _TASK_LINE_RE.match(text)
    if m is None or _NARRATIVE_RE.match(text):
        return None
    return _Task(int(m.group("num")), clean_text(text[m.end():]) or None)


@dataclass
class _Open:
    key: str
    heading: str
    prov: Provenance
    position: int  # index of the heading's block in the document
    parts: list[str] = field(default_factory=list)


def heading_of(text: str, para: Paragraph | None = None):
    """The SECTION_HEADINGS hit a paragraph starts with, or None."""
    if len(text) > MAX_HEADING_CHARS or not text.strip():
        return None
    lead = _NUMBER_LEAD.match(text)
    numbered = bool(lead and regex.search(r"\d", lead.group(0)))
    offset = len(fold_for_match(text[: lead.end()])) if lead else 0
    marked = numbered or (para is not None and (para.bold or para.heading_level))
    label = fold_for_match(text.split(":", 1)[0])
    for hit in matcher("SECTION_HEADINGS").hits(text):
        # Kazakh word order puts a heading's key noun last: a numbered heading
        # may carry its phrase anywhere in its first line.
        if hit.start > offset + 3 and not (numbered and hit.end <= len(label) + 2):
            continue
        # an unmarked paragraph is a heading only when the label is most of it
        if marked or (hit.end - hit.start) >= 0.3 * max(len(label), 1):
            return hit
    return None


def _split_heading(text: str) -> tuple[str, str]:
    """'Heading: answer' -> (heading, answer); a question after the colon stays heading."""
    text = clean_text(text)
    m = regex.search(r":\s*", text)
    if not m:
        return text, ""
    rest = text[m.end():].strip()
    if not rest or rest.endswith("?"):
        return text, ""
    rest = regex.sub(r"^_{2,}\s*", "", rest).strip()
    return text[: m.start() + 1].strip(), rest


def _is_boilerplate(text: str) -> bool:
    hit = matcher("FORM_BOILERPLATE").best(text)
    # long instruction phrases are distinctive wherever they stand
    return hit is not None and (hit.start <= 3 or len(hit.phrase) >= 25)


def split_sections(
    doc: Document, ctx: Ctx, signatory: str | None
) -> tuple[list[tuple[int, Section]], list[NarrativeItem]]:
    """(position, Section) pairs (position = block index of the heading) and narrative items."""
    sections: list[tuple[int, Section]] = []
    items: list[NarrativeItem] = []
    current: _Open | None = None
    item: NarrativeItem | None = None
    task: _Task | None = None  # the narrative's «Задача N. …» line above the items
    sig = matcher("SIGNATURE_LABELS")
    summary = matcher("NARRATIVE_SUMMARY")

    def close_section() -> None:
        nonlocal current
        if current is None:
            return
        text = "\n".join(p for p in current.parts if p)
        text = regex.sub(r"^_{2,}\s*$", "", text, flags=regex.M).strip()
        if text:
            key = _MARKER_KEYS.get(current.key, current.key)
            sections.append((current.position,
                             Section(section_key=key, heading=current.heading, text=text, **source_columns(current.prov))))
        current = None

    def close_item() -> None:
        nonlocal item
        if item is not None:
            item.text = "\n".join(t for t in item.text.split("\n") if t.strip())
            items.append(item)
        item = None

    def open_numbered(m: regex.Match, text: str, para: Paragraph) -> NarrativeItem:
        number = int(m.group("task"))
        confirmed = task is not None and task.number == number
        return NarrativeItem(number if confirmed else None, int(m.group("act")), text, "", para.provenance,
                             title=clean_text(m.group("title")), task_text=task.text if confirmed else None)

    for position, block in enumerate(doc.blocks):
        if isinstance(block, Table):
            close_item()
            continue
        raw = block.text
        text = clean_text(raw, keep_newlines=True)
        if not text:
            if item is not None and (item.text or item.date_text or item.location):
                close_item()  # a blank line ends an item, not the gap under its heading
            continue
        hit = heading_of(text, block)
        if hit is not None and current is not None and hit.key == current.key and current.parts == []:
            hit = None  # the answer repeats its heading's words ("Истории успеха ожидаются …")
        if hit is not None:
            close_item()
            close_section()
            task = None
            ctx.vote(hit.lang, 2)
            heading, answer = _split_heading(text)
            current = _Open(hit.key, heading, block.provenance, position)
            if answer:
                current.parts.append(answer)
            continue
        if current is None:
            continue
        if _is_boilerplate(text):
            close_item()
            continue
        if sig.best(text) is not None and sig.best(text).start <= 5 and len(text) < 200:
            close_item()
            if signatory and current.parts and clean_text(current.parts[-1]).strip(" *_") == signatory:
                current.parts.pop()
            close_section()
            continue
        current.parts.append(text)
        m = _NARRATIVE_RE.match(text)
        in_activities = current.key == "activities_narrative"
        task_line = _task_line(text) if in_activities and not m else None
        numbered = numbered_heading(text, block) if in_activities and task_line is None else None
        if m:
            close_item()
            rest = text[m.end():].strip()
            item = NarrativeItem(int(m.group("task")), int(m.group("act")), text[: m.end()].strip(), rest,
                                 block.provenance)
        elif task_line is not None:
            close_item()
            task = task_line
        elif numbered is not None:
            close_item()
            item = open_numbered(numbered, text, block)
        elif item is not None:
            _add_to_item(item, text, summary, close_item)
    close_item()
    close_section()
    return sections, items


def _add_to_item(item: NarrativeItem, text: str, summary, close_item) -> None:
    """A paragraph under an item: its dates, its place, a summary that ends it, or its text."""
    date_text = labelled_value(text, "ACTIVITY_DATE_LABELS")
    place = labelled_value(text, "ACTIVITY_PLACE_LABELS") if date_text is None else None
    if date_text is not None and item.date_text is None:
        item.date_text = date_text
    elif place is not None and item.location is None:
        item.location = place
    elif summary.at_start(text) is not None:
        close_item()
    else:
        item.text = f"{item.text}\n{text}" if item.text else text
