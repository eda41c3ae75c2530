"""A table as a kind of the report forms sees it: fields by column, data rows, provenance.

``tables.classify`` makes a ``TableView``; every reader of a table kind
(activities, effect, demographics, publications, partners) asks it for "the
cell of field F in data row R" whatever the column order.  Data rows skip
what is not data (a header repeated in the body, a row of column numbers);
each row's provenance is its own physical table and row, also when the view
joins a table split in two (``stitch.py``).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from esep.extract.model import Cell, Provenance, Table
from esep.normalize.table_meaning import is_column_numbers, is_repeated_header


@dataclass(frozen=True, slots=True)
class RowOrigin:
    """Where a row of a (possibly joined) table stands in the document: its physical table and row there."""

    table: Table
    row: int


@dataclass
class TableView:
    table: Table
    kind: str
    header_rows: int
    columns: dict[str, int]  # field -> grid column
    header_texts: list[str]  # per grid column, header rows joined
    langs: dict[str, int] = field(default_factory=dict)  # label language votes
    transposed: bool = False
    # row -> its physical table and row, when the view joins split tables; None: all rows are ``table``'s
    origins: list[RowOrigin] | None = None
    _grid: list | None = None

    @property
    def grid(self) -> list[list[Cell | None]]:
        if self._grid is None:
            self._grid = self.table.grid()
        return self._grid

    @property
    def tables(self) -> tuple[int, ...]:
        """Indices of the physical tables the view reads."""
        if self.origins is None:
            return (self.table.index,)
        return tuple(dict.fromkeys(o.table.index for o in self.origins))

    def data_rows(self) -> list[int]:
        """Rows after the header, without a header repeated in the body or a row of column numbers."""
        grid = self.grid
        return [r for r in range(self.header_rows, self.table.n_rows)
                if not is_repeated_header(grid, r, self.header_rows) and not is_column_numbers(grid, r)]

    def prov(self, row: int) -> Provenance:
        """Provenance of a row: its own physical table's (pages, box, table index, row there)."""
        origin = self.origins[row] if self.origins is not None else RowOrigin(self.table, row)
        return origin.table.provenance(origin.row)

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
