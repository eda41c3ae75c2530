"""What a table's rows hold: the body's share of the evidence that names a table kind.

A header names columns; the body says what they are.  A plan/fact column
of an activities table holds numbers, a unit column holds units, the lines
of the social and economic effect table are that table's own lines.  Each
kind of ``patterns.TABLES`` may have a rule here; ``content_evidence``
returns how many of the rule's tests the body passes (and takes points away
when the body contradicts the kind), and ``tables.classify`` adds that to
the identifying columns the header shows.

Also here: the rows that are not data whatever the kind (a header row
repeated in the body, a row of column numbers "1 | 2 | 3 …"), and the
full-width rows ("Задача 1. …" merged across the table).
"""

from __future__ import annotations

from typing import Callable, Sequence

import regex

from esep.extract.model import Cell
from esep.normalize import patterns
from esep.normalize.labels import matcher
from esep.normalize.numbers import parse_number, parse_unit
from esep.normalize.text import fold_for_match

Grid = Sequence[Sequence[Cell | None]]

_TASK_LABEL = regex.compile(patterns.TASK_LABEL_RE, regex.I)
_NUMBERED = regex.compile(r"^\s*\d{1,2}\s*\.\s*\d{1,2}\s*\.?\s*$")
#: the least share of a column's filled body cells that must fit its meaning
SHARE = 0.6


def row_keys(grid: Grid, row: int) -> tuple[str, ...]:
    """The folded text of every grid column of a row (a merged cell repeats)."""
    return tuple(fold_for_match(c.text) if c is not None else "" for c in grid[row])


def is_repeated_header(grid: Grid, row: int, header_rows: int) -> bool:
    """A body row that says what one of the header rows says is not data."""
    if row < header_rows:
        return False
    keys = row_keys(grid, row)
    if len({k for k in keys if k}) < 2:
        return False
    return any(keys == row_keys(grid, h) for h in range(header_rows))


def is_column_numbers(grid: Grid, row: int) -> bool:
    """A row "1 | 2 | 3 | …" numbering the columns under the header."""
    seen, texts = set(), []
    for c in grid[row]:
        if c is not None and id(c) not in seen:
            seen.add(id(c))
            if c.text.strip():
                texts.append(c.text.strip().rstrip("."))
    if len(texts) < 3 or len(texts) < len(seen) - 1:
        return False
    return texts == [str(i) for i in range(1, len(texts) + 1)]


def is_full_width(grid: Grid, row: int) -> bool:
    """One cell across the whole row (a task or a divider, never an activity)."""
    cells = [c for c in grid[row] if c is not None]
    return len(grid[row]) > 2 and bool(cells) and len(cells) == len(grid[row]) and all(c is cells[0] for c in cells)


def task_row_text(grid: Grid, row: int) -> str | None:
    """The text of a row that is a task heading: one cell across the table, or a
    «Задача N. …» / «Міндет N: …» cell alone in its row (a table whose task rows
    were not merged)."""
    if is_full_width(grid, row):
        return grid[row][0].text
    own = {id(c): c for c in grid[row] if c is not None and c.row == row and c.text.strip()}
    if len(own) == 1:
        (cell,) = own.values()
        if _TASK_LABEL.match(cell.text) and all(c is None or c is cell or not c.text.strip() for c in grid[row]):
            return cell.text
    return None


def is_task_row(grid: Grid, row: int) -> bool:
    """A row that names a task ("Задача 1. …", "Міндет 2: …")."""
    text = task_row_text(grid, row)
    return text is not None and bool(_TASK_LABEL.match(text))


def body_rows(grid: Grid, header_rows: int) -> list[int]:
    """The rows after the header that can hold data."""
    return [r for r in range(header_rows, len(grid))
            if not is_repeated_header(grid, r, header_rows) and not is_column_numbers(grid, r)]


def _own_texts(grid: Grid, rows: list[int], col: int | None) -> list[str]:
    """Non-empty texts of the cells of a column anchored in the given rows."""
    if col is None:
        return []
    out = []
    for r in rows:
        cell = grid[r][col] if col < len(grid[r]) else None
        if cell is not None and cell.row == r and cell.text.strip() and not is_full_width(grid, r):
            out.append(cell.text)
    return out


def _share(texts: list[str], test: Callable[[str], bool]) -> float:
    return sum(1 for t in texts if test(t)) / len(texts) if texts else 0.0


def is_number(text: str) -> bool:
    return parse_number(text).status == "number"


def is_unit(text: str) -> bool:
    """A unit cell: one unit («чел.», «тг») or several («орг./чел.»)."""
    parts = [p for p in regex.split(r"[/,;]", text) if p.strip()]
    return bool(parts) and all(parse_unit(p) is not None for p in parts)


def is_effect_line(text: str) -> bool:
    return matcher("EFFECT_ROWS").best(text) is not None or matcher("EFFECT_SUBLINE").at_start(text) is not None


def _results(grid: Grid, header_rows: int, columns: dict[str, int]) -> int:
    rows = body_rows(grid, header_rows)
    points = 0
    figures = _own_texts(grid, rows, columns.get("plan")) + _own_texts(grid, rows, columns.get("fact"))
    if "plan" in columns and "fact" in columns and len(figures) >= 2 and _share(figures, is_number) >= 0.5:
        points += 1
    titles = _own_texts(grid, rows, columns.get("title"))
    numbers = _own_texts(grid, rows, columns.get("number"))
    if any(is_task_row(grid, r) for r in rows) or (numbers and _share(numbers, _NUMBERED.match) >= SHARE):
        points += 1
    if titles and _share(titles, is_effect_line) >= 0.5:
        points -= 2  # these are the social and economic effect lines, not activities
    return points


def _effect(grid: Grid, header_rows: int, columns: dict[str, int]) -> int:
    rows = body_rows(grid, header_rows)
    points = 0
    units = _own_texts(grid, rows, columns.get("unit"))
    if units and _share(units, is_unit) >= SHARE:
        points += 1
    lines = _own_texts(grid, rows, columns.get("indicator"))
    if lines and (sum(1 for t in lines if is_effect_line(t)) >= 3 or _share(lines, is_effect_line) >= 0.5):
        points += 1
    return points


_RULES: dict[str, Callable[[Grid, int, dict[str, int]], int]] = {"results": _results, "effect": _effect}


def content_evidence(kind: str, grid: Grid, header_rows: int, columns: dict[str, int]) -> int:
    """Points the body gives the kind (negative when it contradicts it)."""
    rule = _RULES.get(kind)
    return rule(grid, header_rows, columns) if rule else 0
