"""A DOCX package refused before python-docx parses it, and the parser's limits.

Any XML part that declares a DTD (``<!DOCTYPE``, which Word never writes)
is refused, so no entity (XXE, billion laughs), external DTD or attribute
default can play a part; only each part's prolog is read.  lxml's own
limits (256 levels of nesting, 10 MB text nodes) are told apart by
``xml_limit`` so that they end as ``LimitExceeded``.
"""

from __future__ import annotations

import zipfile

from esep.extract.errors import CorruptFile


class _PrologEnd(Exception):
    def __init__(self, doctype: bool):
        self.doctype = doctype


class _PrologTarget:
    """lxml parser target that stops at the DOCTYPE or at the root element."""

    def doctype(self, *_args) -> None:
        raise _PrologEnd(True)

    def start(self, *_args) -> None:
        raise _PrologEnd(False)

    def end(self, _tag) -> None: ...
    def data(self, _data) -> None: ...
    def comment(self, _text) -> None: ...
    def pi(self, *_args) -> None: ...
    def close(self) -> None: ...


def _declares_dtd(member) -> bool:
    """Does this ZIP member start as XML with a DOCTYPE?  Reads only its
    prolog (up to the root element); what is not XML is left to python-docx."""
    from lxml import etree

    first = member.read(1 << 16)
    if not first.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"<") and not first.startswith((b"\xff\xfe", b"\xfe\xff")):
        return False
    parser = etree.XMLParser(
        target=_PrologTarget(), resolve_entities=False, load_dtd=False, no_network=True, huge_tree=False
    )
    try:
        chunk = first
        while chunk:
            parser.feed(chunk)
            chunk = member.read(1 << 16)
        parser.close()
    except _PrologEnd as end:
        return end.doctype
    except Exception:  # not XML after all, or broken: python-docx judges it
        return False
    return False


def refuse_dtds(path) -> None:
    """Refuse a package any of whose XML parts declares a DTD."""
    try:
        with zipfile.ZipFile(path) as zf:
            for info in zf.infolist():
                if info.is_dir():
                    continue
                with zf.open(info) as member:
                    if _declares_dtd(member):
                        raise CorruptFile(
                            path,
                            f"XML part {info.filename!r} declares a DTD (<!DOCTYPE>), which Word never "
                            "writes: refused",
                        )
    except (zipfile.BadZipFile, OSError, EOFError, ValueError) as exc:
        raise CorruptFile(path, f"damaged ZIP container ({exc})") from None


def xml_limit(exc: BaseException) -> str | None:
    """The reason to report when lxml stopped at one of its limits."""
    if type(exc).__name__ != "XMLSyntaxError":
        return None
    msg = str(exc)
    if "Excessive depth" in msg:
        return "XML nested deeper than 256 levels (the parser's limit)"
    if "Resource limit exceeded" in msg or "huge" in msg.lower():
        return "an XML text or attribute larger than 10 MB (the parser's limit)"
    if "amplification" in msg:
        return "XML entities expand past the parser's limit"
    return None
