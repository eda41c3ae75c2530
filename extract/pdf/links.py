"""Links of a PDF page: its URI annotations, and link text that a line end cut.

``page_links`` reads a page's link annotations (shallowly: see its
docstring) in the page's coordinates; the page reader marks every glyph
under a link rectangle with the link's index.  LibreOffice and Word write
one annotation per line or block of lines, so the text of one link comes
in pieces; ``continues_link`` tells whether a piece goes on the one before
without a space (a URL wrapped by the line end stays whole).
"""

from __future__ import annotations

import re

from pdfminer.pdftypes import resolve1

_URLISH = re.compile(r"^(?:https?://|www\.|ftp://|mailto:)\S*$", re.I)


def looks_like_url(text: str) -> bool:
    return bool(_URLISH.match(text))


def continues_link(before: str, piece: str, target: str) -> bool:
    """Is ``piece`` the next part of a link's display text ``before``, with no space?

    True when together they read as a URL, or (for a fragment cut out of
    the middle of a URL) when they are, ignoring case, a piece of the
    link's target.
    """
    joined = before + piece
    if not joined or any(ch.isspace() for ch in joined):
        return False
    if looks_like_url(joined):
        return True
    return len(joined) >= 6 and joined.lower() in target.lower()


def _num(v) -> float:
    v = resolve1(v)
    if isinstance(v, bool) or not isinstance(v, (int, float)):
        raise ValueError("not a number")
    return float(v)


def _text(v) -> str | None:
    v = resolve1(v)
    if isinstance(v, bytes):
        if v.startswith((b"\xfe\xff", b"\xff\xfe")):
            return v.decode("utf-16", "replace")
        try:
            return v.decode("utf-8")
        except UnicodeDecodeError:
            return v.decode("latin-1")
    if isinstance(v, str):
        return v
    return None


def page_links(page) -> list[tuple[float, float, float, float, str]]:
    """URI link annotations of a page, in the page's (rotated) coordinates.

    Read shallowly: pdfplumber's ``page.hyperlinks`` resolves every object
    an annotation refers to and can recurse without end (/P -> page ->
    /Annots -> ...), as federal-register-2020-17221.pdf shows.
    """
    raw = resolve1(page.page_obj.annots)
    if not isinstance(raw, list):
        return []
    rotation = page.rotation
    width, height = page.width, page.height
    root_h = page.root_page.height
    out = []
    for ref in raw[:5000]:
        try:
            a = resolve1(ref)
            if not isinstance(a, dict):
                continue
            action = resolve1(a.get("A"))
            if not isinstance(action, dict):
                continue
            uri = _text(action.get("URI"))
            if not uri or not uri.strip():
                continue
            rect = resolve1(a.get("Rect"))
            if not isinstance(rect, (list, tuple)) or len(rect) != 4:
                continue
            xa, ya, xb, yb = (_num(v) for v in rect)
        except Exception:
            continue
        pts = []
        for pt in ((xa, ya), (xb, yb)):  # as pdfplumber turns annotation points
            turns = rotation // 90
            for i in range(turns):
                x, y = pt
                comp = width if i == turns % 2 else height
                pt = (y, comp - x)
            pts.append(pt)
        x0, x1 = sorted((pts[0][0], pts[1][0]))
        y0, y1 = sorted((pts[0][1], pts[1][1]))
        out.append((x0, root_h - y1, x1, root_h - y0, " ".join(uri.split())))
    return out

