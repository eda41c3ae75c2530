"""Recognise a table by its header row and map its columns by label, not position.

``classify(table)`` tries every table kind of ``patterns.TABLES`` against
the first rows of the table (one, two or three header rows: a two-level
header such as "Индикаторы" over "план | факт" gives the column texts
"Индикаторы план" and "Индикаторы факт") and keeps the kind whose
identifying columns match best.  The result, a ``TableView``, answers
"the cell of field F in data row R" whatever the column order.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import regex

from extract.model import Cell, Table
from normalize import patterns
from normalize.labels import PhraseMatcher, matcher
from normalize.text import clean_text, fold_for_match

MAX_HEADER_ROWS = 3


@dataclass
class TableView:
    table: Table
    kind: str
    header_rows: int
    columns: dict[str, int]  # field -> grid column
    header_texts: list[str]  # per grid column, header rows joined
    langs: dict[str, int] = field(default_factory=dict)  # label language votes
    transposed: bool = False
    _grid: list | None = None

    @property
    def grid(self) -> list[list[Cell | None]]:
        if self._grid is None:
            self._grid = self.table.grid()
        return self._grid

    def data_rows(self) -> range:
        return range(self.header_rows, self.table.n_rows)

    def cell(self, row: int, name: str) -> Cell | None:
        col = self.columns.get(name)
        if col is None or row >= len(self.grid):
            return None
        return self.grid[row][col]

    def text(self, row: int, name: str, *, own_row: bool = False) -> str:
        """Text of field ``name`` in data row ``row``.

        A vertically merged cell belongs to every row it covers; with
        ``own_row`` only a cell anchored in this row counts.
        """
        c = self.cell(row, name)
        if c is None or (own_row and c.row != row):
            return ""
        return c.text

    def row_texts(self, row: int) -> list[str]:
        out, seen = [], set()
        for c in self.grid[row]:
            if c is not None and id(c) not in seen:
                seen.add(id(c))
                out.append(c.text)
        return out

    def row_pages(self, row: int) -> tuple[int, ...]:
        pages = self.table.rows[row].pages
        if pages:
            return pages
        cells = [c for c in self.grid[row] if c is not None and c.pages]
        return cells[0].pages if cells else self.table.pages


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
_AGE_RES = [(regex.compile(rx), k) for rx, k in patterns.AGE_BRACKET_RES]


def age_bracket(label: str) -> tuple[int | None, int | None] | None:
    """(age_min, age_max) of a bracket header such as "от 13-16 лет", "59 лет и выше"."""
    folded = fold_for_match(label)
    for rx, kind in _AGE_RES:
        m = rx.search(folded)
        if not m:
            continue
        groups = m.groupdict()
        lo = int(groups["lo"]) if groups.get("lo") else None
        hi = int(groups["hi"]) if groups.get("hi") else None
        if kind == "above" and lo is not None:
            lo += 1  # "старше 59" -> 60+
        if kind == "below" and hi is not None:
            lo, hi = 0, hi - 1  # "до 18 лет" / "18 жасқа дейін": under 18
        if lo is not None and hi is not None and lo > hi:
            continue
        return lo, hi
    return None


def _assign(headers: list[str], kind: str) -> tuple[dict[str, int], dict[str, int], float]:
    """Greedy one-to-one assignment of fields to columns by match score."""
    m = _column_matcher(kind)
    candidates = []
    for col, text in enumerate(headers):
        if not text:
            continue
        for hit in m.hits(text):
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
    """The best-matching table kind, or None when no kind fits."""
    if table.n_rows == 0 or table.n_cols == 0:
        return None
    grid = table.grid()
    best: tuple | None = None
    for h in range(1, min(MAX_HEADER_ROWS, table.n_rows) + 1):
        headers = _column_headers(table, grid, h)
        # age: columns whose header is an age bracket
        brackets = sum(1 for t in headers if t and age_bracket(t) is not None)
        if brackets >= 3:
            columns, langs, total = _assign(headers, "age")
            key = (brackets, total, -h)
            if best is None or key > best[0]:
                best = (key, "age", h, columns, headers, langs)
        for kind, spec in patterns.TABLES.items():
            if not spec["columns"] or not spec["identify"]:
                continue
            columns, langs, total = _assign(headers, kind)
            found = sum(1 for f in spec["identify"] if f in columns)
            if found < spec["min_identify"]:
                continue
            key = (found, total, -h)
            if best is None or key > best[0]:
                best = (key, kind, h, columns, headers, langs)
    if best is not None:
        _, kind, h, columns, headers, langs = best
        # A table whose header is all that matched (e.g. "№" plus one word) is not enough.
        return TableView(table, kind, h, columns, headers, langs, _grid=grid)
    return _classify_transposed(table, grid) or _classify_goal(table, grid)


def _classify_transposed(table: Table, grid) -> TableView | None:
    """Demographics written downwards: one row per category, label then count."""
    if table.n_cols < 2:
        return None
    labels = [clean_text(row[0].text) if row and row[0] is not None else "" for row in grid]
    for kind in ("gender", "social_status"):
        spec = patterns.TABLES[kind]
        columns, langs, _ = _assign(labels, kind)
        if sum(1 for f in spec["identify"] if f in columns) >= max(spec["min_identify"], 2):
            return TableView(table, kind, 0, columns, labels, langs, transposed=True, _grid=grid)
    brackets = sum(1 for t in labels if t and age_bracket(t) is not None)
    if brackets >= 3:
        columns, langs, _ = _assign(labels, "age")
        return TableView(table, "age", 0, columns, labels, langs, transposed=True, _grid=grid)
    return None


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
