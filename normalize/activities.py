"""Activities and their indicators, from the work tables and the narrative.

* ``from_works``: the interim report's 9-column work table.
* ``from_results``: the final report's plan/fact matrix (and its ИТОГО row).
* ``merge_narrative``: "Задача N. Мероприятие M" paragraphs joined to the
  table activities they describe, by meaning (shared word stems weighted by
  rarity, and participant figures), never by their numbers.
"""

from __future__ import annotations

import math
from collections import Counter

import regex

from normalize import patterns
from normalize.context import Ctx, Prov
from normalize.dates import find_dates
from normalize.labels import matcher
from normalize.numbers import parse_number
from normalize.sections import NarrativeItem
from normalize.tables import TableView
from normalize.text import clean_text, fold_for_match
from normalize import values
from schemas import Activity, Indicator

_TASK_LABEL = regex.compile(patterns.TASK_LABEL_RE, regex.I)
_LOCATION_RES = [regex.compile(rx) for rx in patterns.LOCATION_RES]
_ROW_NUMBER = regex.compile(r"^\s*(\d{1,3})\s*[.)]?\s*$")


def _prov(view: TableView, row: int) -> Prov:
    pages = view.row_pages(row)
    return Prov(page=pages[0] if pages else None, table=view.table.index, row=row)


def _task_number(text: str) -> int | None:
    m = _ROW_NUMBER.match(text or "")
    return int(m.group(1)) if m else None


def split_task_label(text: str) -> tuple[int | None, str | None]:
    """"Задача1: Организация …" -> (1, "Организация …")."""
    cleaned = values.text_or_none(text)
    if cleaned is None:
        return None, None
    m = _TASK_LABEL.match(cleaned)
    if m:
        return int(m.group("num")), values.text_or_none(cleaned[m.end():])
    return None, cleaned


def _is_total_row(view: TableView, row: int) -> bool:
    tm = matcher("TOTAL_ROW")
    for text in view.row_texts(row):
        t = clean_text(text)
        if t and len(t) <= 30:
            hit = tm.best(t)
            if hit and hit.start <= 1:
                return True
    return False


def _is_heading_row(view: TableView, row: int) -> bool:
    """A full-width merged row ("Задача 1: …" across the table) is not an activity."""
    cells = [c for c in view.grid[row] if c is not None]
    return bool(cells) and all(c is cells[0] for c in cells) and view.table.n_cols > 2


def from_works(view: TableView, ctx: Ctx, seq_start: int) -> list[Activity]:
    out: list[Activity] = []
    task_text_heading: str | None = None
    for r in view.data_rows():
        if _is_heading_row(view, r):
            task_text_heading = values.text_or_none(view.row_texts(r)[0])
            continue
        own = [view.text(r, f, own_row=True) for f in
               ("title", "date", "participants", "description", "evidence", "cost", "outcome")]
        if not any(t.strip() for t in own):
            continue
        if _is_total_row(view, r):
            continue
        prov = _prov(view, r)
        number_text = view.text(r, "number")
        task_number = _task_number(number_text)
        label_number, task = split_task_label(view.text(r, "task"))
        if task is None:
            task = task_text_heading
        if task_number is None:
            task_number = label_number
        date_text = values.text_or_none(view.text(r, "date", own_row=True))
        parsed = values.date(ctx, date_text, prov, "activity date") if date_text else None
        out.append(
            Activity(
                activity_seq=seq_start + len(out),
                task_number=task_number,
                task=task,
                title=values.text_or_none(view.text(r, "title", own_row=True)),
                date_text=date_text,
                date_start=parsed.start if parsed else None,
                date_end=parsed.end if parsed else None,
                participants_actual=values.count(ctx, view.text(r, "participants", own_row=True), prov,
                                                 "number of participants",
                                                 confidence=values.confidence_of(view.cell(r, "participants"), r)),
                description=values.text_or_none(view.text(r, "description", own_row=True), keep_newlines=True),
                evidence=values.text_or_none(view.text(r, "evidence", own_row=True), keep_newlines=True),
                cost_kzt=values.money(ctx, view.text(r, "cost", own_row=True), prov, "activity cost",
                                      confidence=values.confidence_of(view.cell(r, "cost"), r)),
                outcome=values.text_or_none(view.text(r, "outcome", own_row=True)),
                **prov.fields(),
            )
        )
    return out


def _head_count(text: str | None):
    """(value, is_minimum) when a plan/fact cell is one head count, else (None, is_minimum)."""
    cleaned = values.text_or_none(text)
    if cleaned is None:
        return None, False
    parsed = parse_number(cleaned)
    if parsed.status == "number" and parsed.value is not None and parsed.unit in (None, "person"):
        if float(parsed.value).is_integer():
            return int(parsed.value), parsed.is_minimum
    return None, bool(getattr(parsed, "is_minimum", False))


def _check_confidence(view: TableView, r: int, ctx: Ctx, prov: Prov, planned, actual, plan_text, fact_text) -> None:
    """low_confidence findings for the plan/fact head counts OCR was unsure of."""
    if planned is not None:
        values.check_confidence(ctx, values.confidence_of(view.cell(r, "plan"), r), prov, "planned figure", plan_text)
    if actual is not None:
        values.check_confidence(ctx, values.confidence_of(view.cell(r, "fact"), r), prov, "actual figure", fact_text)


def from_results(view: TableView, ctx: Ctx, seq_start: int) -> tuple[list[Activity], list[Indicator]]:
    activities: list[Activity] = []
    indicators: list[Indicator] = []
    task_order: dict[int, int] = {}  # id(task cell) -> order
    for r in view.data_rows():
        prov = _prov(view, r)
        plan_text = values.text_or_none(view.text(r, "plan", own_row=True))
        fact_text = values.text_or_none(view.text(r, "fact", own_row=True))
        title = values.text_or_none(view.text(r, "title", own_row=True))
        if _is_total_row(view, r):
            planned, plan_min = _head_count(plan_text)
            actual, _ = _head_count(fact_text)
            _check_confidence(view, r, ctx, prov, planned, actual, plan_text, fact_text)
            if plan_text or fact_text:
                name = next((clean_text(t) for t in view.row_texts(r) if matcher("TOTAL_ROW").best(clean_text(t))),
                            patterns.TOTAL_ROW_NAME)
                indicators.append(Indicator(
                    scope="project", name=name, key="participants_total",
                    unit="person" if planned is not None or actual is not None else None,
                    planned=planned, actual=actual, planned_text=plan_text, actual_text=fact_text,
                    is_minimum=plan_min, **prov.fields()))
            continue
        if title is None:
            continue
        task_cell = view.cell(r, "task")
        number, task = split_task_label(task_cell.text if task_cell else "")
        if task_cell is not None and task is not None:
            task_order.setdefault(id(task_cell), len(task_order) + 1)
            if number is None:
                number = task_order[id(task_cell)]
        planned, plan_min = _head_count(plan_text)
        actual, _ = _head_count(fact_text)
        _check_confidence(view, r, ctx, prov, planned, actual, plan_text, fact_text)
        seq = seq_start + len(activities)
        activities.append(Activity(
            activity_seq=seq, task_number=number, task=task, title=title,
            participants_planned=planned, participants_actual=actual,
            outcome=values.text_or_none(view.text(r, "effect", own_row=True)),
            **prov.fields()))
        if plan_text or fact_text:
            is_count = planned is not None or actual is not None
            indicators.append(Indicator(
                scope="activity", activity_seq=seq, name=title,
                key="participants" if is_count else None, unit="person" if is_count else None,
                planned=planned, actual=actual, planned_text=plan_text, actual_text=fact_text,
                is_minimum=plan_min, **prov.fields()))
    return activities, indicators


# ------------------------------------------------------------ narrative merge

_STEM_LEN = 5
_MIN_SCORE = 0.25


def _stems(text: str) -> set[str]:
    return {w[:_STEM_LEN] for w in fold_for_match(text).split() if len(w) >= 4 and not w.isdigit()}


def _numbers(text: str) -> set[int]:
    out = set()
    for m in regex.finditer(r"(?<![\d.,])\d{1,3}(?:[ \u00a0]\d{3})*(?![\d.,]\d)", text):
        try:
            out.add(int(regex.sub(r"\s", "", m.group(0))))
        except ValueError:
            continue
    return out


def _score(item_stems: set[str], item_numbers: set[int], act: Activity, weights: dict[str, float]) -> float:
    title_stems = _stems(act.title or "")
    if not title_stems:
        return 0.0
    total = sum(weights.get(s, 1.0) for s in title_stems)
    shared = sum(weights.get(s, 1.0) for s in title_stems & item_stems)
    score = shared / total if total else 0.0
    if act.participants_actual is not None and act.participants_actual in item_numbers:
        score += 0.5
    if act.participants_planned is not None and act.participants_planned in item_numbers:
        score += 0.2
    return score


def _locations(text: str) -> str | None:
    found: list[tuple[int, str]] = []
    for rx in _LOCATION_RES:
        for m in rx.finditer(text):
            if not any(a <= m.start() < b for a, b in ((s, s + len(t)) for s, t in found)):
                found.append((m.start(), clean_text(m.group(0))))
    found.sort()
    return "; ".join(t for _, t in found) or None


def merge_narrative(activities: list[Activity], items: list[NarrativeItem], ctx: Ctx) -> None:
    """Fill description, dates and place of table activities from the narrative items."""
    if not activities or not items:
        return
    # Stems shared by many titles ("журналистов", "пресс-служб") say little.
    df = Counter(s for a in activities for s in _stems(a.title or ""))
    n = len(activities)
    weights = {s: math.log(1 + n / c) for s, c in df.items()}
    pairs = []
    for i, item in enumerate(items):
        stems, nums = _stems(item.text), _numbers(item.text)
        for j, act in enumerate(activities):
            score = _score(stems, nums, act, weights)
            if score >= _MIN_SCORE:
                pairs.append((score, i, j))
    pairs.sort(key=lambda x: (-x[0], x[1], x[2]))
    used_items, used_acts = set(), set()
    for score, i, j in pairs:
        if i in used_items or j in used_acts:
            continue
        used_items.add(i)
        used_acts.add(j)
        _apply(activities[j], items[i], ctx)


def _apply(act: Activity, item: NarrativeItem, ctx: Ctx) -> None:
    text = item.text
    if not text:
        return
    if act.description is None:
        act.description = text
    if act.date_start is None:
        dates = [d for d in find_dates(text, ctx.report_year) if d.start is not None]
        if dates:
            act.date_text = "; ".join(clean_text(d.text) for d in dates)
            act.date_start = min(d.start for d in dates)
            act.date_end = max((d.end or d.start) for d in dates)
    if act.location is None:
        act.location = _locations(text)
