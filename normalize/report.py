"""Assemble one ReportBundle from a Document: the thin pipeline over the parts."""

from __future__ import annotations

import datetime as dt

from esep.extract.model import Document, Table
from esep.normalize import header as H
from esep.normalize.checks import run_checks
from esep.normalize.activities import from_results, from_works
from esep.normalize.context import Ctx
from esep.normalize.provenance import source_columns
from esep.normalize.demographics import from_demographics
from esep.normalize.effect import from_effect
from esep.normalize.narrative import merge_narrative, planned_tasks
from esep.normalize.plan_fact import TaskHint
from esep.normalize.partners import from_partners
from esep.normalize.publications import from_publications
from esep.normalize.sections import split_sections
from esep.normalize.stitch import join_split_tables
from esep.normalize.tables import TableView, classify
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
    report_type, _ = H.report_type(doc, ctx)
    lines = H.header_lines(doc)
    fields = H.header_fields(lines, ctx)
    views = join_split_tables(doc, {t.index: classify(t) for t in doc.tables() if t.depth == 0})
    kinds = {v.kind for v in views}
    for view in views:
        for index in view.tables:
            ctx.table_groups[index] = frozenset(view.tables)
    if report_type is None:
        report_type = next((_FORM_OF_KIND[v.kind] for v in views if v.kind in _FORM_OF_KIND), None)

    number, agreement_date = H.agreement_of_value(fields["agreement"][0]) if "agreement" in fields else (None, None)
    if number is None and agreement_date is None:
        number, agreement_date = H.agreement(doc, None)
    period = H.period_year(fields["period"][0]) if "period" in fields else None
    # scanning every cell for dates is the costliest step: only when the agreement gives no year
    years = H.explicit_years(doc) if agreement_date is None and period is None else []
    ctx.report_year = H.report_year(agreement_date, doc, years, period)

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
    is_report = report_type is not None and (fields or kinds & _REPORT_KINDS)
    if not is_report:
        report.report_type = "unknown"
        ctx.finding("not_a_report",
                    "The document does not look like an interim or final programme report.")
        bundle.findings = ctx.findings
        return bundle

    for key, (text, prov) in fields.items():
        if key == "grantee":
            report.grantee = values.text_or_none(text)
        elif key == "grant_topic":
            report.grant_topic = values.text_or_none(H.strip_quotes(text))
        elif key == "grant_amount":
            report.grant_amount_kzt = H.amount(text, prov, ctx)
    report.agreement_number = number
    report.agreement_date = agreement_date
    report.report_year = ctx.report_year
    report.signatory = H.signatory(lines)

    header_tables = {prov.table for _, prov in fields.values() if prov.table is not None}
    placed, items = split_sections(doc, ctx, report.signatory)
    block_of = {b.index: i for i, b in enumerate(doc.blocks) if isinstance(b, Table)}

    have_total = False
    task_hints: dict[int, TaskHint] = {}
    for view in views:
        for lang, n in view.langs.items():
            ctx.vote(lang, n)
        kind = view.kind
        if kind == "works":
            bundle.activities += from_works(view, ctx, len(bundle.activities) + 1)
        elif kind == "results":
            read = from_results(view, ctx, len(bundle.activities) + 1)
            bundle.activities += read.activities
            bundle.indicators += read.indicators
            task_hints.update(read.task_hints)
        elif kind == "effect":
            bundle.indicators += from_effect(view, ctx)
        elif kind in ("gender", "social_status", "age", "participants"):
            rows = from_demographics(view, ctx, have_total)
            have_total = have_total or any(d.dimension == "total" for d in rows)
            bundle.demographics += rows
            kinds |= {d.dimension for d in rows if d.dimension != "total"}  # the dimensions one table gives
        elif kind == "publications":
            bundle.publications += from_publications(view, ctx)
        elif kind == "partners":
            bundle.partners += from_partners(view)
        elif kind == "goal":
            placed += [(block_of.get(view.table.index, 0), s) for s in _goal_sections(view)]
    read_tables = {index for v in views for index in v.tables}
    for table in doc.tables():
        if table.depth or table.index in header_tables or table.index in read_tables:
            continue
        if _has_content(table):
            ctx.finding("table_not_recognised",
                        "A table matches none of the report forms' tables and was not read.",
                        table.provenance(),
                        _preview(table))
    bundle.sections = [s for _, s in sorted(placed, key=lambda p: p[0])]  # document order
    merge_narrative(bundle.activities, items, ctx, task_hints, planned_tasks([p.text for p in doc.paragraphs()]))
    report.language = _language(ctx)
    run_checks(bundle, ctx, kinds)
    bundle.findings = ctx.findings
    return bundle


def _goal_sections(view: TableView):
    from esep.schemas import Section

    out = []
    for key, r in view.columns.items():
        cells = []
        seen = set()
        for c in view.grid[r]:
            if c is not None and id(c) not in seen:
                seen.add(id(c))
                cells.append(c)
        cells = [c for c in cells if c.text.strip()]
        if not cells:
            continue
        heading = values.text_or_none(cells[0].text)
        text = values.text_or_none("\n".join(c.text for c in cells[1:]), keep_newlines=True)
        if text is None and heading and ":" in heading:  # "Цель проекта: текст" in one cell
            head, _, rest = heading.partition(":")
            heading, text = head + ":", values.text_or_none(rest, keep_newlines=True)
        if heading and text:
            out.append(Section(section_key=key, heading=heading, text=text, **source_columns(view.prov(r))))
    return out


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
