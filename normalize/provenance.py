"""The document model's ``Provenance`` as a schema row's provenance columns, and back.

A child row (schemas ``_Child``) carries where it was read: ``source_page``
(the first page), ``source_table``, ``source_row`` and ``source_bbox`` (the
box on that page, ``[x0, top, x1, bottom]`` in PDF points; None for DOCX).  ``source_columns``
writes them from a ``Provenance``; ``provenance_of`` reads them back from a
row, for a check that reports a finding at that row.
"""

from __future__ import annotations

from esep.extract.model import BBox, Provenance


def source_columns(prov: Provenance) -> dict:
    """The provenance columns of a schema row read at ``prov``."""
    return {"source_page": prov.page, "source_table": prov.table, "source_row": prov.row,
            "source_bbox": prov.bbox.as_list() if prov.bbox is not None else None}


def provenance_of(row) -> Provenance:
    """Where a schema child row was read (its provenance columns as a ``Provenance``)."""
    page, box = row.source_page, row.source_bbox
    return Provenance(pages=(page,) if page is not None else (), bbox=BBox(*box) if box else None,
                      table=row.source_table, row=row.source_row)
