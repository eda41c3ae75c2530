"""What a parsing child does with one file (runs under ``guard``)."""

from __future__ import annotations

#: Imported once by the fork server so that every worker starts warm.
PRELOAD = (
    "esep.pipeline", "esep.extract", "esep.extract.docx.reader", "esep.extract.pdf.reader",
    "esep.normalize", "esep.schemas", "esep.writers.rows", "esep.batch.work",
)


def read_report(path: str, source_file: str, sha256: str, member: str | None = None,
                page_workers: int = 1) -> dict:
    """``{"tables": {table: rows}, "page_count": n}`` or, for a file that
    cannot be read, ``{"error": reason, "code": code}``.  ``member`` names a
    file inside the ZIP archive at ``path`` (``batch.archives``): its bytes
    are read out of the archive, in memory, and must still be ``sha256``.
    ``page_workers`` > 1: a scan's pages are OCR'd that many at a time
    (``extract.ocr.parallel``; the batch asks for it at its tail).

    Rows are plain dicts (built-in types only): the cheapest thing to send
    back to the parent.
    """
    from esep.extract.errors import ExtractError
    from esep.extract.ocr.parallel import page_workers as ocr_page_workers
    from esep.pipeline import process_file
    from esep.writers.rows import bundle_rows

    try:
        with ocr_page_workers(page_workers):
            if member:
                from esep.batch.archives import chain_of
                from esep.extract.archive.members import member_file

                with member_file(path, chain_of(member), sha256) as inside:
                    bundle = process_file(inside, source_file=source_file, sha256=sha256)
            else:
                bundle = process_file(path, source_file=source_file, sha256=sha256)
    except ExtractError as err:
        return {"error": err.reason, "code": err.code}
    return {"tables": bundle_rows(bundle), "page_count": bundle.report.page_count}
