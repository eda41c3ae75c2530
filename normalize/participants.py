"""The participants written downwards in one table: category | count, by group.

The 2024 edition gives gender, social status and age in one two-column
table: a total row, then group rows («По полу», «По социальному статусу»,
«По возрасту») each followed by its categories.  A group row is not a
category: it says which dimension the rows under it belong to.  A row is
read against its group's categories only; with no group yet, against all of
them (a phrase that opens the label beats an age bracket inside it:
«Молодежь (14-35 лет)» is youth).  A label that is no category of its group
is a finding (``category_not_recognised``), never a guess, and so is every
row under a group that is not known.  Rows before the first one read that
hold no number are the table's header.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from esep.extract.model import Table
from esep.normalize import patterns
from esep.normalize.ages import age_bracket, age_category
from esep.normalize.context import Ctx
from esep.normalize.provenance import source_columns
from esep.normalize.labels import Hit, PhraseMatcher, matcher
from esep.normalize.table_meaning import is_number
from esep.normalize.table_view import TableView
from esep.normalize.text import clean_text
from esep.normalize import values
from esep.schemas import Demographic

MAX_COLUMNS = 5
LABEL_COLUMNS = 2
MAX_LABEL_CHARS = 150
FIRST_CATEGORY_WITHIN = 12  # labelled rows
#: a category named this far into a label is not what the row is ("Работа с молодежью …")
MAX_CATEGORY_START = 8  # "в т.ч. ", "из них: " may open a category label
_PHRASE_DIMENSIONS = ("gender", "social_status")
_DIMENSIONS = ("gender", "social_status", "age")
UNKNOWN_GROUP = "unknown"


@dataclass(frozen=True, slots=True)
class RowMeaning:
    """What one row of the table is: total, subtotal, group, category or unknown."""

    kind: str
    dimension: str | None = None
    category: str | None = None
    age_min: int | None = None
    age_max: int | None = None
    lang: str | None = None


@lru_cache(maxsize=None)
def _categories(dimension: str) -> PhraseMatcher:
    columns = patterns.TABLES[dimension]["columns"]
    return PhraseMatcher({k: v for k, v in columns.items() if k != "total"})


def _best(hits: list[Hit]) -> Hit | None:
    # a category that opens the label beats one named later in it
    return max(hits, key=lambda h: h.score - 0.5 * h.start) if hits else None


def _category(label: str, dimension: str, *, in_group: bool = False) -> RowMeaning | None:
    if dimension == "age":
        bracket = age_bracket(label, bare=in_group)
        if bracket is None:
            return None
        lo, hi = bracket
        return RowMeaning("category", "age", age_category(lo, hi), lo, hi)
    hit = _best([h for h in _categories(dimension).hits(label) if h.start <= MAX_CATEGORY_START])
    return RowMeaning("category", dimension, hit.key, lang=hit.lang) if hit else None


def row_meaning(label: str, group: str | None, has_number: bool) -> RowMeaning:
    """The meaning of a row labelled ``label`` under ``group`` (a dimension, UNKNOWN_GROUP or None)."""
    total = matcher("DEMOGRAPHIC_TOTAL").at_start(label)
    named_group = matcher("DEMOGRAPHIC_GROUPS").at_start(label)
    if total is not None:
        of_group = matcher("DEMOGRAPHIC_GROUPS").best(label)  # "Итого по возрасту"
        if of_group is not None and of_group.start >= total.end:
            return RowMeaning("subtotal", of_group.key, lang=total.lang)
        return RowMeaning("total", lang=total.lang)
    if named_group is not None:
        return RowMeaning("subtotal" if has_number else "group", named_group.key, lang=named_group.lang)
    if group == UNKNOWN_GROUP:
        return RowMeaning("unknown")
    if group is not None:
        return _category(label, group, in_group=True) or RowMeaning("unknown")
    found = [m for m in (_category(label, d) for d in _DIMENSIONS) if m is not None]
    if not found:
        return RowMeaning("unknown")
    opening = [m for m in found if m.dimension in _PHRASE_DIMENSIONS and _opens(label, m)]
    if opening:
        return opening[0]
    return next((m for m in found if m.dimension == "age"), found[0])


def _opens(label: str, meaning: RowMeaning) -> bool:
    return _categories(meaning.dimension).at_start(label) is not None


def _label_and_count(table_grid, row: int, label_col: int, count_col: int) -> tuple[str, str]:
    label_cell = table_grid[row][label_col]
    count_cell = table_grid[row][count_col]
    label = clean_text(label_cell.text) if label_cell is not None and label_cell.row == row else ""
    if count_cell is None or count_cell is label_cell or count_cell.row != row:
        return label, ""
    return label, clean_text(count_cell.text)


def classify_participants(table: Table, grid) -> TableView | None:
    """A table whose rows are participant categories with their counts, or None.

    The labels stand in one of the first ``LABEL_COLUMNS`` columns (after a №
    column, say), the counts in a column to their right; a table wider than
    ``MAX_COLUMNS`` or a label longer than ``MAX_LABEL_CHARS`` is prose, not
    this table.
    """
    if not 2 <= table.n_cols <= MAX_COLUMNS:
        return None
    best = None
    for label_col in range(min(LABEL_COLUMNS, table.n_cols - 1)):
        rows, labels = [], 0
        for r in range(table.n_rows):
            label, _ = _label_and_count(grid, r, label_col, label_col + 1)
            labels += bool(label)
            if not rows and labels > FIRST_CATEGORY_WITHIN:
                break  # a participants table names categories from its first rows on
            meaning = row_meaning(label, None, True) if label and len(label) <= MAX_LABEL_CHARS else None
            if meaning is not None and meaning.kind == "category":
                rows.append((r, meaning))
        if len(rows) < 2 or (best is not None and len(rows) <= len(best[1])):
            continue
        for count_col in range(label_col + 1, table.n_cols):
            counts = [_label_and_count(grid, r, label_col, count_col)[1] for r, _ in rows]
            if sum(1 for c in counts if c and is_number(c)) * 2 >= len(rows):
                best = (label_col, rows, count_col)
                break
    if best is None:
        return None
    label_col, rows, count_col = best
    langs: dict[str, int] = {}
    for _, meaning in rows:
        if meaning.lang:
            langs[meaning.lang] = langs.get(meaning.lang, 0) + 1
    labels = [_label_and_count(grid, r, label_col, count_col)[0] for r in range(table.n_rows)]
    return TableView(table, "participants", 0, {"label": label_col, "count": count_col}, labels, langs,
                     transposed=True, _grid=grid)


def from_participants(view: TableView, ctx: Ctx, have_total: bool) -> list[Demographic]:
    """Demographics rows of the participants table, in its row order."""
    out: list[Demographic] = []
    group: str | None = None
    started = False
    total: tuple[int | None, object] | None = None
    subtotals: set[str] = set()
    for r in view.data_rows():
        label, count_text = _label_and_count(view.grid, r, view.columns["label"], view.columns["count"])
        has_number = bool(count_text) and is_number(count_text)
        if not label and not count_text:
            continue
        prov = view.prov(r)
        meaning = row_meaning(label, group, has_number) if label else RowMeaning("unknown")
        if meaning.kind == "unknown" and not started and not has_number:
            continue  # the table's own header ("Категория участников | Количество")
        started = True
        if meaning.kind == "group":
            group = meaning.dimension
            continue
        if meaning.kind == "unknown":
            if has_number or count_text:
                ctx.finding("category_not_recognised",
                            "A row of the participants table names no known category of its group; "
                            "its figure was not read.", prov, f"{label} | {count_text}")
            else:
                group = UNKNOWN_GROUP  # a group this form does not know: its rows are not guessed
            continue
        count = values.count(ctx, count_text, prov, f"figure for «{label}»",
                             confidence=values.confidence_of(view.grid[r][view.columns["count"]], r))
        if meaning.kind == "subtotal":
            ctx.demo_totals.append((meaning.dimension, count, prov))
            subtotals.add(meaning.dimension)
            continue
        if meaning.kind == "total":
            if total is None:
                total = (count, prov)
                if not have_total:
                    have_total = True
                    out.append(Demographic(dimension="total", category="all", label=label, count=count,
                                           **source_columns(prov)))
            continue
        out.append(Demographic(dimension=meaning.dimension, category=meaning.category, label=label,
                               age_min=meaning.age_min, age_max=meaning.age_max, count=count, **source_columns(prov)))
    if total is not None:
        for dimension in dict.fromkeys(d.dimension for d in out if d.dimension != "total"):
            if dimension not in subtotals:
                ctx.demo_totals.append((dimension, total[0], total[1]))
    return out
