"""normalize.header.read_header and normalize.table_handlers: the header read once, tables by kind."""

from __future__ import annotations

import dataclasses
from datetime import date

from esep.extract.model import Cell, Document, Paragraph, Row, Table
from esep.normalize import patterns
from esep.normalize.context import Ctx
from esep.normalize.header import Header, HeaderValue, read_header
from esep.normalize.table_handlers import TABLE_HANDLERS


def _table(rows: list[list[str]], index: int, page: int) -> Table:
    return Table(rows=[Row(cells=[Cell(text=t, row=r, col=c) for c, t in enumerate(texts)], pages=(page,))
                       for r, texts in enumerate(rows)],
                 n_cols=max(len(r) for r in rows), index=index, pages=(page,))


def _document() -> Document:
    return Document(path="x.pdf", source_format="pdf", blocks=[
        Paragraph("Промежуточный программный отчет", page=1),
        _table([["Наименование грантополучателя", "ОФ «Шанс»"],
                ["Сумма гранта, тенге", "7 850 000"],
                ["Договор", "№ 112 от 03.04.2024"]], index=0, page=1),
        Paragraph("Тема гранта: «Правда в сети»", page=2),
        Paragraph("Директор Иванова А.Б.", page=3),
        Paragraph("Должность, Ф.И.О. руководителя", page=3),
    ])


def test_the_header_is_read_once_into_values_with_their_provenance():
    ctx = Ctx(_document())
    header = read_header(ctx.doc, ctx)
    assert header.report_type == "interim"
    assert header.grantee == HeaderValue("ОФ «Шанс»", header.grantee.prov)
    assert (header.grantee.prov.page, header.grantee.prov.table, header.grantee.prov.row) == (1, 0, 0)
    assert (header.grant_amount.text, header.grant_amount.prov.row) == ("7 850 000", 1)
    assert (header.grant_topic.text, header.grant_topic.prov.page, header.grant_topic.prov.table) == (
        "«Правда в сети»", 2, None)
    assert (header.agreement_number, header.agreement_date, header.report_year) == ("112", date(2024, 4, 3), 2024)
    assert header.period is None
    assert header.tables == frozenset({0})  # the header table is not a report table
    assert (header.signatory.text, header.signatory.prov.page) == ("Директор Иванова А.Б.", 3)
    assert ctx.lang_votes["ru"] > 0 and not ctx.findings


def test_a_document_without_a_header_has_an_empty_one():
    ctx = Ctx(Document(path="x.docx", source_format="docx", blocks=[Paragraph("Письмо")]))
    header = read_header(ctx.doc, ctx)
    assert (header.report_type, header.fields(), header.tables, header.agreement_number) == (
        None, (), frozenset(), None)


def test_every_header_label_field_has_its_place_in_the_header():
    assert set(patterns.HEADER_FIELDS) <= {f.name for f in dataclasses.fields(Header)}


def test_every_table_kind_the_forms_know_has_a_handler_but_the_proposals():
    assert set(TABLE_HANDLERS) == (set(patterns.TABLES) - {"proposals"}) | {"participants"}
