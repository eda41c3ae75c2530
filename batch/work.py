"""What a parsing child does with one file (runs under ``guard``), and the
JSON form of its result (the spool's, and what a Dask worker sends back).

The result is ``guarded``'s typed one: ``Read(ReportRows)`` or
``Unreadable``.
"""

from __future__ import annotations

from dataclasses import dataclass

from esep.extract.errors import ExtractError
from esep.guarded import Read, ReadResult, Unreadable, read_in_child

#: Imported once by the fork server so that every worker starts warm.
PRELOAD = (
    "esep.pipeline", "esep.extract", "esep.extract.docx.reader", "esep.extract.pdf.reader",
    "esep.normalize", "esep.schemas", "esep.writers.rows", "esep.batch.work",
)


@dataclass(frozen=True)
class ReportRows:
    """One report's rows, per table (plain dicts of built-in types: the
    cheapest thing to send back to the parent), and its page count."""

    tables: dict[str, list[dict]]
    page_count: int | None


def read_report(path: str, source_file: str, sha256: str, member: str | None = None,
                page_workers: int = 1) -> ReadResult[ReportRows]:
    """``Read(ReportRows)``, or ``Unreadable`` for a file that cannot be
    read.  ``member`` names a file inside the ZIP archive at ``path``
    (``batch.archives``): its bytes are read out of the archive, in
    memory, and must still be ``sha256``.  ``page_workers`` > 1: a scan's
    pages are OCR'd that many at a time (``extract.ocr.parallel``; the
    batch asks for it at its tail).
    """
    return read_in_child(_report_rows, path, source_file, sha256, member, page_workers)


def _report_rows(path: str, source_file: str, sha256: str, member: str | None, page_workers: int) -> ReportRows:
    from esep.extract.ocr.parallel import page_workers as ocr_page_workers
    from esep.pipeline import process_file
    from esep.writers.rows import bundle_rows

    with ocr_page_workers(page_workers):
        if member:
            from esep.batch.archives import chain_of
            from esep.extract.archive.members import member_file

            with member_file(path, chain_of(member), sha256) as inside:
                bundle = process_file(inside, source_file=source_file, sha256=sha256)
        else:
            bundle = process_file(path, source_file=source_file, sha256=sha256)
    return ReportRows(bundle_rows(bundle), bundle.report.page_count)


# ------------------------------------------------------------------ JSON form


def result_as_json(result: ReadResult[ReportRows]) -> dict:
    """``{"tables": ..., "page_count": n}`` or ``{"error": reason, "code":
    code, "error_class": name}``; ``batch.store.dumps`` makes it text."""
    if isinstance(result, Read) and isinstance(result.value, ReportRows):
        return {"tables": result.value.tables, "page_count": result.value.page_count}
    if isinstance(result, Unreadable):
        return {"error": result.reason, "code": result.code, "error_class": result.error_class}
    raise TypeError(f"not a read result: {type(result).__name__}")


def result_from_json(data) -> ReadResult[ReportRows]:
    """``result_as_json`` undone; ValueError for anything else (a torn or
    foreign spool file: the file is read again)."""
    if isinstance(data, dict) and isinstance(data.get("tables"), dict):
        return Read(ReportRows(data["tables"], data.get("page_count")))
    if isinstance(data, dict) and isinstance(data.get("error"), str):
        return Unreadable(data.get("error_class") or ExtractError.__name__, data["error"],
                          data.get("code") or ExtractError.code)
    raise ValueError("not a read result")
