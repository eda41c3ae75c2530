"""What every normalisation step shares: provenance, findings, label-language votes."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from esep.extract.model import Document
from esep.normalize.findings import report_finding
from esep.schemas import Finding


@dataclass(frozen=True, slots=True)
class Prov:
    """Where a value was read: page (1-based, None for DOCX), table index, row."""

    page: int | None = None
    table: int | None = None
    row: int | None = None

    @property
    def location(self) -> str:
        parts = []
        if self.table is not None:
            parts.append(f"table {self.table}")
            if self.row is not None:
                parts.append(f"row {self.row}")
        if self.page is not None:
            parts.append(f"page {self.page}")
        return " ".join(parts) if parts else "text"

    def fields(self) -> dict:
        return {"source_page": self.page, "source_table": self.table, "source_row": self.row}


@dataclass
class Ctx:
    doc: Document
    report_year: int | None = None
    findings: list[Finding] = field(default_factory=list)
    lang_votes: Counter = field(default_factory=Counter)
    # every demographics table's own "всего" figure: (dimension, count, prov), for the checks
    demo_totals: list = field(default_factory=list)
    # physical table index -> every physical table of the logical table it belongs to (split tables joined)
    table_groups: dict[int, frozenset[int]] = field(default_factory=dict)

    def same_table(self, index: int | None) -> frozenset[int | None]:
        """The physical tables read as one with table ``index``."""
        return self.table_groups.get(index, frozenset({index})) if index is not None else frozenset({None})

    def vote(self, lang: str | None, weight: int = 1) -> None:
        if lang:
            self.lang_votes[lang] += weight

    def finding(self, code: str, message: str, prov: Prov | None = None, value: str | None = None,
                location: str | None = None) -> None:
        """Record a finding of ``code`` (its severity is the registry's, schemas/codes.py)."""
        self.findings.append(report_finding(code, message, prov, value, location))
