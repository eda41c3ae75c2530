"""Date vocabulary as data: month names (Russian, Kazakh, English), Kazakh
case suffixes, year markers and the few other words dates are made of.

Everything is matched through ``key()``, a folding stricter than
``normalize.text.fold_for_match``: on top of it, Kazakh-specific letters are
folded to the Russian letter they are typed as on a Russian keyboard or
extracted as from a broken PDF (қ->к, ң->н, ғ->г, ұ/ү->у, ө->о, ә->а,
і->и, һ->х). So «қыркүйек», «кыркуйек», «қыркүйек» with Latin look-alikes and
old-font «ӛ» all give the same key. The vocabulary below is written in
its proper spelling and folded once, at import time.

The only code here is the look-up ``month_word()``; the tables are the
contract. Sources: FORMS.md §3.11 (attested Kazakh forms), §4.8 (glyphs).
"""

from __future__ import annotations

from functools import lru_cache

from typing import NamedTuple

from esep.normalize.text import fold_for_match

__all__ = [
    "MONTHS",
    "KK_SUFFIXES",
    "KK_AI_WORDS",
    "YEAR_MARKERS",
    "RANGE_END_WORDS",
    "RANGE_CONNECTORS",
    "LIST_CONNECTORS",
    "MONTH_PREPOSITIONS",
    "QUARTER_WORDS",
    "QUARTER_ABBR",
    "HALF_YEAR_WORDS",
    "ORDINALS",
    "DAY_ORDINAL_SUFFIXES",
    "MonthWord",
    "key",
    "month_word",
]

# --------------------------------------------------------------------------
# The month table. One row per month:
#   ru      Russian: nominative, genitive (used in dates), prepositional
#           («в ноябре»), dative («к маю»), instrumental («маем»);
#   ru_abbr Russian abbreviations (written with or without a dot);
#   kk      Kazakh stems (the nominative) incl. attested misspellings;
#   kk_harmony "back" or "front": which vowel set its suffixes use;
#   en      English names and abbreviations (optional, rare in reports).
# --------------------------------------------------------------------------
MONTHS: tuple[dict, ...] = (
    {"n": 1, "ru": ("январь", "января", "январе", "январю", "январем"),
     "ru_abbr": ("янв",), "kk": ("қаңтар", "қантар"), "kk_harmony": "back",
     "en": ("january", "jan")},
    {"n": 2, "ru": ("февраль", "февраля", "феврале", "февралю", "февралем"),
     "ru_abbr": ("фев", "февр"), "kk": ("ақпан",), "kk_harmony": "back",
     "en": ("february", "feb")},
    {"n": 3, "ru": ("март", "марта", "марте", "марту", "мартом"),
     "ru_abbr": ("мар",), "kk": ("наурыз",), "kk_harmony": "back",
     "en": ("march", "mar")},
    {"n": 4, "ru": ("апрель", "апреля", "апреле", "апрелю", "апрелем"),
     "ru_abbr": ("апр",), "kk": ("сәуір",), "kk_harmony": "front",
     "en": ("april", "apr")},
    {"n": 5, "ru": ("май", "мая", "мае", "маю", "маем"),
     "ru_abbr": (), "kk": ("мамыр",), "kk_harmony": "back",
     "en": ("may",)},
    {"n": 6, "ru": ("июнь", "июня", "июне", "июню", "июнем"),
     "ru_abbr": ("июн",), "kk": ("маусым",), "kk_harmony": "back",
     "en": ("june", "jun")},
    {"n": 7, "ru": ("июль", "июля", "июле", "июлю", "июлем"),
     "ru_abbr": ("июл",), "kk": ("шілде",), "kk_harmony": "front",
     "en": ("july", "jul")},
    {"n": 8, "ru": ("август", "августа", "августе", "августу", "августом"),
     "ru_abbr": ("авг",), "kk": ("тамыз",), "kk_harmony": "back",
     "en": ("august", "aug")},
    {"n": 9, "ru": ("сентябрь", "сентября", "сентябре", "сентябрю", "сентябрем"),
     "ru_abbr": ("сен", "сент"), "kk": ("қыркүйек",), "kk_harmony": "front",
     "en": ("september", "sep", "sept")},
    {"n": 10, "ru": ("октябрь", "октября", "октябре", "октябрю", "октябрем"),
     "ru_abbr": ("окт",), "kk": ("қазан",), "kk_harmony": "back",
     "en": ("october", "oct")},
    {"n": 11, "ru": ("ноябрь", "ноября", "ноябре", "ноябрю", "ноябрем"),
     "ru_abbr": ("ноя", "нояб"), "kk": ("қараша",), "kk_harmony": "back",
     "en": ("november", "nov")},
    {"n": 12, "ru": ("декабрь", "декабря", "декабре", "декабрю", "декабрем"),
     "ru_abbr": ("дек",), "kk": ("желтоқсан",), "kk_harmony": "back",
     "en": ("december", "dec")},
)

#: Case label of each Russian form, by its position in ``MONTHS[*]["ru"]``.
RU_CASES: tuple[str, ...] = ("nominative", "genitive", "prepositional", "dative", "instrumental")

#: Kazakh suffixes that may follow a month stem, with the case they mark,
#: for back-vowel and front-vowel stems (FORMS.md §3.11: «мамырда»,
#: «сәуірдегі», «шілдесінен», «тамызына», «қантарынан», «26 қыркүйектегі»).
#: Voicing (да/та) is not enforced: both are accepted for every stem.
#: Possessive forms (-ы/-сы + case) come from «айы»-style phrasing.
KK_SUFFIXES: dict[str, dict[str, str]] = {
    "back": {
        "": "nominative",
        "да": "locative", "та": "locative",
        "дағы": "locative", "тағы": "locative",
        "нан": "ablative", "дан": "ablative", "тан": "ablative",
        "ға": "dative", "қа": "dative", "на": "dative",
        "ның": "genitive", "дың": "genitive", "тың": "genitive",
        "ды": "accusative", "ты": "accusative", "ны": "accusative",
        "ы": "possessive", "сы": "possessive",
        "ынан": "ablative", "сынан": "ablative",
        "ына": "dative", "сына": "dative",
        "ында": "locative", "сында": "locative",
        "ындағы": "locative", "сындағы": "locative",
        "ының": "genitive", "сының": "genitive",
        "ын": "accusative", "сын": "accusative",
    },
    "front": {
        "": "nominative",
        "де": "locative", "те": "locative",
        "дегі": "locative", "тегі": "locative",
        "нен": "ablative", "ден": "ablative", "тен": "ablative",
        "ге": "dative", "ке": "dative", "не": "dative",
        "нің": "genitive", "дің": "genitive", "тің": "genitive",
        "ді": "accusative", "ті": "accusative", "ні": "accusative",
        "і": "possessive", "сі": "possessive",
        "інен": "ablative", "сінен": "ablative",
        "іне": "dative", "сіне": "dative",
        "інде": "locative", "сінде": "locative",
        "індегі": "locative", "сіндегі": "locative",
        "інің": "genitive", "сінің": "genitive",
        "ін": "accusative", "сін": "accusative",
    },
}

#: Kazakh «ай» ("month") written after the month name: «мамыр айының»,
#: «шілде айынан». Word -> case it marks.
KK_AI_WORDS: dict[str, str] = {
    "ай": "nominative", "айы": "possessive", "айында": "locative",
    "айындағы": "locative", "айда": "locative", "айдағы": "locative",
    "айынан": "ablative", "айдан": "ablative", "айына": "dative",
    "айға": "dative", "айының": "genitive", "айдың": "genitive",
}

#: Words after a 4-digit year that mark it as a year: «2022 года», «2022 г.»,
#: «2022 гг.», «2022 жылғы», «2022 жылдың», «2022 ж.». The ones in
#: ``YEAR_MARKERS_ABBR`` may be followed by a dot that belongs to them.
YEAR_MARKERS: frozenset[str] = frozenset({
    "г", "гг", "год", "года", "году", "годы", "годов", "годом", "годах",
    "ж", "жж", "жыл", "жылы", "жылғы", "жылдың", "жылға", "жылдан",
    "жылдары", "жылдардағы", "жылда", "жылдағы", "жылын",
    "year",
})
YEAR_MARKERS_ABBR: frozenset[str] = frozenset({"г", "гг", "ж", "жж"})

#: Words that close a Kazakh range «26 шілдесінен 10 тамызына дейін».
RANGE_END_WORDS: frozenset[str] = frozenset({
    "дейін", "шейін", "дейінгі", "шейінгі", "аралығы", "аралығында",
    "аралығындағы", "включительно",
})

#: Words between the two ends of a range (besides a dash): «с 1 по 15 июня».
RANGE_CONNECTORS: frozenset[str] = frozenset({"по", "до", "to", "till", "until"})

#: Words joining a list of days sharing one month: «23 и 24 мая».
LIST_CONNECTORS: frozenset[str] = frozenset({"и", "және", "мен", "and"})

#: Words that, right before a month name without day or year, show that the
#: month is meant as a date («в ноябре», «к маю», «в течение июня»).
MONTH_PREPOSITIONS: frozenset[str] = frozenset({
    "в", "во", "с", "со", "по", "до", "к", "ко", "за", "начале", "конце",
    "середине", "течение", "течении", "месяц", "месяце", "месяца", "in",
})

#: Quarter words (prefix match on the key): «III квартал», «3-тоқсан»; the
#: abbreviation «кв.» must match exactly («квартира» is no quarter).
QUARTER_WORDS: tuple[str, ...] = ("квартал", "тоқсан", "quarter")
QUARTER_ABBR: frozenset[str] = frozenset({"кв"})
#: Half-year words (prefix match): «I полугодие», «2-жартыжылдық».
HALF_YEAR_WORDS: tuple[str, ...] = ("полугод", "жартыжылдық", "half")

#: Ordinals before a quarter or half-year word: Roman (Latin or Kazakh І)
#: and Arabic numerals.
ORDINALS: dict[str, int] = {
    "i": 1, "ii": 2, "iii": 3, "iv": 4, "1": 1, "2": 2, "3": 3, "4": 4,
}

#: Letters after a day number and a hyphen: «25-го июня», «1-ші».
DAY_ORDINAL_SUFFIXES: frozenset[str] = frozenset({
    "го", "е", "ое", "ого", "й", "ый", "ий", "ші", "шы", "сі", "сы", "і", "ы",
})

# --------------------------------------------------------------------------
# Folding and look-up
# --------------------------------------------------------------------------
_KK_TO_BASE = str.maketrans({
    "қ": "к", "ң": "н", "ғ": "г", "ұ": "у", "ү": "у", "ө": "о", "ә": "а",
    "і": "и", "һ": "х", "-": "",
})


def key(word: str) -> str:
    """Match key for date vocabulary: ``fold_for_match`` plus Kazakh letters
    folded to their Russian base letter, hyphens dropped.

    >>> key("Қыркүйектегі") == key("кыркуйектеги")
    True
    """
    return _key_cached(word) if len(word) <= _CACHE_MAX_CHARS else _key(word)


def _key(word: str) -> str:
    return fold_for_match(word).translate(_KK_TO_BASE).replace(" ", "")


# Words repeat across a report's cells; long letter runs are not words and are not kept.
_CACHE_MAX_CHARS = 40
_key_cached = lru_cache(maxsize=16384)(_key)


class MonthWord(NamedTuple):
    """What ``month_word`` recognised in one word."""

    number: int  # 1..12
    language: str  # "ru", "kk" or "en"
    abbreviated: bool  # Russian/English abbreviation («янв», «сент», «oct»)
    case: str  # grammatical case: "genitive", "ablative", ... (see tables)


def _build() -> tuple[dict[str, MonthWord], list[tuple[str, int, dict[str, str]]]]:
    exact: dict[str, MonthWord] = {}
    kk_stems: list[tuple[str, int, dict[str, str]]] = []
    for row in MONTHS:
        n = row["n"]
        for case, form in zip(RU_CASES, row["ru"]):
            exact.setdefault(key(form), MonthWord(n, "ru", False, case))
        for form in row["ru_abbr"]:
            exact.setdefault(key(form), MonthWord(n, "ru", True, "abbreviation"))
        for i, form in enumerate(row["en"]):
            exact.setdefault(key(form), MonthWord(n, "en", i > 0, "nominative"))
        suffixes = {key(s): case for s, case in KK_SUFFIXES[row["kk_harmony"]].items()}
        for stem in row["kk"]:
            kk_stems.append((key(stem), n, suffixes))
    # Longest stems first so a stem that is a prefix of another cannot win.
    kk_stems.sort(key=lambda t: -len(t[0]))
    return exact, kk_stems


_EXACT, _KK_STEMS = _build()

#: Keys of the word lists above, for ``normalize.dates``.
KK_AI_KEYS: dict[str, str] = {key(w): c for w, c in KK_AI_WORDS.items()}
YEAR_MARKER_KEYS: frozenset[str] = frozenset(key(w) for w in YEAR_MARKERS)
YEAR_MARKER_ABBR_KEYS: frozenset[str] = frozenset(key(w) for w in YEAR_MARKERS_ABBR)
RANGE_END_KEYS: frozenset[str] = frozenset(key(w) for w in RANGE_END_WORDS)
RANGE_CONNECTOR_KEYS: frozenset[str] = frozenset(key(w) for w in RANGE_CONNECTORS)
LIST_CONNECTOR_KEYS: frozenset[str] = frozenset(key(w) for w in LIST_CONNECTORS)
MONTH_PREPOSITION_KEYS: frozenset[str] = frozenset(key(w) for w in MONTH_PREPOSITIONS)
QUARTER_KEYS: tuple[str, ...] = tuple(key(w) for w in QUARTER_WORDS)
QUARTER_ABBR_KEYS: frozenset[str] = frozenset(key(w) for w in QUARTER_ABBR)
HALF_YEAR_KEYS: tuple[str, ...] = tuple(key(w) for w in HALF_YEAR_WORDS)
ORDINAL_KEYS: dict[str, int] = {key(w): n for w, n in ORDINALS.items()}
DAY_ORDINAL_SUFFIX_KEYS: frozenset[str] = frozenset(key(w) for w in DAY_ORDINAL_SUFFIXES)


def month_word(word: str) -> MonthWord | None:
    """The month a single word names, or None.

    Russian and English forms must match a listed form exactly (after
    ``key``); a Kazakh word is a listed stem followed by one of the
    ``KK_SUFFIXES`` of its vowel class («шілдесінен» = шілде + сінен).
    A trailing dot is ignored («сент.»).
    """
    return _month_word_cached(word) if len(word) <= _CACHE_MAX_CHARS else _month_word(word)


def _month_word(word: str) -> MonthWord | None:
    k = key(word.rstrip("."))
    if not k:
        return None
    hit = _EXACT.get(k)
    if hit is not None:
        return hit
    for stem, n, suffixes in _KK_STEMS:
        if k.startswith(stem):
            case = suffixes.get(k[len(stem):])
            if case is not None:
                return MonthWord(n, "kk", False, case)
    return None


_month_word_cached = lru_cache(maxsize=16384)(_month_word)
