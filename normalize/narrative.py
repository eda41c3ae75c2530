"""The narrative's activity paragraphs joined to the table activities they describe.

Items are "Задача N. Мероприятие M: …" paragraphs (2022) and «1.1. Title»
headings under «Задача N. …» lines (2024), see ``sections.py``.  An item is
matched to an activity by meaning (shared word stems weighted by rarity,
and participant figures), never by its numbers, one item to one activity.
A matched item fills what the table left empty: the description, the dates
(its «Сроки проведения:» line, else the dates its text mentions), the place
(its «Место проведения:» line, else the venue phrases of its text) and,
when the table gives no task number, the narrative's task (only where the
activity's own number «K.M» agrees).  The narrative's list of planned
activities («Задача 1: …» over «1. Title» lines) gives an activity the table
leaves without a task its task when the list names it exactly.
"""

from __future__ import annotations

import math
from collections import Counter

import regex

from esep.normalize import patterns
from esep.normalize.context import Ctx
from esep.normalize.dates import find_dates
from esep.normalize.plan_fact import TaskHint, report_unconfirmed
from esep.normalize.sections import NarrativeItem
from esep.normalize.text import clean_text, fold_for_match
from esep.normalize import values
from esep.schemas import Activity

_LOCATION_RES = [regex.compile(rx) for rx in patterns.LOCATION_RES]
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


_TASK_LINE = regex.compile(patterns.TASK_LABEL_RE, regex.I)
_LISTED = regex.compile(r"^\s*\d{1,2}\s*[.)]\s*(?=\S)")


def planned_tasks(paragraphs: list[str]) -> dict[str, tuple[int, str | None]]:
    """The narrative's list of planned activities under their tasks («Задача 1: …» then
    «1. Title», «2. Title»): folded title -> (task number, task text or None)."""
    out: dict[str, tuple[int, str | None]] = {}
    task: tuple[int, str | None] | None = None
    for text in paragraphs:
        m = _TASK_LINE.match(text)
        if m and not regex.match(patterns.NARRATIVE_ACTIVITY_RE, text, regex.I):
            task = (int(m.group("num")), values.text_or_none(text[m.end():]))
            continue
        listed = _LISTED.match(text)
        if task is not None and listed:
            out.setdefault(fold_for_match(text[listed.end():]), task)
        else:
            task = None
    return out


def _task_text(activities: list[Activity], number: int) -> str | None:
    """The words of task ``number`` where the report writes them for another activity of it
    (one text only: two different texts for one number leave it empty)."""
    texts = {a.task for a in activities if a.task_number == number and a.task}
    return texts.pop() if len(texts) == 1 else None


def merge_narrative(activities: list[Activity], items: list[NarrativeItem], ctx: Ctx,
                    task_hints: dict[int, TaskHint] | None = None,
                    planned: dict[str, tuple[int, str | None]] | None = None) -> None:
    """Fill description, dates, place (and a missing task) of table activities from the narrative items.

    ``task_hints``: activity_seq -> what the activity's own «K.M» number says
    of its task; a hint no item confirms becomes a ``task_number_unconfirmed``
    finding.
    """
    task_hints = task_hints or {}
    for act in activities:  # the list names the activity exactly: its task is certain
        listed = (planned or {}).get(fold_for_match(act.title or ""))
        hint = task_hints.get(act.activity_seq)
        if listed is not None and (act.task_number in (None, listed[0])) and (hint is None or hint.number == listed[0]):
            act.task_number = listed[0]
            act.task = act.task or listed[1] or _task_text(activities, listed[0])
    if activities and items:
        _merge(activities, items, ctx, task_hints)
    for act in activities:
        hint = task_hints.get(act.activity_seq)
        if hint is not None and act.task_number is None:
            report_unconfirmed(hint, ctx)


def _merge(activities: list[Activity], items: list[NarrativeItem], ctx: Ctx, task_hints) -> None:
    # Stems shared by many titles ("журналистов", "пресс-служб") say little.
    df = Counter(s for a in activities for s in _stems(a.title or ""))
    n = len(activities)
    weights = {s: math.log(1 + n / c) for s, c in df.items()}
    pairs = []
    for i, item in enumerate(items):
        text = "\n".join(t for t in (item.title, item.text) if t)
        stems, nums = _stems(text), _numbers(item.text)
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
        _apply(activities[j], items[i], ctx, task_hints.get(activities[j].activity_seq))


def _apply(act: Activity, item: NarrativeItem, ctx: Ctx, hint: TaskHint | None) -> None:
    text = item.text
    if act.description is None and text:
        act.description = text
    if act.date_start is None:
        _apply_dates(act, item, ctx)
    if act.location is None:
        act.location = item.location or (_locations(text) if text else None)
    if act.task_number is None and act.task is None and item.task_number is not None:
        if hint is None or hint.number == item.task_number:
            act.task_number, act.task = item.task_number, item.task_text


def _apply_dates(act: Activity, item: NarrativeItem, ctx: Ctx) -> None:
    if item.date_text:  # «Сроки проведения: …»: the dates as written on that line
        parsed = values.date(ctx, item.date_text, item.prov, "activity date")
        if parsed is not None:
            act.date_text, act.date_start, act.date_end = item.date_text, parsed.start, parsed.end
        return
    dates = [d for d in find_dates(item.text, ctx.report_year) if d.start is not None] if item.text else []
    if dates:
        act.date_text = "; ".join(clean_text(d.text) for d in dates)
        act.date_start = min(d.start for d in dates)
        act.date_end = max((d.end or d.start) for d in dates)
