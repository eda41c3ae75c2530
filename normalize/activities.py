"""Activities and their indicators, from the work tables.

* ``from_works``: the interim report's 9-column work table.
* ``from_results``: the final report's plan/fact table: the 2022 matrix
  (a task column, "Индикаторы план | факт", ИТОГО) and the 2024 table (tasks
  as full-width rows between the activities, «№ п/п» 1.1 … 2.3, plan, fact,
  deviation and note columns, an «Итого» that leaves out a row its note
  names).  What the cells hold is read by ``plan_fact``.

The narrative's activity paragraphs are joined to these by ``narrative.py``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import regex

from esep.extract.model import Provenance
from esep.normalize import patterns
from esep.normalize.context import Ctx
from esep.normalize.provenance import source_columns
from esep.normalize.labels import matcher
from esep.normalize.plan_fact import (Figure, TaskHint, activity_number_hint, check_deviation, figure_unit,
                                 is_excluded, read_figure, settle_task_number)
from esep.normalize.table_meaning import task_row_text
from esep.normalize.table_view import TableView
from esep.normalize.text import clean_text
from esep.normalize import values
from esep.schemas import Activity, Indicator

_TASK_LABEL = regex.compile(patterns.TASK_LABEL_RE, regex.I)
_ROW_NUMBER = regex.compile(r"^\s*(\d{1,3})\s*[.)]?\s*$")
_NUMBERED_TASK = regex.compile(r"^\s*(?P<num>\d{1,2})\s*[.)]\s+(?=\S)")


def _prov(view: TableView, row: int) -> Provenance:
    return view.prov(row)


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


def from_works(view: TableView, ctx: Ctx, seq_start: int) -> list[Activity]:
    out: list[Activity] = []
    row_task: _Task | None = None  # the task row the activities sit under («Задача 1. …» across the table)
    for r in view.data_rows():
        across = task_row_text(view.grid, r)
        if across is not None:
            row_task = _task_row(across) or row_task
            continue
        own = [view.text(r, f, own_row=True) for f in
               ("title", "date", "participants", "description", "evidence", "cost", "outcome")]
        if not any(t.strip() for t in own):
            continue
        if _is_total_row(view, r):
            continue
        prov = _prov(view, r)
        # the № cell holds the task's number, merged down its activities («1»), or the
        # activity's own «1.2» under a task row; the task cell may write «Задача 1: …»
        label_number, task_text = split_task_label(view.text(r, "task"))
        task_number = _task_number(view.text(r, "number")) or label_number
        if task_text is None and row_task is not None:
            hint = activity_number_hint(view.text(r, "number", own_row=True), prov)
            task_text = row_task.text
            task_number = task_number or settle_task_number(row_task.number, hint, ctx, prov)
        date_text = values.text_or_none(view.text(r, "date", own_row=True))
        parsed = values.date(ctx, date_text, prov, "activity date") if date_text else None
        out.append(
            Activity(
                activity_seq=seq_start + len(out),
                task_number=task_number,
                task=task_text,
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
                **source_columns(prov),
            )
        )
    return out


@dataclass
class ResultsRead:
    """What a plan/fact table gives: activities, indicators, and the task numbers still to confirm."""

    activities: list[Activity] = field(default_factory=list)
    indicators: list[Indicator] = field(default_factory=list)
    task_hints: dict[int, TaskHint] = field(default_factory=dict)  # activity_seq -> hint


@dataclass
class _Task:
    number: int | None
    text: str | None


def _check_confidence(view: TableView, r: int, ctx: Ctx, prov: Provenance, planned: Figure, actual: Figure,
                      plan_text, fact_text) -> None:
    """low_confidence findings for the plan/fact figures OCR was unsure of."""
    if planned.number is not None:
        values.check_confidence(ctx, values.confidence_of(view.cell(r, "plan"), r), prov, "planned figure", plan_text)
    if actual.number is not None:
        values.check_confidence(ctx, values.confidence_of(view.cell(r, "fact"), r), prov, "actual figure", fact_text)


def _deviation(view: TableView, r: int, ctx: Ctx, prov: Provenance, plan_text, fact_text) -> None:
    if "deviation" in view.columns:
        percent = "%" in view.header_texts[view.columns["deviation"]]
        check_deviation(ctx, prov, plan_text, fact_text, view.text(r, "deviation", own_row=True), percent=percent)


def _total_indicator(view: TableView, r: int, ctx: Ctx, prov: Provenance, plan_text, fact_text) -> Indicator | None:
    planned, actual = read_figure(plan_text, excluded=False), read_figure(fact_text, excluded=False)
    _check_confidence(view, r, ctx, prov, planned, actual, plan_text, fact_text)
    _deviation(view, r, ctx, prov, plan_text, fact_text)
    if not (plan_text or fact_text):
        return None
    name = next((clean_text(t) for t in view.row_texts(r) if matcher("TOTAL_ROW").best(clean_text(t))),
                patterns.TOTAL_ROW_NAME)
    is_count = planned.count is not None or actual.count is not None
    return Indicator(scope="project", name=name, key="participants_total", unit="person" if is_count else None,
                     planned=planned.count, actual=actual.count, planned_text=plan_text, actual_text=fact_text,
                     is_minimum=planned.is_minimum, **source_columns(prov))


def _activity_indicator(view: TableView, r: int, ctx: Ctx, prov: Provenance, seq: int, title: str,
                        planned: Figure, actual: Figure, plan_text, fact_text, note) -> Indicator:
    is_count = planned.count is not None or actual.count is not None
    if is_count:
        key, unit, plan_value, fact_value = "participants", "person", planned.count, actual.count
    else:
        key, plan_value, fact_value = None, planned.number, actual.number
        unit = figure_unit(planned, actual, view.text(r, "unit", own_row=True), note)
        if unit is None and (plan_value is not None or fact_value is not None):
            ctx.finding("indicator_not_recognised",
                        "The plan and fact of this row are not head counts and name no unit: what they count "
                        "is not known.", prov, f"{plan_text} | {fact_text}")
    return Indicator(scope="activity", activity_seq=seq, name=title, key=key, unit=unit,
                     planned=plan_value, actual=fact_value, planned_text=plan_text, actual_text=fact_text,
                     is_minimum=planned.is_minimum, **source_columns(prov))


def _task_row(text: str) -> _Task | None:
    """A task row: «Задача 1. Text» (or «1. Text», a row across the table numbered as a task)."""
    number, rest = split_task_label(text)
    if rest is None:
        return None
    m = _NUMBERED_TASK.match(rest) if number is None else None
    if m is not None:
        return _Task(int(m.group("num")), values.text_or_none(rest[m.end():]))
    return _Task(number, rest)


def _task_of_row(view: TableView, r: int, row_task: _Task | None, task_order: dict[int, int]) -> _Task | None:
    """The task of an activity row: its task cell, else the task row it sits under."""
    task_cell = view.cell(r, "task")
    if task_cell is not None:
        number, text = split_task_label(task_cell.text)
        if text is not None and number is None and text[0].islower():
            return _Task(None, None)  # the rest of another cell's words, no task's start: not counted
        if text is not None:
            task_order.setdefault(id(task_cell), len(task_order) + 1)
            return _Task(number if number is not None else task_order[id(task_cell)], text)
    return row_task


def from_results(view: TableView, ctx: Ctx, seq_start: int) -> ResultsRead:
    out = ResultsRead()
    task_order: dict[int, int] = {}  # id(task cell) -> order
    row_task: _Task | None = None
    for r in view.data_rows():
        prov = view.prov(r)
        task_text = task_row_text(view.grid, r)  # «Задача 1. …» across the table
        if task_text is not None:
            row_task = _task_row(task_text) or row_task
            continue
        plan_text = values.text_or_none(view.text(r, "plan", own_row=True))
        fact_text = values.text_or_none(view.text(r, "fact", own_row=True))
        if _is_total_row(view, r):
            total = _total_indicator(view, r, ctx, prov, plan_text, fact_text)
            if total is not None:
                out.indicators.append(total)
            continue
        title = values.text_or_none(view.text(r, "title", own_row=True))
        if title is None:
            continue
        task = _task_of_row(view, r, row_task, task_order)
        hint = activity_number_hint(view.text(r, "number", own_row=True), prov)
        number = settle_task_number(task.number if task else None, hint, ctx, prov)
        note = values.text_or_none(view.text(r, "note", own_row=True))
        excluded = is_excluded(note) or is_excluded(title)  # «Пособие (не входит в итог)»
        planned, actual = read_figure(plan_text, excluded=excluded), read_figure(fact_text, excluded=excluded)
        _check_confidence(view, r, ctx, prov, planned, actual, plan_text, fact_text)
        _deviation(view, r, ctx, prov, plan_text, fact_text)
        seq = seq_start + len(out.activities)
        if number is None and hint is not None and not (task and task.number is not None):
            out.task_hints[seq] = hint  # the narrative may confirm it
        # a task row whose number the activity's own number contradicts may not be its task at all
        conflict = number is None and task is not None and task.number is not None
        out.activities.append(Activity(
            activity_seq=seq, task_number=number, task=task.text if task and not conflict else None, title=title,
            participants_planned=planned.count, participants_actual=actual.count,
            outcome=values.text_or_none(view.text(r, "effect", own_row=True)),
            **source_columns(prov)))
        if plan_text or fact_text:
            out.indicators.append(_activity_indicator(view, r, ctx, prov, seq, title, planned, actual,
                                                      plan_text, fact_text, note))
    return out
