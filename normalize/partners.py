"""The partners table -> partners rows."""

from __future__ import annotations

from esep.normalize.provenance import source_columns
from esep.normalize.table_view import TableView
from esep.normalize import values
from esep.schemas import Partner


def from_partners(view: TableView) -> list[Partner]:
    out: list[Partner] = []
    for r in view.data_rows():
        name = values.text_or_none(view.text(r, "name", own_row=True))
        role = values.text_or_none(view.text(r, "role", own_row=True))
        contacts = values.text_or_none(view.text(r, "contacts", own_row=True))
        note = values.text_or_none(view.text(r, "note", own_row=True))
        if name is None and role is None and contacts is None and note is None:
            continue
        prov = view.prov(r)
        out.append(Partner(name=name, role=role, contacts=contacts, note=note, **source_columns(prov)))
    return out
