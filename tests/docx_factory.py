"""Build small DOCX files from raw WordprocessingML for tests.

Writing the package by hand (rather than through python-docx) lets tests
put in exactly the constructs a reader must survive: content controls,
text boxes, tracked changes, complex fields, absurd spans, bombs.
"""

from __future__ import annotations

import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

NS = (
    'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" '
    'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
    'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
    'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
    'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
    'xmlns:v="urn:schemas-microsoft-com:vml"'
)

CONTENT_TYPES = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
<Default Extension="xml" ContentType="application/xml"/>
<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>
<Override PartName="/word/header1.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml"/>
</Types>"""

ROOT_RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>
</Relationships>"""


def run(text: str, bold: bool = False) -> str:
    rpr = "<w:rPr><w:b/></w:rPr>" if bold else ""
    return f'<w:r>{rpr}<w:t xml:space="preserve">{escape(text)}</w:t></w:r>'


def p(*content: str, style: str | None = None) -> str:
    """A paragraph; plain strings become runs, strings starting with '<' are raw XML."""
    ppr = f'<w:pPr><w:pStyle w:val="{style}"/></w:pPr>' if style else ""
    body = "".join(c if c.startswith("<") else run(c) for c in content)
    return f"<w:p>{ppr}{body}</w:p>"


def tc(*paras: str, span: int = 1, vmerge: str | None = None) -> str:
    props = ""
    if span != 1:
        props += f'<w:gridSpan w:val="{span}"/>'
    if vmerge == "restart":
        props += '<w:vMerge w:val="restart"/>'
    elif vmerge == "continue":
        props += "<w:vMerge/>"
    tcpr = f"<w:tcPr>{props}</w:tcPr>" if props else ""
    content = "".join(x if x.startswith("<") else p(x) for x in paras) or "<w:p/>"
    return f"<w:tc>{tcpr}{content}</w:tc>"


def tr(*cells: str, grid_before: int = 0) -> str:
    trpr = f'<w:trPr><w:gridBefore w:val="{grid_before}"/></w:trPr>' if grid_before else ""
    return f"<w:tr>{trpr}{''.join(cells)}</w:tr>"


def tbl(*rows: str, cols: int) -> str:
    grid = "".join('<w:gridCol w:w="1000"/>' for _ in range(cols))
    return f"<w:tbl><w:tblPr/><w:tblGrid>{grid}</w:tblGrid>{''.join(rows)}</w:tbl>"


def hyperlink(text: str, rid: str) -> str:
    return f'<w:hyperlink r:id="{rid}">{run(text)}</w:hyperlink>'


def write_docx(path: Path, body_xml: str, *, links: dict[str, str] | None = None,
               header_text: str | None = None, extra_parts: dict[str, bytes] | None = None) -> Path:
    rels = []
    for rid, target in (links or {}).items():
        rels.append(
            f'<Relationship Id="{rid}" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
            f'relationships/hyperlink" Target="{escape(target)}" TargetMode="External"/>'
        )
    sect = ""
    if header_text is not None:
        rels.append(
            '<Relationship Id="rIdH" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
            'relationships/header" Target="header1.xml"/>'
        )
        sect = '<w:sectPr><w:headerReference w:type="default" r:id="rIdH"/></w:sectPr>'
    doc = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f"<w:document {NS}><w:body>{body_xml}{sect}</w:body></w:document>"
    )
    doc_rels = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        + "".join(rels)
        + "</Relationships>"
    )
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", CONTENT_TYPES)
        zf.writestr("_rels/.rels", ROOT_RELS)
        zf.writestr("word/document.xml", doc)
        zf.writestr("word/_rels/document.xml.rels", doc_rels)
        if header_text is not None:
            zf.writestr(
                "word/header1.xml",
                f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:hdr {NS}>{p(header_text)}</w:hdr>',
            )
        for name, data in (extra_parts or {}).items():
            zf.writestr(name, data)
    return path


def interim_report(path: Path, n: int, rows: int = 2) -> Path:
    """A small interim report, different for each n (its grantee, topic,
    amount and rows carry n): what the watcher tests and bench feed in."""
    path.parent.mkdir(parents=True, exist_ok=True)
    body = (
        p("Промежуточный программный отчет")
        + p(f"Грантополучатель: ОЮЛ «Гражданский Альянс {n}»")
        + p(f"Тема гранта: «Развитие гражданских инициатив № {n}»")
        + p(f"Сумма гранта: {1_000_000 + n * 7919} тенге")
        + tbl(tr(tc("№"), tc("Мероприятие"), tc("Дата проведения"), tc("Охват")),
              *[tr(tc(str(i)), tc(f"Семинар {n}-{i}"), tc(f"{i + 1}.05.2022"), tc(str(10 * i + n)))
                for i in range(1, rows + 1)], cols=4)
    )
    return write_docx(path, body)
