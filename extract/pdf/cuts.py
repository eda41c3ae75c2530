"""Words a narrow column cut in two: glued back or split, with the document's own words.

LibreOffice and Word cut a word that is wider than its column where the line
is full, without a hyphen («осуществл» / «ения»).  ``extract.pdf.word_repair.forced_break``
marks such a line break with a placeholder (CUT_STRONG when the first part
filled its line alone, CUT_WEAK when other words came before it) and the
reader decides every placeholder once the whole document has been read,
with its vocabulary (the words seen whole, away from any possible cut):

1. glue when the joined word is a word of the document;
2. a space when both parts are words of it;
3. glue when the document has a longer word that the joined word begins
   (a word cut twice, «высококва» + «лифициров» + «анных»), or one with the
   same stem (the joined word but its last two letters, five letters at
   least: «государственные» beside «государственных»; not for a word of
   the document and a letter or two more), or when the first part is no
   word but begins a longer one;
4. a space when one part is a word of four letters or more and the join is
   not;
5. otherwise glue a STRONG cut whose second part has at most three letters
   («исполнени» + «я»), else a space (a short word alone on a full line of a
   narrow header cell is common enough that a longer tail needs evidence).

Digits: a cut inside a group of three («1 877 0» + «57») is glued, a whole
group of three before it («877» + «057») keeps its space.

Rules 1-4 are applied again and again, so a word cut twice is rebuilt one
cut at a time in whichever order the evidence allows; rule 5 decides what
is left.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from typing import Iterable

# Placeholders for a line break that may have cut one word in two.  STRONG
# defaults to gluing, WEAK to a space.
CUT_STRONG = "\ue000"
CUT_WEAK = "\ue001"
CUTS = CUT_STRONG + CUT_WEAK

STEM_MIN = 5  # letters a shared stem needs
PREFIX_MIN = 4  # letters a first part needs to count as the start of a longer word

_TOKEN_SPLIT = re.compile(r"\s+")
_EDGE_PUNCT = re.compile(r"^[\W_]+|[\W_]+$")
_CUT_SPLIT = re.compile(f"([{CUTS}])")


def _key(token: str) -> str:
    return _EDGE_PUNCT.sub("", token.lower())


class Vocabulary:
    """The words of a document seen whole, with prefix lookup."""

    def __init__(self, words: Iterable[str]):
        self.words = set(words)
        self._sorted = sorted(self.words)

    def __contains__(self, word: str) -> bool:
        return word in self.words

    def begins_longer(self, prefix: str) -> bool:
        """Some word of the document is longer than ``prefix`` and begins with it."""
        i = bisect_left(self._sorted, prefix)
        while i < len(self._sorted) and self._sorted[i].startswith(prefix):
            if len(self._sorted[i]) > len(prefix):
                return True
            i += 1
        return False


def vocabulary(texts: Iterable[str]) -> Vocabulary:
    """Words seen whole (not next to a possible cut) in ``texts``."""
    words: set[str] = set()
    for text in texts:
        for tok in _TOKEN_SPLIT.split(text):
            if not tok or CUT_STRONG in tok or CUT_WEAK in tok:
                continue
            key = _key(tok)
            if key:
                words.add(key)
    return Vocabulary(words)


def _decide(w1: str, w2: str, vocab: Vocabulary) -> bool | None:
    """Rules 1-4: True glue, False space, None no evidence."""
    k1, k2, kj = _key(w1), _key(w2), _key(w1 + w2)
    if not k1 or not k2:
        return None
    if k1.isdigit() and k2.isdigit():  # a number cut in a digit group: «1 877 0» + «57»
        if len(k1) < 3 and len(kj) <= 3:
            return True
        if len(k1) == 3:
            return False  # a whole group of three: the space is the thousands separator
        return None
    if kj in vocab:
        return True
    if k1 in vocab and k2 in vocab:
        return False
    if len(kj) >= STEM_MIN and vocab.begins_longer(kj):
        return True
    stem = kj[: max(STEM_MIN, len(kj) - 2)]
    if len(kj) > STEM_MIN and vocab.begins_longer(stem) and k2 not in vocab and (k1 not in vocab or len(k2) >= 3):
        return True  # (a word of the document and one letter more is no evidence: «законодательства» + «а»)
    if len(k1) >= PREFIX_MIN and k1 not in vocab and k2 not in vocab and vocab.begins_longer(k1):
        return True
    if (len(k1) >= 4 and k1 in vocab) or (len(k2) >= 4 and k2 in vocab):
        return False
    return None


def resolve_cuts(text: str, vocab: Vocabulary) -> str:
    """Replace the cut placeholders in ``text`` by "" or " " (see the module docstring)."""
    if CUT_STRONG not in text and CUT_WEAK not in text:
        return text
    parts = _CUT_SPLIT.split(text)  # text, cut, text, cut, ..., text
    words = parts[0::2]
    cuts = parts[1::2]
    glued: list[bool | None] = [None] * len(cuts)

    def word_left(i: int) -> str:
        """The word ending at cut i, with the parts already glued to it."""
        out = words[i].split()[-1] if words[i].split() else ""
        j = i - 1
        while j >= 0 and glued[j] is True and not re.search(r"\s", words[j + 1]):
            out = (words[j].split()[-1] if words[j].split() else "") + out
            j -= 1
        return out

    def word_right(i: int) -> str:
        out = words[i + 1].split()[0] if words[i + 1].split() else ""
        j = i + 1
        while j < len(cuts) and glued[j] is True and not re.search(r"\s", words[j]):
            out += words[j + 1].split()[0] if words[j + 1].split() else ""
            j += 1
        return out

    changed = True
    while changed:
        changed = False
        for i in range(len(cuts)):
            if glued[i] is None:
                decision = _decide(word_left(i), word_right(i), vocab)
                if decision is not None:
                    glued[i] = decision
                    changed = True
    out = [words[0]]
    for i, cut in enumerate(cuts):
        glue = glued[i]
        if glue is None:
            tail = _key(words[i + 1].split()[0]) if words[i + 1].split() else ""
            glue = cut == CUT_STRONG and len(tail) <= 3
        out.append("" if glue else " ")
        out.append(words[i + 1])
    return "".join(out)
