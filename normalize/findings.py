"""Creating a finding: its code looked up in the registry (schemas/codes.py),
which gives its severity.

``report_finding`` makes a ``Finding`` of one report's checks (``Ctx.finding``
calls it); ``dataset_finding`` makes the row dict of a check across the
reports of a dataset (``report_id`` included, location ``dataset``).  Both
raise ``UnknownFindingCode`` for a code the registry does not hold for
their scope, so a new check cannot write a code nobody has described.
"""

from __future__ import annotations

from esep.extract.model import Provenance
from esep.schemas import Finding
from esep.normalize.provenance import source_columns
from esep.schemas.codes import finding_kind

#: a finding's ``value`` is cut to this many characters
VALUE_LIMIT = 500


def _cut(value: str | None) -> str | None:
    return value if value is None else value[:VALUE_LIMIT]


def report_finding(code: str, message: str, prov: Provenance | None = None, value: str | None = None,
                   location: str | None = None) -> Finding:
    """A finding of one report's checks at ``prov`` (its location unless ``location`` is given)."""
    kind = finding_kind(code, "report")
    prov = prov or Provenance()
    return Finding(severity=kind.severity, code=code, message=message, location=location or prov.location,
                   value=_cut(value), **source_columns(prov))


def dataset_finding(code: str, report_id: str, message: str, value: str | None = None) -> dict:
    """A row of the ``findings`` table from a check across reports: no page, table or row."""
    kind = finding_kind(code, "dataset")
    row = Finding(severity=kind.severity, code=code, message=message, location="dataset", value=_cut(value))
    return {"report_id": report_id, **row.model_dump()}
