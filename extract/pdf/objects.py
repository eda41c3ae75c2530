"""pdfplumber's page objects, built faster for characters.

``pdfplumber.Page.process_object`` turns every pdfminer layout object into
a dict.  For characters -- nearly all the objects of a text page -- it
passes each attribute through ``resolve_all`` (a recursive walk for
indirect references that plain numbers and strings never contain) and
decodes the colour-space name character by character, once per glyph.
Measured on the benchmark corpus that was about a third of the time of
reading a PDF.

``FastCharPage.process_object`` builds the same dict for a ``LTChar``
(same keys, same values, same order) and resolves only values that are not
plain; the colour-space name is decoded once per name.  Every other object
goes through pdfplumber unchanged.  ``speed_up(page)`` switches a page
that ``pdfplumber.PDF.pages`` made; ``tests/extract/pdf/test_pdf_objects.py`` compares
both builds object by object on real PDFs.

Its layout is also the *visible* one: characters drawn outside the
clipping path are left out and kept in ``clipped_chars``
(``extract.pdf.clip`` says why and how).  pdfplumber caches a page's
layout, so a page laid out before ``speed_up`` keeps what it had.
"""

from __future__ import annotations

from typing import Any

from pdfminer.layout import LTChar, LTPage
from pdfplumber.page import ALL_ATTRS, Page
from pdfplumber.utils.exceptions import PdfminerException
from pdfplumber.utils.pdfinternals import resolve_all, resolve_and_decode
from unicodedata import normalize as normalize_unicode

from esep.extract.pdf.clip import ClippedChar, visible_layout

_PLAIN = frozenset({int, float, str, bool, type(None)})


def _plain(value: Any) -> bool:
    t = type(value)
    if t in _PLAIN:
        return True
    return t is tuple and all(type(v) in _PLAIN for v in value)


class FastCharPage(Page):
    """A pdfplumber page whose character objects are built without the
    per-attribute recursion; the result equals ``Page.process_object``'s."""

    _ncs_names: dict[Any, Any]
    clipped_chars: list[ClippedChar] = []

    @property
    def layout(self) -> LTPage:
        if hasattr(self, "_layout"):
            return self._layout
        try:
            layout, clipped = visible_layout(self)
        except Exception as e:
            raise PdfminerException(e)
        self._layout = layout
        self.clipped_chars = clipped
        return layout

    def process_object(self, obj: Any) -> dict:
        if type(obj) is not LTChar:
            return super().process_object(obj)
        attr: dict[str, Any] = {}
        for k, v in obj.__dict__.items():
            if k in ALL_ATTRS:
                attr[k] = v if _plain(v) else resolve_all(v)
        attr["object_type"] = "char"
        attr["page_number"] = self.page_number
        ncs = getattr(obj, "ncs", None)
        if ncs is not None:
            name = ncs.name
            names = self.__dict__.setdefault("_ncs_names", {})
            if type(name) is str:
                decoded = names.get(name)
                if decoded is None:
                    decoded = names[name] = resolve_and_decode(name)
            else:
                decoded = resolve_and_decode(name)
            attr["ncs"] = decoded
        if hasattr(obj, "scs"):  # not set on LTChar by pdfminer.six today; as pdfplumber does
            attr["scs"] = resolve_and_decode(obj.scs.name)
        text = obj.get_text()
        norm = self.pdf.unicode_norm
        attr["text"] = normalize_unicode(norm, text) if norm is not None else text
        gs = obj.graphicstate
        attr["stroking_color"] = gs.scolor if isinstance(gs.scolor, tuple) else (gs.scolor,)
        attr["non_stroking_color"] = gs.ncolor if isinstance(gs.ncolor, tuple) else (gs.ncolor,)
        if isinstance(attr.get("fontname"), bytes):
            return super().process_object(obj)  # rare byte-encoded font names: pdfplumber's own fix
        mb_x0, mb_top = self.mediabox[:2]
        if "y0" in attr:
            attr["top"] = (self.height - attr["y1"]) + mb_top
            attr["bottom"] = (self.height - attr["y0"]) + mb_top
            attr["doctop"] = self.initial_doctop + attr["top"]
        if "x0" in attr and mb_x0 != 0:
            attr["x0"] = attr["x0"] + mb_x0
            attr["x1"] = attr["x1"] + mb_x0
        return attr


def speed_up(page: Page) -> Page:
    """Make ``page`` (built by ``pdfplumber.PDF.pages``) a ``FastCharPage``."""
    if type(page) is Page:
        page.__class__ = FastCharPage
    return page
