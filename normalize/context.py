"""What every normalisation step shares: provenance, findings, label-language votes.

Where a value was read is the document model's ``Provenance``
(extract/model.py: pages, box, table, row, column); ``normalize.provenance``
turns it into a schema row's provenance columns.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from esep.extract.model import Document, Provenance
from esep.normalize.findings import report_finding
from esep.schemas import Finding


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

    def finding(self, code: str, message: str, prov: Provenance | None = None, value: str | None = None,
                location: str | None = None) -> None:
        """Record a finding of ``code`` (its severity is the registry's, schemas/codes.py)."""
        self.findings.append(report_finding(code, message, prov, value, location))
