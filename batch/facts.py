"""What the dataset-level checks need, gathered while a version is written.

``normalize.dataset_checks`` compares reports with each other (the same
agreement number in unrelated files, an interim and a final report that
disagree).  Rows stream through ``batch.run`` and are never all in memory,
so this keeps only a few fields per report: its header and one participant
figure.  The findings it produces replace the previous run's dataset-level
findings, so a re-run never repeats them.
"""

from __future__ import annotations

from collections import defaultdict

import pyarrow as pa
import pyarrow.compute as pc

from normalize.dataset_checks import DATASET_CODES, dataset_findings

REPORT_FIELDS = ("report_id", "source_file", "report_type", "agreement_number", "grantee", "grant_topic",
                 "grant_amount_kzt")
_FIELDS = {
    "reports": REPORT_FIELDS,
    "activities": ("report_id", "participants_actual"),
    "demographics": ("report_id", "dimension", "count"),
    "indicators": ("report_id", "key", "actual"),
}


class DatasetFacts:
    def __init__(self) -> None:
        self.reports: dict[str, dict] = {}
        self.interim_sums: dict[str, int] = defaultdict(int)
        self.totals: list[dict] = []  # demographics "total" rows
        self.participant_totals: list[dict] = []  # indicators participants_total rows

    def add_rows(self, table: str, rows: list[dict]) -> None:
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

    def findings(self) -> list[dict]:
        activities = [{"report_id": rid, "participants_actual": n} for rid, n in self.interim_sums.items()]
        return dataset_findings(list(self.reports.values()), activities, self.totals, self.participant_totals)


def without_dataset_findings(batch: pa.RecordBatch) -> pa.RecordBatch:
    """A findings batch without the previous run's dataset-level findings."""
    if not batch.num_rows:
        return batch
    old = pc.and_(pc.is_in(batch.column("code"), value_set=pa.array(DATASET_CODES)),
                  pc.equal(batch.column("location"), "dataset"))
    return batch.filter(pc.invert(pc.fill_null(old, False)))
