"""The words around numbers in report cells (data, and lookups in it).

Units and their words (``UNIT_WORDS``, keyed by the unit keys of SCHEMA.md),
multipliers («тыс.», «млн»), the phrases that make a number a minimum or a
maximum («не менее», «кем емес», «и более»), cardinal number words and the
filler words that may stand next to a number. Words are folded with
``fold_for_match`` at import time; a word ending in "*" matches any word
starting with it. Read by ``normalize.numbers``.
"""

from __future__ import annotations

from esep.normalize.text import fold_for_match

#: The unit keys of SCHEMA.md (indicators.unit).
UNITS: tuple[str, ...] = ("person", "organization", "kzt", "piece", "event", "percent", "score", "copy")

UNIT_WORDS: dict[str, tuple[str, ...]] = {
    "kzt": ("тенге*", "теңге*", "тг", "тнг", "kzt", "tenge", "₸"),
    "person": ("человек*", "чел", "людей", "адам*", "ад", "участник*", "қатысушы*",
               "представител*", "өкіл*", "бенефициар*", "слушател*", "person*",
               "people", "participant*"),
    "organization": ("организаци*", "орг", "ұйым*", "нпо", "нко", "үеұ", "organization*", "organisation*"),
    "piece": ("шт", "штук*", "дана*", "ед", "единиц*", "pcs", "piece*"),
    "percent": ("%", "процент*", "пайыз*", "percent*"),
    "score": ("балл*", "бал", "ұпай*", "score*", "point*"),
    "copy": ("тираж*", "экз", "экземпляр*", "копи*", "таралым*", "copy", "copies"),
    "event": ("мероприяти*", "іс-шара*", "тренинг*", "семинар*", "вебинар*",
              "конференци*", "форум*", "встреч*", "кездесу*", "event*"),
}
#: When several unit words appear, the copy words win over a piece counter
#: («Тираж 30 шт» is 30 copies).
COPY_BEATS = frozenset({"piece", None})

MULTIPLIERS: dict[str, int] = {
    "тыс": 1_000, "тысяч": 1_000, "тысячи": 1_000, "тысяча": 1_000, "тысячу": 1_000,
    "мың": 1_000, "thousand": 1_000,
    "млн": 1_000_000, "миллион": 1_000_000, "миллиона": 1_000_000,
    "миллионов": 1_000_000, "million": 1_000_000,
    "млрд": 1_000_000_000, "миллиард": 1_000_000_000, "миллиарда": 1_000_000_000,
    "миллиардов": 1_000_000_000, "billion": 1_000_000_000,
}

#: Phrases right before the number that make it a minimum / maximum.
MIN_PREFIXES: tuple[str, ...] = (
    "не менее", "не менее чем", "не меньше", "не меньше чем", "не ниже", "минимум",
    "как минимум", "по меньшей мере", "более", "более чем", "свыше", "больше", "от",
    "кемінде", "кем дегенде", "ең кемі", "at least", "more than", "over", "min",
)
MAX_PREFIXES: tuple[str, ...] = (
    "не более", "не более чем", "не больше", "не больше чем", "не выше", "не свыше",
    "максимум", "до", "менее", "менее чем", "меньше", "меньше чем",
    "ең көбі", "at most", "up to", "less than", "max",
)
#: Phrases after the number (Kazakh postpositions, «и более»).
MIN_SUFFIXES: tuple[str, ...] = (
    "кем емес", "кем болмауы", "кем болмайтын", "астам", "артық",
    "и более", "и выше", "и больше", "или более", "or more",
)
MAX_SUFFIXES: tuple[str, ...] = (
    "артық емес", "аспайтын", "аспауы", "аспайды", "дейін",
    "и менее", "и ниже", "и меньше", "или менее", "or less",
)

#: Cardinal number words: outside a restating bracket they count as a
#: second number («1 книга на двух языках»).
NUMBER_WORDS: frozenset[str] = frozenset(fold_for_match(w) for w in (
    "ноль", "нуль", "один", "одна", "одно", "одного", "одной", "одному", "одну", "одним",
    "два", "две", "двух", "двум", "двумя", "двое", "три", "трех", "трем", "тремя", "трое",
    "четыре", "четырех", "четырем", "четырьмя", "пять", "пяти", "пятью", "шесть", "шести",
    "семь", "семи", "восемь", "восьми", "девять", "девяти", "десять", "десяти",
    "одиннадцать", "двенадцать", "тринадцать", "четырнадцать", "пятнадцать",
    "шестнадцать", "семнадцать", "восемнадцать", "девятнадцать", "двадцать", "двадцати",
    "тридцать", "тридцати", "сорок", "сорока", "пятьдесят", "пятидесяти", "шестьдесят",
    "семьдесят", "восемьдесят", "девяносто", "сто", "ста", "двести", "триста",
    "четыреста", "пятьсот", "шестьсот", "семьсот", "восемьсот", "девятьсот",
    "тысяча", "тысячи", "тысяч",
    "бір", "екі", "үш", "төрт", "бес", "алты", "жеті", "сегіз", "тоғыз", "он", "жиырма",
    "отыз", "қырық", "елу", "алпыс", "жетпіс", "сексен", "тоқсан", "жүз", "мың",
))

#: Words that may stand next to a number without making it prose.
FILLER_WORDS = frozenset(fold_for_match(w) for w in (
    "всего", "итого", "барлығы", "жалпы", "чем", "около", "примерно", "порядка",
    "шамамен", "шт", "ед", "из", "них",
))


def _fold_vocab(words: tuple[str, ...]) -> tuple[frozenset[str], tuple[str, ...]]:
    exact, prefixes = set(), []
    for w in words:
        if w.endswith("*"):
            prefixes.append(fold_for_match(w[:-1]))
        else:
            exact.add(fold_for_match(w) or w)
    return frozenset(exact), tuple(prefixes)


_UNIT_VOCAB = {unit: _fold_vocab(words) for unit, words in UNIT_WORDS.items()}
FOLDED_MULTIPLIERS = {fold_for_match(k): v for k, v in MULTIPLIERS.items()}


def _phrases(mins: tuple[str, ...], maxs: tuple[str, ...]) -> tuple[tuple[tuple[str, ...], str], ...]:
    """(words, "min"|"max"), longest first: «не более» (max) must win over
    «более» (min), «артық емес» (max) over «артық» (min)."""
    out = [(tuple(fold_for_match(p).split()), "min") for p in mins]
    out += [(tuple(fold_for_match(p).split()), "max") for p in maxs]
    return tuple(sorted(out, key=lambda x: -len(x[0])))


_PREFIXES = _phrases(MIN_PREFIXES, MAX_PREFIXES)
_SUFFIXES = _phrases(MIN_SUFFIXES, MAX_SUFFIXES)
QUALIFIER_WORDS = frozenset(w for p, _ in _PREFIXES + _SUFFIXES for w in p)


def unit_of_word(k: str) -> str | None:
    """The unit a folded word names («человек» -> "person"), or None."""
    for unit, (exact, prefixes) in _UNIT_VOCAB.items():
        if k in exact or any(k.startswith(p) for p in prefixes):
            return unit
    return None


def is_number_word(k: str, loose: bool) -> bool:
    """A folded cardinal number word; ``loose``: with a Kazakh case ending too."""
    if k in NUMBER_WORDS:
        return True
    # Kazakh case endings on a number word: «(оннан)», «(екіден)».
    return loose and any(k.startswith(w) for w in NUMBER_WORDS if len(w) >= 2)


def prefix_kind(words: list[str]) -> str | None:
    """"min"/"max" for the longest qualifier the words end with."""
    for p, kind in _PREFIXES:
        if len(p) <= len(words) and tuple(words[-len(p):]) == p:
            return kind
    return None


def suffix_kinds(words: list[str]) -> set[str]:
    """Kinds of the qualifiers among the words, longest phrases first and
    without overlaps («артық емес» is max, not «артық» min)."""
    taken = [False] * len(words)
    kinds: set[str] = set()
    for p, kind in _SUFFIXES:
        n = len(p)
        for k in range(len(words) - n + 1):
            if tuple(words[k:k + n]) == p and not any(taken[k:k + n]):
                taken[k:k + n] = [True] * n
                kinds.add(kind)
    return kinds
