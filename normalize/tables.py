"""Recognise a table by what it holds and map its columns by label, not position.

``classify(table)`` tries every table kind of ``patterns.TABLES`` against
the first rows of the table (one, two or three header rows: a two-level
header such as "Индикаторы" over "план | факт" gives the column texts
"Индикаторы план" and "Индикаторы факт").  A kind's evidence is the
identifying columns the header shows plus what the body says about them
(``table_meaning``: plan/fact columns of numbers, a unit column of units,
the effect table's own lines); the kind with the most evidence wins.  A
table with no such header may still be the participants table written
downwards (category | count, ``participants.classify_participants``) or the
goal table's key-value rows.

The result, a ``TableView``, answers "the cell of field F in data row R"
whatever the column order, skips rows that are not data (a header repeated
in the body, a row of column numbers), and gives each row's provenance: its
own physical table and row, also when the view joins a table split in two
(``stitch.py``).
"""

from __future__ import annotations

from esep.extract.model import Table
from esep.normalize import patterns
from esep.normalize.ages import age_bracket
from esep.normalize.labels import PhraseMatcher, fold_label, matcher
from esep.normalize.participants import classify_participants
from esep.normalize.table_meaning import content_evidence, is_full_width
from esep.normalize.table_view import RowOrigin, TableView
from esep.normalize.text import clean_text

__all__ = ["MAX_HEADER_ROWS", "RowOrigin", "TableView", "age_bracket", "classify"]

MAX_HEADER_ROWS = 3


def _column_headers(table: Table, grid, h: int) -> list[str]:
    out = []
    for c in range(table.n_cols):
        parts, seen = [], set()
        for r in range(min(h, len(grid))):
            cell = grid[r][c]
            if cell is None or id(cell) in seen:
                continue
            seen.add(id(cell))
            text = clean_text(cell.text)
            if text:
                parts.append(text)
        out.append(" ".join(parts))
    return out


def _column_matcher(kind: str) -> PhraseMatcher:
    return _MATCHERS[kind]


_MATCHERS = {kind: PhraseMatcher(spec["columns"]) for kind, spec in patterns.TABLES.items() if spec["columns"]}


def _assign(headers: list[str], kind: str, folded: list[str]) -> tuple[dict[str, int], dict[str, int], float]:
    """Greedy one-to-one assignment of fields to columns by match score
    (``folded``: the headers as ``fold_label`` gives them, folded once for every kind tried)."""
    m = _column_matcher(kind)
    candidates = []
    for col, text in enumerate(headers):
        if not text:
            continue
        for hit in m.hits(text, folded[col]):
            # a label that opens the header cell beats one inside its parentheses
            candidates.append((hit.score - 0.5 * hit.start, col, hit))
    candidates.sort(key=lambda x: (-x[0], x[1]))
    columns: dict[str, int] = {}
    used: set[int] = set()
    langs: dict[str, int] = {}
    total = 0.0
    for score, col, hit in candidates:
        if hit.key in columns or col in used:
            continue
        columns[hit.key] = col
        used.add(col)
        total += score
        if hit.phrase != "№":
            langs[hit.lang] = langs.get(hit.lang, 0) + 1
    return columns, langs, total


def classify(table: Table) -> TableView | None:
    """The table kind with the most evidence, or None when no kind fits."""
    if table.n_rows == 0 or table.n_cols == 0:
        return None
    grid = table.grid()
    best: tuple | None = None
    for h in range(1, min(MAX_HEADER_ROWS, table.n_rows) + 1):
        if h > 1 and is_full_width(grid, h - 1):
            break  # a row across the table under the header («Задача 1. …») is the body's
        headers = _column_headers(table, grid, h)
        folded = [fold_label(t) if t else "" for t in headers]
        # age: columns whose header is an age bracket
        brackets = sum(1 for t in headers if t and age_bracket(t) is not None)
        if brackets >= 3:
            columns, langs, total = _assign(headers, "age", folded)
            key = (brackets, total, -h)
            if best is None or key > best[0]:
                best = (key, "age", h, columns, headers, langs)
        for kind, spec in patterns.TABLES.items():
            if not spec["columns"] or not spec["identify"]:
                continue
            columns, langs, total = _assign(headers, kind, folded)
            if any(f not in columns for f in spec.get("required", ())):
                continue
            found = sum(1 for f in spec["identify"] if f in columns)
            if not found:
                continue
            evidence = found + content_evidence(kind, grid, h, columns)
            if evidence < spec["min_identify"]:
                continue
            key = (evidence, total, -h)
            if best is None or key > best[0]:
                best = (key, kind, h, columns, headers, langs)
    if best is not None:
        _, kind, h, columns, headers, langs = best
        return TableView(table, kind, h, columns, headers, langs, _grid=grid)
    return classify_participants(table, grid) or _classify_goal(table, grid)


def _classify_goal(table: Table, grid) -> TableView | None:
    m = matcher("GOAL_ROWS")
    columns: dict[str, int] = {}
    langs: dict[str, int] = {}
    for r, row in enumerate(grid):
        first = next((c for c in row if c is not None and c.text.strip()), None)
        if first is None:
            continue
        hit = m.at_start(first.text)
        if hit and hit.key not in columns:
            columns[hit.key] = r  # for the goal table, "columns" maps key -> row
            langs[hit.lang] = langs.get(hit.lang, 0) + 1
    if columns:
        return TableView(table, "goal", 0, columns, [], langs, _grid=grid)
    return None
