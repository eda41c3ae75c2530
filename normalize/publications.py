"""The media table ("Освещение деятельности … в СМИ, социальных сетях") -> publications."""

from __future__ import annotations

from urllib.parse import urlsplit

import regex

from esep.normalize import patterns
from esep.normalize.context import Ctx
from esep.normalize.provenance import source_columns
from esep.normalize.dates import find_dates
from esep.normalize.labels import matcher
from esep.normalize.table_view import TableView
from esep.normalize.text import clean_text, fold_for_match
from esep.normalize import values
from esep.schemas import Publication

_URL = regex.compile(r"(?:https?://|www\.)\S+", regex.I)
_PREFIXES = sorted(
    ((fold_for_match(p), platform) for platform, ps in patterns.PLATFORM_PREFIXES.items() for p in ps),
    key=lambda x: -len(x[0]),
)
_KK = set(patterns.KAZAKH_LETTERS.lower())


def platform_of_domain(url: str | None) -> str | None:
    if not url:
        return None
    try:
        host = (urlsplit(url if "://" in url else "http://" + url).hostname or "").lower()
    except ValueError:
        return None
    host = host.removeprefix("www.").removeprefix("m.")
    for platform, domains in patterns.PLATFORM_DOMAINS.items():
        if any(host == d or host.endswith("." + d) for d in domains):
            return platform
    return "website" if host else None


def split_outlet(text: str | None) -> tuple[str | None, str | None]:
    """"Fb: @GAMO.Man gystau" -> ("facebook", "@GAMO.Mangystau")."""
    cleaned = values.text_or_none(text)
    if cleaned is None:
        return None, None
    platform = None
    rest = cleaned
    m = regex.match(r"^\s*([^\s:]+(?:\s[^\s:@]+)?)\s*:\s*", cleaned)
    head = fold_for_match(m.group(1)) if m else None
    for folded, plat in _PREFIXES:
        if head is not None and head == folded:
            platform, rest = plat, cleaned[m.end():]
            break
        first = fold_for_match(cleaned.split(" ")[0])
        if first == folded:
            platform, rest = plat, cleaned[len(cleaned.split(" ")[0]):].lstrip(" :")
            break
    rest = rest.strip()
    # An @handle has no spaces: a space inside one is a line break of the PDF.
    rest = regex.sub(r"^@\S+(?:\s+[\w.]+)+$", lambda mm: regex.sub(r"\s+", "", mm.group(0)), rest)
    return platform, rest or None


def title_language(text: str | None) -> str | None:
    if not text:
        return None
    words = [w for w in regex.findall(r"[\p{L}-]+", text.lower()) if regex.search(r"\p{Cyrillic}", w)]
    if not words:
        return None
    kk = sum(1 for w in words if _KK & set(w) or w in patterns.KAZAKH_MARKERS)
    ru = sum(1 for w in words if w in patterns.RUSSIAN_MARKERS)
    if kk and ru:
        return "mixed"
    return "kk" if kk else "ru"


def _row_is(view: TableView, r: int, table_name: str) -> bool:
    texts = [clean_text(t) for t in view.row_texts(r) if clean_text(t)]
    if len(texts) != 1:
        return False
    hit = matcher(table_name).best(texts[0])
    return hit is not None and hit.start <= 2 and len(fold_for_match(texts[0])) <= len(hit.phrase) + 12


def from_publications(view: TableView, ctx: Ctx) -> list[Publication]:
    out: list[Publication] = []
    section = "own"
    for r in view.data_rows():
        if _row_is(view, r, "PARTNER_MEDIA_DIVIDER"):
            section = "partners_media"
            continue
        if _row_is(view, r, "OF_WHICH_ROW"):
            continue
        texts = [clean_text(t) for t in view.row_texts(r)]
        if not any(texts):
            continue
        prov = view.prov(r)
        platform, outlet = split_outlet(view.text(r, "outlet", own_row=True))
        title = values.text_or_none(view.text(r, "title", own_row=True))
        link_cell = view.cell(r, "date_link")
        url = None
        if link_cell is not None:
            url = next((l.target for l in link_cell.links if l.target and not l.target.startswith("#")), None)
            if url is None:
                m = _URL.search(link_cell.text)
                url = m.group(0) if m else None
        if url is None:  # some reports put the link in the title cell
            for name in ("title", "outlet"):
                cell = view.cell(r, name)
                if cell is not None and cell.links:
                    url = cell.links[0].target
                    break
        date_text = _URL.sub(" ", link_cell.text) if link_cell is not None else ""
        dates = [d for d in find_dates(date_text, ctx.report_year) if d.start]
        if values.text_or_none(date_text) and not dates:
            ctx.finding("unparsed_date", "The publication date could not be read.", prov,
                        clean_text(date_text))
        if platform is None or (platform == "website" and platform_of_domain(url) not in (None, "website")):
            platform = platform_of_domain(url) or platform
        out.append(Publication(
            section=section,
            platform=platform or "other",
            outlet=outlet,
            title=title,
            title_language=title_language(title),
            reach=values.count(ctx, view.text(r, "reach", own_row=True), prov, "reach",
                               confidence=values.confidence_of(view.cell(r, "reach"), r)),
            count=values.count(ctx, view.text(r, "count", own_row=True), prov, "number of publications",
                               confidence=values.confidence_of(view.cell(r, "count"), r)),
            date=dates[0].start if dates else None,
            url=url,
            **source_columns(prov),
        ))
    return out
