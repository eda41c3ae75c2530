"""Assemble one ReportBundle from a Document: the thin pipeline over the parts."""

from __future__ import annotations

import datetime as dt

from esep.extract.model import Document, Table
from esep.normalize import header as H
from esep.normalize.checks import run_checks
from esep.normalize.context import Ctx
from esep.normalize.narrative import merge_narrative, planned_tasks
from esep.normalize.sections import split_sections
from esep.normalize.stitch import join_split_tables
from esep.normalize.table_handlers import TABLE_HANDLERS, ReportParts
from esep.normalize.tables import classify
from esep.normalize import values
from esep.schemas import Report, ReportBundle, parser_version

# Table kinds that identify a report form when the title is missing.
_FORM_OF_KIND = {"works": "interim", "results": "final", "effect": "final"}
_REPORT_KINDS = {"works", "results", "effect", "gender", "social_status", "age", "participants", "publications",
                 "partners"}


def normalize(
    doc: Document,
    *,
    source_file: str,
    sha256: str,
    extracted_at: dt.datetime,
) -> ReportBundle:
    ctx = Ctx(doc)
    header = H.read_header(doc, ctx)
    report_type = header.report_type
    views = join_split_tables(doc, {t.index: classify(t) for t in doc.tables() if t.depth == 0})
    kinds = {v.kind for v in views}
    for view in views:
        for index in view.tables:
            ctx.table_groups[index] = frozenset(view.tables)
    if report_type is None:
        report_type = next((_FORM_OF_KIND[v.kind] for v in views if v.kind in _FORM_OF_KIND), None)
    ctx.report_year = header.report_year

    report = Report(
        report_id=sha256[:16],
        source_file=source_file,
        source_sha256=sha256,
        source_format=doc.source_format,
        report_type=report_type or "unknown",
        page_count=doc.page_count,
        parser_version=parser_version(),
        extracted_at=extracted_at,
    )
    bundle = ReportBundle(report=report)
    is_report = report_type is not None and (header.fields() or kinds & _REPORT_KINDS)
    if not is_report:
        report.report_type = "unknown"
        ctx.finding("not_a_report",
                    "The document does not look like an interim or final programme report.")
        bundle.findings = ctx.findings
        return bundle

    if header.grantee is not None:
        report.grantee = values.text_or_none(header.grantee.text)
    if header.grant_topic is not None:
        report.grant_topic = values.text_or_none(H.strip_quotes(header.grant_topic.text))
    if header.grant_amount is not None:
        report.grant_amount_kzt = H.amount(header.grant_amount.text, header.grant_amount.prov, ctx)
    report.agreement_number = header.agreement_number
    report.agreement_date = header.agreement_date
    report.report_year = ctx.report_year
    report.signatory = header.signatory.text if header.signatory is not None else None

    placed, items = split_sections(doc, ctx, report.signatory)
    block_of = {b.index: i for i, b in enumerate(doc.blocks) if isinstance(b, Table)}

    parts = ReportParts()
    for view in views:
        for lang, n in view.langs.items():
            ctx.vote(lang, n)
        handler = TABLE_HANDLERS.get(view.kind)
        if handler is not None:
            handler(view, ctx, parts)
    bundle.activities = parts.activities
    bundle.indicators = parts.indicators
    bundle.demographics = parts.demographics
    bundle.publications = parts.publications
    bundle.partners = parts.partners
    kinds |= parts.dimensions
    placed += [(block_of.get(t.table, 0), t.section) for t in parts.sections]
    read_tables = {index for v in views for index in v.tables}
    for table in doc.tables():
        if table.depth or table.index in header.tables or table.index in read_tables:
            continue
        if _has_content(table):
            ctx.finding("table_not_recognised",
                        "A table matches none of the report forms' tables and was not read.",
                        table.provenance(),
                        _preview(table))
    bundle.sections = [s for _, s in sorted(placed, key=lambda p: p[0])]  # document order
    merge_narrative(bundle.activities, items, ctx, parts.task_hints, planned_tasks([p.text for p in doc.paragraphs()]))
    report.language = _language(ctx)
    run_checks(bundle, ctx, kinds)
    bundle.findings = ctx.findings
    return bundle


def _has_content(table) -> bool:
    return any(c.text.strip() for c in table.cells())


def _preview(table) -> str:
    texts = [c.text.strip() for c in table.cells() if c.text.strip()]
    return " | ".join(t[:40] for t in texts[:4])


def _language(ctx: Ctx) -> str | None:
    ru, kk = ctx.lang_votes.get("ru", 0), ctx.lang_votes.get("kk", 0)
    total = ru + kk
    if not total:
        return None
    if min(ru, kk) >= total / 4:
        return "mixed"
    return "ru" if ru > kk else "kk"
