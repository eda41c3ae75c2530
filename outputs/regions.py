"""Which region of Kazakhstan a report names.

The forms have no region field.  The summary page groups reports by the
region their own text names: the grantee's name first («Гражданский Альянс
Мангистауской области»), else the grant topic («Түркістан облысының
ауылдық елді мекендерінде ...»), else the venues of the activities.  The
first of these that names any region decides: one region gives it,
several give ``SEVERAL``, none anywhere gives ``NOT_NAMED``.  A name is a
region's name in Russian or Kazakh, or its capital's; names shared with a
district or a street (Абай, Жетісу, Алматинский район) count only with
«область» / «облысы».  A dataset with a ``region`` column (a later schema)
is grouped by that column instead.
"""

from __future__ import annotations

from typing import Iterable

import regex

NOT_NAMED = "not_named"
SEVERAL = "several"

_OBL = r"\w*\s+(?:обл|облыс)"
#: region key -> pattern on lower-cased text (ё as е)
REGION_PATTERNS: dict[str, str] = {
    "abai": rf"\bабайск{_OBL}|\bабай\s+облыс",
    "akmola": r"\bакмолинск|\bақмола|\bакмола",
    "aktobe": r"\bактюбинск|\bақтөбе|\bактобе",
    "almaty_region": rf"\bалматинск{_OBL}|\bалматынск{_OBL}|\bалматы\s+облыс",
    "atyrau": r"\bатырау",
    "east_kazakhstan": r"\bвосточно-казахстанск|\bшығыс\s+қазақстан",
    "zhambyl": rf"\bжамбылск{_OBL}|\bжамбыл\s+облыс",
    "zhetysu": rf"\bжетысуск{_OBL}|\bжетісу\s+облыс",
    "west_kazakhstan": r"\bзападно-казахстанск|\bбатыс\s+қазақстан",
    "karaganda": r"\bкарагандинск|\bқарағанды|\bкараганд",
    "kostanay": r"\bкостанайск|\bқостанай|\bкостанай",
    "kyzylorda": r"\bкызылординск|\bқызылорда|\bкызылорд",
    "mangystau": r"\bмангистау|\bмангыстау|\bманғыстау|\bмаңғыстау|\bактау\b|\bақтау\b",
    "pavlodar": r"\bпавлодар",
    "north_kazakhstan": r"\bсеверо-казахстанск|\bсолтүстік\s+қазақстан",
    "turkistan": r"\bтуркестан|\bтүркістан",
    "ulytau": r"\bулытауск|\bұлытау",
    "astana": r"\bастан(?:а|ы|е|ада|аның|асы)\b|\bнур-султан|\bнұр-сұлтан",
    "almaty": r"\bалматы(?:да|ға|ның|дағы|сы)?\b(?!\s+облыс)",
    "shymkent": r"\bшымкент",
}
_COMPILED = {key: regex.compile(rx) for key, rx in REGION_PATTERNS.items()}


def regions_named(text: str | None) -> set[str]:
    """The regions ``text`` names."""
    if not text:
        return set()
    folded = text.lower().replace("ё", "е")
    return {key for key, rx in _COMPILED.items() if rx.search(folded)}


def region_of(grantee: str | None, topic: str | None, venues: Iterable[str | None] = ()) -> str:
    """The region key of one report (see the module docs)."""
    for texts in ([grantee], [topic], list(venues)):
        found = set().union(*(regions_named(t) for t in texts)) if texts else set()
        if len(found) == 1:
            return found.pop()
        if found:
            return SEVERAL
    return NOT_NAMED
