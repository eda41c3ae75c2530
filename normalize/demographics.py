"""Section 4's gender, social status and age tables -> demographics rows.

Each table here has its categories across the header and one data row of
counts.  The participants written downwards in one table (category | count)
are read by ``participants.py``.
"""

from __future__ import annotations

from esep.normalize.ages import age_bracket, age_category
from esep.normalize.context import Ctx
from esep.normalize.provenance import source_columns
from esep.normalize.participants import from_participants
from esep.normalize.table_meaning import is_number
from esep.normalize.table_view import TableView
from esep.normalize.text import clean_text
from esep.normalize import values
from esep.schemas import Demographic

_DIMENSION = {"gender": "gender", "social_status": "social_status", "age": "age"}


def _data_row(view: TableView) -> int | None:
    return next((r for r in view.data_rows() if any(t.strip() for t in view.row_texts(r))), None)


def _entries(view: TableView, data: int) -> list[tuple[str, str, int]]:
    """(field, label, col) of every figure in the data row."""
    out = []
    for field, col in view.columns.items():
        out.append((field, clean_text(view.header_texts[col]), col))
    if view.kind == "age":
        for col, label in enumerate(view.header_texts):
            if label and col not in view.columns.values() and age_bracket(label):
                out.append(("age", clean_text(label), col))
    return sorted(out, key=lambda e: e[2])


def _unread_columns(view: TableView, data: int, entries, ctx: Ctx) -> None:
    """A figure under a header that is no category of the table is a finding, not a guess."""
    row = view.grid[data]
    seen = {id(row[col]) for _, _, col in entries}
    for col, label in enumerate(view.header_texts):
        cell = row[col]
        if cell is None or id(cell) in seen or cell.row != data:
            continue
        seen.add(id(cell))
        text = clean_text(cell.text)
        if text and is_number(text):
            ctx.finding("category_not_recognised",
                        f"A column of the {view.kind.replace('_', ' ')} table names no known category; "
                        f"its figure was not read.", view.prov(data), f"{clean_text(label)} | {text}")


def from_demographics(view: TableView, ctx: Ctx, have_total: bool) -> list[Demographic]:
    if view.kind == "participants":
        return from_participants(view, ctx, have_total)
    out: list[Demographic] = []
    data = _data_row(view)
    if data is None:
        return out
    entries = _entries(view, data)
    _unread_columns(view, data, entries, ctx)
    prov = view.prov(data)
    for field, label, col in entries:
        cell = view.grid[data][col] if col < len(view.grid[data]) else None
        count = values.count(ctx, cell.text if cell else None, prov, f"figure for «{label}»",
                             confidence=values.confidence_of(cell))
        if field == "total":
            ctx.demo_totals.append((_DIMENSION[view.kind], count, prov))
            if have_total:
                continue
            have_total = True
            out.append(Demographic(dimension="total", category="all", label=label, count=count, **source_columns(prov)))
            continue
        if view.kind == "age":
            lo, hi = age_bracket(label) or (None, None)
            out.append(Demographic(dimension="age", category=age_category(lo, hi), label=label, age_min=lo, age_max=hi,
                                   count=count, **source_columns(prov)))
        else:
            out.append(Demographic(dimension=_DIMENSION[view.kind], category=field, label=label, count=count,
                                   **source_columns(prov)))
    return out
