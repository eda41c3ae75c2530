"""Tolerant matching of form labels against the phrases of ``patterns.py``.

A phrase matches a text when its folded form occurs in the folded text with
at most a few edits (the regex module's fuzzy matching): one per 7
characters, at most 3, none for phrases of 5 characters or fewer, which must
also start at a word boundary ("план" does not match inside "запланировано");
a phrase of 6 characters or more that is the whole text may differ from it by
one edit («Эфект» for «Эффект»), and a short text no phrase matched is read
again without its spaces («Безра ботные», a word a narrow column cut).
Longer, closer matches win.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import regex

from esep.normalize.text import CACHE_ENTRIES, CACHE_MAX_CHARS, clean_text, fold_for_match


@dataclass(frozen=True, slots=True)
class Hit:
    key: str
    lang: str
    phrase: str
    score: float  # matched phrase length minus errors: longer, closer is better
    start: int  # where it starts in the folded text
    end: int


@dataclass(frozen=True, slots=True)
class _Phrase:
    key: str
    lang: str
    phrase: str
    folded: str
    literal: str | None  # phrases that fold to nothing ("№") are matched literally
    pattern: "regex.Pattern | None"
    stems: tuple[str, ...]
    errors: int = 0  # edits allowed
    pieces: tuple[tuple[int, str], ...] = ()  # (offset, text): errors + 1 pieces of the folded phrase


def _allowed_errors(n: int) -> int:
    if n <= 5:
        return 0
    return min(3, n // 7)


def _compile(key: str, lang: str, phrase: str) -> _Phrase:
    folded = fold_label(phrase)
    if not folded:
        return _Phrase(key, lang, phrase, "", phrase.strip().lower(), None, ())
    k = _allowed_errors(len(folded))
    body = regex.escape(folded)
    if k:
        body = f"(?:{body}){{e<={k}}}"
    if len(folded) <= 6:
        body = rf"(?<![\p{{L}}\p{{N}}]){body}"
    # Cheap pre-filter before the fuzzy search: enough word stems must occur
    # (a typo in the first three letters of every word is not tolerated).
    stems = tuple(w[:3] for w in folded.split() if len(w) >= 3)
    return _Phrase(key, lang, phrase, folded, None, regex.compile(body, regex.BESTMATCH), stems, k, _pieces(folded, k))


def _pieces(folded: str, k: int) -> tuple[tuple[int, str], ...]:
    """The phrase cut into k + 1 pieces: k edits leave one of them intact."""
    if not k:
        return ()
    n = len(folded)
    cuts = [round(i * n / (k + 1)) for i in range(k + 2)]
    return tuple((cuts[i], folded[cuts[i]:cuts[i + 1]]) for i in range(k + 1))


def _fuzzy_search(ph: _Phrase, folded: str):
    """``ph.pattern.search(folded)``, searching only around the places where
    a piece of the phrase occurs exactly.

    A match with at most k edits keeps one of the k + 1 pieces intact, at
    most k characters from where it sits in the phrase, so the best match
    lies in a window around such an occurrence.  The fuzzy search over a
    whole cell of prose is what made classifying long tables slow; windows
    of the phrase's length make it proportional to the occurrences instead.
    """
    if not ph.pieces:
        return ph.pattern.search(folded)
    k, n, size = ph.errors, len(ph.folded), len(folded)
    windows: list[list[int]] = []
    for offset, piece in ph.pieces:
        i = folded.find(piece)
        last = None
        while i >= 0:  # occurrences come in order: overlapping windows merge as they come
            lo = max(0, i - offset - k)
            hi = min(size, lo + n + 3 * k)
            if last is not None and lo <= last[1]:
                last[1] = hi
            else:
                last = [lo, hi]
                windows.append(last)
            i = folded.find(piece, i + 1)
    if not windows:
        return None
    windows.sort()
    merged = [windows[0]]
    for lo, hi in windows[1:]:
        if lo <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], hi)
        else:
            merged.append([lo, hi])
    best = None
    for lo, hi in merged:
        m = ph.pattern.search(folded, lo, hi)
        if m is not None and (best is None or sum(m.fuzzy_counts) < sum(best.fuzzy_counts)):
            best = m
            if not sum(m.fuzzy_counts):
                break
    return best


class PhraseMatcher:
    """Matches texts against ``{key: {lang: (phrases...)}}``."""

    def __init__(self, table: dict[str, dict[str, tuple[str, ...]]]):
        self.phrases = [
            _compile(key, lang, phrase)
            for key, by_lang in table.items()
            for lang, phrases in by_lang.items()
            for phrase in phrases
        ]
        self._memo: dict[tuple[str, str], list[Hit]] = {}
        # The stem pre-filter, inverted: stem -> [(phrase index, times the
        # phrase has it)], so that a text costs one substring test per stem
        # of the table rather than a Python loop over every phrase.
        self._by_stem: dict[str, list[tuple[int, int]]] = {}
        self._unfiltered: list[int] = []  # literal and stemless phrases: always tried
        # phrases short enough to be a whole text with one typing error, by folded length
        self._by_length: dict[int, list[int]] = {}
        for i, ph in enumerate(self.phrases):
            if ph.literal is None and not ph.errors and len(ph.folded) >= WHOLE_TEXT_MIN:
                self._by_length.setdefault(len(ph.folded), []).append(i)
            if not ph.stems:
                self._unfiltered.append(i)
                continue
            for stem in dict.fromkeys(ph.stems):
                self._by_stem.setdefault(stem, []).append((i, ph.stems.count(stem)))

    def hits(self, text: str, folded: str | None = None) -> list[Hit]:
        """Every key that matches, each with its best phrase; best first."""
        if folded is None:
            folded = fold_label(text)
        memo_key = (text, folded)
        cached = self._memo.get(memo_key)
        if cached is not None:
            return cached
        found = self._hits(text, folded)
        if len(text) <= CACHE_MAX_CHARS:  # labels repeat; prose does not: keep the memo small
            if len(self._memo) > CACHE_ENTRIES // 2:
                self._memo.clear()
            self._memo[memo_key] = found
        return found

    def _candidates(self, folded: str) -> list[int]:
        """Indices, in table order, of the phrases whose stems are at least
        half present (an exact occurrence has all of them)."""
        present: dict[int, int] = {}
        for stem, owners in self._by_stem.items():
            if stem in folded:
                for i, times in owners:
                    present[i] = present.get(i, 0) + times
        phrases = self.phrases
        chosen = [i for i, n in present.items() if n * 2 >= len(phrases[i].stems)]
        near = [i for n in (len(folded) - 1, len(folded), len(folded) + 1) for i in self._by_length.get(n, ())]
        return sorted(set(chosen + self._unfiltered + near))

    def _hits(self, text: str, folded: str) -> list[Hit]:
        best: dict[str, Hit] = {}
        lowered = None
        phrases = self.phrases
        for ph in (phrases[i] for i in self._candidates(folded)):
            hit = None
            if ph.literal is not None:
                if lowered is None:
                    lowered = clean_text(text).lower()
                i = lowered.find(ph.literal)
                if i >= 0:
                    hit = Hit(ph.key, ph.lang, ph.phrase, float(len(ph.literal)), i, i + len(ph.literal))
            else:
                if len(folded) + 3 < len(ph.folded):
                    continue
                exact = folded.find(ph.folded)
                if exact >= 0 and (len(ph.folded) > 6 or _word_start(folded, exact)):
                    hit = Hit(ph.key, ph.lang, ph.phrase, float(len(ph.folded)), exact, exact + len(ph.folded))
                else:
                    m = _fuzzy_search(ph, folded)
                    if m:
                        errors = sum(m.fuzzy_counts) if hasattr(m, "fuzzy_counts") else 0
                        hit = Hit(ph.key, ph.lang, ph.phrase, len(ph.folded) - 1.5 * errors, m.start(), m.end())
                    elif _whole_text_near(ph, folded):
                        hit = Hit(ph.key, ph.lang, ph.phrase, len(ph.folded) - 1.5, 0, len(folded))
            if hit and (hit.key not in best or hit.score > best[hit.key].score):
                best[hit.key] = hit
        if not best and " " in folded and len(folded) <= BROKEN_TEXT_MAX:
            best = self._hits_unbroken(folded)
        return sorted(best.values(), key=lambda h: -h.score)

    def _hits_unbroken(self, folded: str) -> dict[str, Hit]:
        """A short text none of whose labels matched, read again without its spaces: a
        narrow PDF column cuts words without a hyphen («Безра ботные»), and a cut the
        document's other words do not explain stays a space (extract.pdf.cuts)."""
        joined = folded.replace(" ", "")
        best: dict[str, Hit] = {}
        for ph in self.phrases:
            if ph.literal is not None or len(ph.folded) < WHOLE_TEXT_MIN:
                continue
            i = joined.find(ph.folded.replace(" ", ""))
            if i == 0:
                hit = Hit(ph.key, ph.lang, ph.phrase, len(ph.folded) - 1.0, 0, len(folded))
                if hit.key not in best or hit.score > best[hit.key].score:
                    best[hit.key] = hit
        return best

    def best(self, text: str, folded: str | None = None) -> Hit | None:
        found = self.hits(text, folded)
        return found[0] if found else None

    def at_start(self, text: str, slack: int = 3) -> Hit | None:
        """The best hit that begins the text (after a number like "1." or slack chars)."""
        folded = fold_label(text)
        lead = regex.match(r"^(?:\d+(?:[.-]\d+)*\s*)?", folded)
        offset = lead.end() if lead else 0
        for hit in self.hits(text, folded):
            if hit.start <= offset + slack:
                return hit
        return None


@lru_cache(maxsize=1)
def _abbreviations() -> "regex.Pattern":
    from esep.normalize import patterns

    alternatives = "|".join(regex.escape(a) for a in sorted(patterns.LABEL_ABBREVIATIONS, key=len, reverse=True))
    return regex.compile(rf"(?<![\p{{L}}])(?:{alternatives})(?![\p{{L}}])", regex.I)


def fold_label(text: str) -> str:
    """``fold_for_match`` after writing out the abbreviations labels use («кол-во», «ед. изм.»)."""
    from esep.normalize import patterns

    lowered = text.lower()
    if not any(a[:2] in lowered for a in patterns.LABEL_ABBREVIATIONS):
        return fold_for_match(text)
    expanded = _abbreviations().sub(lambda m: patterns.LABEL_ABBREVIATIONS[m.group().lower()], text)
    return fold_for_match(expanded)


WHOLE_TEXT_MIN = 6  # a short phrase tolerates one edit only when it is the whole text
BROKEN_TEXT_MAX = 60  # texts this short are read again without spaces when no label matched


def _whole_text_near(ph: _Phrase, folded: str) -> bool:
    """A phrase too short for edits inside a longer text («эффект») still matches a text
    that is all of it but one typing error («Эфект» alone in a header cell)."""
    if ph.errors or len(ph.folded) < WHOLE_TEXT_MIN or abs(len(folded) - len(ph.folded)) > 1:
        return False
    return regex.fullmatch(f"(?:{regex.escape(ph.folded)}){{e<=1}}", folded) is not None


def _word_start(text: str, i: int) -> bool:
    return i == 0 or not (text[i - 1].isalnum())


@lru_cache(maxsize=None)
def matcher(name: str) -> PhraseMatcher:
    """A matcher over one table of ``normalize.patterns`` (built once per process)."""
    from esep.normalize import patterns

    table = getattr(patterns, name)
    if isinstance(next(iter(table.values())), tuple):  # a bare {lang: phrases}
        table = {name: table}
    return PhraseMatcher(table)


def any_match(name: str, text: str) -> Hit | None:
    return matcher(name).best(text)
