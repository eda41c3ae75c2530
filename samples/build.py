#!/usr/bin/env python3
"""Rebuild the realistic sample reports in samples/ from their content modules.

    .venv/bin/python samples/build.py            # DOCX + PDF (needs LibreOffice)
    .venv/bin/python samples/build.py --no-pdf   # DOCX only

Outputs (next to this file unless --out is given):
    final_eco_mangystau.docx   content_final_ru.py   (seed: final_report_eco_mangystau.txt)
    interim_gamo.docx          content_interim_ru.py (seed: interim_report_gamo.txt)
    interim_gamo.pdf           interim_gamo.docx exported by LibreOffice headless
    final_eco_mangystau.pdf    final_eco_mangystau.docx with the plan/fact table's header
                               rows marked to repeat, exported by LibreOffice headless
    final_kk_zhasyl_dala.docx  content_final_kk.py   (invented, Kazakh)
    final_2024_sana_pavlodar.docx  content_final_2024_ru.py (invented, the 2024 edition of the form)

The content modules hold the data only (docmodel.py classes); this file holds
the python-docx / raw OXML machinery: merges (w:gridSpan, w:vMerge), repeating
header rows (w:tblHeader), external hyperlinks (w:hyperlink + relationship),
landscape sections.  The build is deterministic: fixed core-properties dates,
fixed ZIP entry times, and in the PDF a fixed CreationDate and /ID (same
LibreOffice version => same bytes).
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import io
import os
import re
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
if str(HERE) not in sys.path:
    sys.path.insert(0, str(HERE))

import docx  # noqa: E402
from docx.enum.section import WD_ORIENT  # noqa: E402
from docx.enum.style import WD_STYLE_TYPE  # noqa: E402
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK  # noqa: E402
from docx.opc.constants import RELATIONSHIP_TYPE as RT  # noqa: E402
from docx.oxml import OxmlElement  # noqa: E402
from docx.oxml.ns import qn  # noqa: E402
from docx.shared import Cm, Pt, RGBColor  # noqa: E402
from docx.table import _Cell  # noqa: E402

_saved_flag, sys.dont_write_bytecode = sys.dont_write_bytecode, True  # no __pycache__ in samples/
from docmodel import Document, PageBreak, Para, Table  # noqa: E402

sys.dont_write_bytecode = _saved_flag

ZIP_DATE = (2023, 1, 1, 0, 0, 0)
PDF_DATE = b"20230115100000"  # replaces the export time in the PDF's CreationDate
ALIGN = {
    "left": WD_ALIGN_PARAGRAPH.LEFT,
    "center": WD_ALIGN_PARAGRAPH.CENTER,
    "right": WD_ALIGN_PARAGRAPH.RIGHT,
    "both": WD_ALIGN_PARAGRAPH.JUSTIFY,
}
HYPERLINK_STYLE = "Hyperlink"


def _dxa(cm: float) -> int:
    return int(round(cm / 2.54 * 1440))


def _el(tag: str, **attrs) -> OxmlElement:
    el = OxmlElement(tag)
    for k, v in attrs.items():
        el.set(qn(k.replace("_", ":", 1)), str(v))
    return el


# ------------------------------------------------------------------ document

def _setup_document(d, spec: Document) -> None:
    """Fonts, spacing, language, page geometry, core properties."""
    styles = d.styles.element
    defaults = styles.find(qn("w:docDefaults"))
    rpr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    for child in list(rpr):
        if child.tag in (qn("w:rFonts"), qn("w:lang"), qn("w:sz"), qn("w:szCs")):
            rpr.remove(child)
    rpr.insert(0, _el("w:rFonts", w_ascii=spec.font, w_hAnsi=spec.font, w_cs=spec.font, w_eastAsia=spec.font))
    half_points = str(int(spec.size * 2))
    rpr.append(_el("w:sz", w_val=half_points))
    rpr.append(_el("w:szCs", w_val=half_points))
    rpr.append(_el("w:lang", w_val=spec.language, w_eastAsia=spec.language, w_bidi="ar-SA"))
    ppr_default = defaults.find(qn("w:pPrDefault"))
    if ppr_default is not None:
        defaults.remove(ppr_default)

    normal = d.styles["Normal"]
    normal.font.name = spec.font
    normal.font.size = Pt(spec.size)
    pf = normal.paragraph_format
    pf.space_before = Pt(0)
    pf.space_after = Pt(0)
    pf.line_spacing = 1.0

    if HYPERLINK_STYLE not in [s.name for s in d.styles]:
        link = d.styles.add_style(HYPERLINK_STYLE, WD_STYLE_TYPE.CHARACTER)
        link.font.color.rgb = RGBColor(0x05, 0x63, 0xC1)
        link.font.underline = True

    section = d.sections[0]
    if spec.landscape:
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = Cm(29.7), Cm(21.0)
    else:
        section.orientation = WD_ORIENT.PORTRAIT
        section.page_width, section.page_height = Cm(21.0), Cm(29.7)
    top, right, bottom, left = spec.margins_cm
    section.top_margin, section.right_margin = Cm(top), Cm(right)
    section.bottom_margin, section.left_margin = Cm(bottom), Cm(left)
    section.header_distance = section.footer_distance = Cm(1.25)

    when = dt.datetime.fromisoformat(spec.created.replace("Z", "+00:00"))
    cp = d.core_properties
    cp.title = spec.title
    cp.author = spec.author
    cp.last_modified_by = spec.author
    cp.created = when
    cp.modified = when
    cp.last_printed = when
    cp.revision = 1
    cp.comments = ""
    cp.subject = ""
    cp.keywords = ""
    cp.category = ""
    cp.language = spec.language


# ---------------------------------------------------------------- paragraphs

def _run_props(r_el, *, bold: bool, italic: bool, size: float | None, style: str | None = None):
    """Append a w:rPr to a raw w:r (used for hyperlink runs and paragraph marks)."""
    rpr = OxmlElement("w:rPr")
    if style:
        rpr.append(_el("w:rStyle", w_val=style))
    if bold:
        rpr.append(OxmlElement("w:b"))
    if italic:
        rpr.append(OxmlElement("w:i"))
    if size:
        rpr.append(_el("w:sz", w_val=int(size * 2)))
        rpr.append(_el("w:szCs", w_val=int(size * 2)))
    r_el.append(rpr)
    return rpr


def _add_hyperlink(p, url: str, text: str, *, bold: bool, italic: bool, size: float | None) -> None:
    """A real external hyperlink: <w:hyperlink r:id=...> pointing at a TargetMode=External rel."""
    r_id = p.part.relate_to(url, RT.HYPERLINK, is_external=True)
    link = _el("w:hyperlink", r_id=r_id, w_history=1)
    run = OxmlElement("w:r")
    _run_props(run, bold=bold, italic=italic, size=size, style=p.part.document.styles[HYPERLINK_STYLE].style_id)
    t = OxmlElement("w:t")
    t.text = text
    t.set(qn("xml:space"), "preserve")
    run.append(t)
    link.append(run)
    p._p.append(link)


def _fill_paragraph(p, spec: Para, *, size: float | None, default_align: str | None) -> None:
    pf = p.paragraph_format
    align = spec.align or default_align
    if align:
        p.alignment = ALIGN[align]
    if spec.tab_cm is not None:
        pf.tab_stops.add_tab_stop(Cm(spec.tab_cm))
    if spec.first_indent_cm is not None:
        pf.first_line_indent = Cm(spec.first_indent_cm)
    if spec.space_before is not None:
        pf.space_before = Pt(spec.space_before)
    if spec.space_after is not None:
        pf.space_after = Pt(spec.space_after)
    if spec.keep_next:
        pf.keep_with_next = True
    size = spec.size or size
    for run in spec.runs:
        if not run.text:
            continue
        bold, italic = spec.bold or run.bold, spec.italic or run.italic
        if run.url:
            _add_hyperlink(p, run.url, run.text, bold=bold, italic=italic, size=size)
            continue
        r = p.add_run(run.text)
        if bold:
            r.bold = True
        if italic:
            r.italic = True
        if size:
            r.font.size = Pt(size)
    if size:  # the paragraph mark: sets the height of empty lines
        _run_props(p._p.get_or_add_pPr(), bold=False, italic=False, size=size)


# -------------------------------------------------------------------- tables

def _add_table(d, spec: Table, *, size: float | None) -> None:
    ncols = len(spec.widths_cm)
    table = d.add_table(rows=0, cols=ncols)
    borders = {True: "grid", False: "none"}.get(spec.borders, spec.borders)
    if borders not in ("grid", "rules", "none"):
        raise ValueError(f"borders: {spec.borders!r}")
    if borders == "grid":
        table.style = d.styles["Table Grid"]
    table.autofit = False  # w:tblLayout fixed: keep the given widths
    tbl_pr = table._tbl.tblPr
    tbl_w = tbl_pr.find(qn("w:tblW"))
    tbl_w.set(qn("w:type"), "dxa")
    tbl_w.set(qn("w:w"), str(sum(_dxa(w) for w in spec.widths_cm)))
    if spec.align == "center":
        tbl_pr.append(_el("w:jc", w_val="center"))
    for grid_col, width in zip(table._tbl.tblGrid.findall(qn("w:gridCol")), spec.widths_cm):
        grid_col.set(qn("w:w"), str(_dxa(width)))

    size = spec.font_size or size
    n_header = next((i for i, row in enumerate(spec.rows) if not row.header), len(spec.rows)) or 1
    ruled_rows = {n_header - 1, len(spec.rows) - 1} if borders == "rules" else set()
    for row_no, row in enumerate(spec.rows):
        spans = sum(c.span for c in row.cells)
        if spans != ncols:
            raise ValueError(f"row spans {spans} columns, table has {ncols}: {row}")
        tr = table.add_row()._tr
        for tc in list(tr.tc_lst):
            tr.remove(tc)
        if row.cant_split:
            tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))
        if row.header:
            tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))
        col = 0
        for cell in row.cells:
            tc = OxmlElement("w:tc")
            tc_pr = OxmlElement("w:tcPr")
            width = sum(_dxa(w) for w in spec.widths_cm[col : col + cell.span])
            tc_pr.append(_el("w:tcW", w_w=width, w_type="dxa"))
            if cell.span > 1:
                tc_pr.append(_el("w:gridSpan", w_val=cell.span))
            if cell.vmerge == "restart":
                tc_pr.append(_el("w:vMerge", w_val="restart"))
            elif cell.vmerge == "continue":
                tc_pr.append(OxmlElement("w:vMerge"))
            elif cell.vmerge is not None:
                raise ValueError(cell.vmerge)
            if row_no in ruled_rows:
                tc_borders = OxmlElement("w:tcBorders")
                tc_borders.append(_el("w:bottom", w_val="single", w_sz=6, w_space=0, w_color="000000"))
                tc_pr.append(tc_borders)
            if cell.shade:
                tc_pr.append(_el("w:shd", w_val="clear", w_color="auto", w_fill=cell.shade))
            tc.append(tc_pr)
            tr.append(tc)
            cell_obj = _Cell(tc, table)
            for para in cell.paras:
                _fill_paragraph(cell_obj.add_paragraph(), para, size=size, default_align=None)
            col += cell.span


# ------------------------------------------------------------------- builder

def render_docx(spec: Document, path: Path) -> Path:
    d = docx.Document()
    _setup_document(d, spec)
    body_size = None  # body paragraphs use the Normal style's size
    table_size = spec.extra.get("table_size")
    for block in spec.blocks:
        if isinstance(block, Para):
            _fill_paragraph(d.add_paragraph(), block, size=body_size, default_align=spec.default_align)
        elif isinstance(block, Table):
            _add_table(d, block, size=table_size)
        elif isinstance(block, PageBreak):
            d.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
        else:
            raise TypeError(block)
    buf = io.BytesIO()
    d.save(buf)
    _write_deterministic_zip(buf.getvalue(), path)
    return path


def _write_deterministic_zip(blob: bytes, path: Path) -> None:
    """Re-pack the package with fixed entry times so that rebuilding gives the same bytes."""
    src = zipfile.ZipFile(io.BytesIO(blob))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            zi = zipfile.ZipInfo(info.filename, date_time=ZIP_DATE)
            zi.compress_type = zipfile.ZIP_DEFLATED
            zi.external_attr = 0o644 << 16
            dst.writestr(zi, src.read(info.filename))
    path.write_bytes(out.getvalue())


# ----------------------------------------------------------------------- PDF

def find_soffice() -> str | None:
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found:
            return found
    return None


def export_pdf(docx_path: Path, pdf_path: Path) -> Path:
    """docx -> pdf with LibreOffice headless, in a private profile, then pin the volatile bytes."""
    with tempfile.TemporaryDirectory(prefix="esep-samples-") as tmp:
        produced = export_pdfs([docx_path], Path(tmp))[0]
        data = produced.read_bytes()
    pdf_path.write_bytes(data)
    return pdf_path


def export_pdfs(docx_paths: list[Path], out_dir: Path) -> list[Path]:
    """Many docx -> pdf in one LibreOffice run (its start-up is most of the time),
    each written to ``out_dir`` under its own stem, volatile bytes pinned."""
    soffice = find_soffice()
    if not soffice:
        raise RuntimeError("LibreOffice (soffice) not found: install it or run with --no-pdf")
    out_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="esep-samples-") as tmp:
        tmp = Path(tmp)
        cmd = [
            soffice,
            f"-env:UserInstallation=file://{tmp / 'profile'}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp / "out"),
            *[str(p) for p in docx_paths],
        ]
        env = dict(os.environ, TZ="UTC")
        res = subprocess.run(cmd, capture_output=True, text=True, timeout=120 + 30 * len(docx_paths), env=env)
        out = []
        for docx_path in docx_paths:
            produced = tmp / "out" / (docx_path.stem + ".pdf")
            if res.returncode != 0 or not produced.exists():
                raise RuntimeError(f"soffice failed ({res.returncode}) on {docx_path}: {res.stdout}\n{res.stderr}")
            dest = out_dir / produced.name
            dest.write_bytes(_pin_pdf(produced.read_bytes(), seed=docx_path.read_bytes()))
            out.append(dest)
    return out


def _pin_pdf(data: bytes, seed: bytes) -> bytes:
    """Same-length byte patches (xref offsets stay valid): export time and document /ID."""
    data = re.sub(rb"(/CreationDate\s*\(D:)\d{14}", lambda m: m.group(1) + PDF_DATE, data)
    data = re.sub(rb"(/ModDate\s*\(D:)\d{14}", lambda m: m.group(1) + PDF_DATE, data)
    digest = hashlib.md5(seed).hexdigest().upper().encode()

    def fix_id(m: re.Match) -> bytes:
        a, b = m.group(1), m.group(2)
        return m.group(0).replace(a, digest[: len(a)].ljust(len(a), b"0"), 1).replace(
            b, digest[: len(b)].ljust(len(b), b"0")
        )

    data = re.sub(rb"/ID\s*\[\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*\]", fix_id, data)
    # LibreOffice's own /DocChecksum varies from run to run as well
    return re.sub(rb"(/DocChecksum\s*/)([0-9A-Fa-f]{32})", lambda m: m.group(1) + digest[:32], data)


def inspect_interim_pdf(pdf_path: Path) -> dict:
    """What the brief asks to verify in the PDF: landscape pages, the work table's
    repeated header, rows that continue on the next page (empty № cell), links."""
    import pdfplumber

    report = {"pages": 0, "landscape": True, "header_pages": [], "continuations": [], "links": 0}
    with pdfplumber.open(pdf_path) as pdf:
        report["pages"] = len(pdf.pages)
        for no, page in enumerate(pdf.pages, 1):
            report["landscape"] &= page.width > page.height
            report["links"] += sum(1 for a in page.annots if a.get("uri"))
            for table in page.extract_tables():
                if not table or len(table[0]) != 9:
                    continue
                if (table[0][0] or "").strip() == "№" and "Стоимость" in "".join((table[0][8] or "").split()):
                    report["header_pages"].append(no)
                body = [r for r in table if r and (r[0] or "").strip() != "№"]
                if body:
                    first = body[0]
                    if not (first[0] or "").strip():
                        snippet = next((c for c in first if c and c.strip()), "")
                        report["continuations"].append((no, " ".join(snippet.split())[:60]))
    return report


# ---------------------------------------------------------------------- main

def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", type=Path, default=HERE, help="output folder (default: samples/)")
    ap.add_argument("--no-pdf", action="store_true", help="skip the LibreOffice PDF export")
    args = ap.parse_args(argv)
    out: Path = args.out
    out.mkdir(parents=True, exist_ok=True)

    saved, sys.dont_write_bytecode = sys.dont_write_bytecode, True  # no __pycache__ in samples/
    try:
        import content_final_2024_ru
        import content_final_kk
        import content_final_ru
        import content_interim_ru
    finally:
        sys.dont_write_bytecode = saved

    built = [
        render_docx(content_final_ru.DOCUMENT, out / "final_eco_mangystau.docx"),
        render_docx(content_interim_ru.DOCUMENT, out / "interim_gamo.docx"),
        render_docx(content_final_kk.DOCUMENT, out / "final_kk_zhasyl_dala.docx"),
        render_docx(content_final_2024_ru.DOCUMENT, out / "final_2024_sana_pavlodar.docx"),
    ]
    if not args.no_pdf:
        pdf = export_pdf(out / "interim_gamo.docx", out / "interim_gamo.pdf")
        built.append(pdf)
        info = inspect_interim_pdf(pdf)
        print(
            f"interim_gamo.pdf: {info['pages']} pages, landscape={info['landscape']}, "
            f"work-table header on pages {info['header_pages']}, links={info['links']}"
        )
        for page, snippet in info["continuations"]:
            print(f"  page {page}: table row continued from the previous page: {snippet!r}")
        if not info["landscape"] or len(info["header_pages"]) < 2 or not info["continuations"] or not info["links"]:
            print("interim_gamo.pdf does not show the expected layout", file=sys.stderr)
            return 1
        # a final report as a text PDF: the plan/fact table's two header rows repeated on
        # every page (LibreOffice clips them), rows split by the page breaks
        final_docx = Path(tempfile.mkdtemp(prefix="esep-samples-")) / "final_eco_mangystau.docx"
        render_docx(content_final_ru.with_repeated_results_header(), final_docx)
        built.append(export_pdf(final_docx, out / "final_eco_mangystau.pdf"))
        shutil.rmtree(final_docx.parent, ignore_errors=True)
    for path in built:
        print(f"wrote {path} ({path.stat().st_size} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
