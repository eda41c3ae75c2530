"""Section 4's gender, social status and age tables -> demographics rows."""

from __future__ import annotations

from normalize.context import Ctx, Prov
from normalize.tables import TableView, age_bracket
from normalize.text import clean_text
from normalize import values
from schemas import Demographic

_DIMENSION = {"gender": "gender", "social_status": "social_status", "age": "age"}


def _entries(view: TableView) -> list[tuple[str, str, int, int]]:
    """(field, label, row, col) of every figure in the table, header or not."""
    out = []
    if view.transposed:
        for field, r in view.columns.items():
            out.append((field, clean_text(view.header_texts[r]), r, 1))
        if view.kind == "age":
            for r, label in enumerate(view.header_texts):
                if label and r not in view.columns.values() and age_bracket(label):
                    out.append(("age", clean_text(label), r, 1))
        return out
    data = next((r for r in view.data_rows() if any(t.strip() for t in view.row_texts(r))), None)
    if data is None:
        return out
    for field, col in view.columns.items():
        out.append((field, clean_text(view.header_texts[col]), data, col))
    if view.kind == "age":
        for col, label in enumerate(view.header_texts):
            if label and col not in view.columns.values() and age_bracket(label):
                out.append(("age", clean_text(label), data, col))
    return sorted(out, key=lambda e: (e[3], e[2]))


def from_demographics(view: TableView, ctx: Ctx, have_total: bool) -> list[Demographic]:
    out: list[Demographic] = []
    for field, label, r, c in _entries(view):
        cell = view.grid[r][c] if r < len(view.grid) and c < len(view.grid[r]) else None
        pages = view.row_pages(r)
        prov = Prov(page=pages[0] if pages else None, table=view.table.index, row=r)
        count = values.count(ctx, cell.text if cell else None, prov, f"figure for «{label}»",
                             confidence=values.confidence_of(cell))
        if field == "total":
            ctx.demo_totals.append((_DIMENSION[view.kind], count, prov))
            if have_total:
                continue
            have_total = True
            out.append(Demographic(dimension="total", category="all", label=label, count=count, **prov.fields()))
            continue
        if view.kind == "age":
            lo, hi = age_bracket(label) or (None, None)
            category = f"{lo}+" if hi is None else f"{lo if lo is not None else 0}-{hi}"
            out.append(Demographic(dimension="age", category=category, label=label, age_min=lo, age_max=hi,
                                   count=count, **prov.fields()))
        else:
            out.append(Demographic(dimension=_DIMENSION[view.kind], category=field, label=label, count=count,
                                   **prov.fields()))
    return out
