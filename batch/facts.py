"""What the dataset-level checks need, gathered while a version is written.

``normalize.dataset_checks`` compares reports with each other (the same
agreement number in unrelated files, an interim and a final report that
disagree).  Rows stream through ``batch.run`` and are never all in memory,
so this keeps only a few fields per report: its header, one participant
figure and a digest of its figures (to recognise copies of one report).
The findings it produces replace the previous run's dataset-level
findings, so a re-run never repeats them; which reports are copies is
decided again over every version the same way.
"""

from __future__ import annotations

from collections import defaultdict

import pyarrow as pa
import pyarrow.compute as pc

from esep.normalize.dataset_checks import DATASET_CODES, DatasetReview, review_dataset
from esep.normalize.same_report import FIGURE_COLUMNS, HEADER_COLUMNS, FigureDigest

REPORT_FIELDS = tuple(dict.fromkeys(("report_id", "source_file", "source_format", "report_type", "agreement_number",
                                     "grantee", "grant_topic", "grant_amount_kzt", *HEADER_COLUMNS)))
_FIELDS = {"reports": REPORT_FIELDS}
for _table, (_keys, _values) in FIGURE_COLUMNS.items():
    _FIELDS[_table] = tuple(dict.fromkeys(("report_id", *_keys, *_values)))


class DatasetFacts:
    def __init__(self) -> None:
        self.reports: dict[str, dict] = {}
        self.interim_sums: dict[str, int] = defaultdict(int)
        self.totals: list[dict] = []  # demographics "total" rows
        self.participant_totals: list[dict] = []  # indicators participants_total rows
        self.digests: dict[str, FigureDigest] = defaultdict(FigureDigest)

    def add_rows(self, table: str, rows: list[dict]) -> None:
        if table in FIGURE_COLUMNS:
            for r in rows:
                self.digests[r["report_id"]].add(table, r)
        if table == "reports":
            for r in rows:
                self.reports[r["report_id"]] = {k: r.get(k) for k in REPORT_FIELDS}
        elif table == "activities":
            for r in rows:
                if r.get("participants_actual") is not None:
                    self.interim_sums[r["report_id"]] += int(r["participants_actual"])
        elif table == "demographics":
            self.totals += [{"report_id": r["report_id"], "dimension": "total", "count": r["count"]}
                            for r in rows if r.get("dimension") == "total" and r.get("count") is not None]
        elif table == "indicators":
            self.participant_totals += [{"report_id": r["report_id"], "key": r["key"], "actual": r["actual"]}
                                        for r in rows if r.get("key") == "participants_total"]

    def add_batch(self, table: str, batch: pa.RecordBatch) -> None:
        fields = _FIELDS.get(table)
        if fields is None or not batch.num_rows:
            return
        cols = [f for f in fields if batch.schema.get_field_index(f) >= 0]
        self.add_rows(table, pa.Table.from_batches([batch]).select(cols).to_pylist())

    def review(self) -> DatasetReview:
        """The dataset-level findings, and which reports are copies of another."""
        activities = [{"report_id": rid, "participants_actual": n} for rid, n in self.interim_sums.items()]
        return review_dataset(list(self.reports.values()), activities, self.totals, self.participant_totals,
                              self.digests)


def without_dataset_findings(batch: pa.RecordBatch) -> pa.RecordBatch:
    """A findings batch without the previous run's dataset-level findings."""
    if not batch.num_rows:
        return batch
    old = pc.and_(pc.is_in(batch.column("code"), value_set=pa.array(DATASET_CODES)),
                  pc.equal(batch.column("location"), "dataset"))
    return batch.filter(pc.invert(pc.fill_null(old, False)))
