"""Field-level comparison of esep's output with a variant's truth.

Records are aligned first (activities, partners, publications by their
text, in order, so that one extra or missing row does not shift the rest;
indicators through the activities they belong to, or by key; participants
by dimension and category), then every scored field is one item:

* true positive: esep gives the truth's value;
* false negative: the truth has a value esep does not give (null or other);
* false positive: esep gives a value the truth does not have (other, or
  where the truth is null), including every field of a record the truth
  does not have.

Text is compared without case and white space (a word the PDF wraps in
mid-word, «Краткосроч ные», is the same word), links after percent-decoding
(LibreOffice writes a Cyrillic letter in a link as %D1%88); numbers as
numbers.  A
*wrong number* is a number or date esep gives that is not the truth's:
the worst outcome, counted apart.
"""

from __future__ import annotations

import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from urllib.parse import unquote

from variants.truth import NUMERIC, SCORED


@dataclass
class WrongValue:
    table: str
    row: int
    field: str
    truth: object
    got: object

    def __str__(self) -> str:
        return f"{self.table}[{self.row}].{self.field}: truth {self.truth!r}, esep {self.got!r}"


@dataclass
class Score:
    tp: Counter = field(default_factory=Counter)  # by "table.field"
    fp: Counter = field(default_factory=Counter)
    fn: Counter = field(default_factory=Counter)
    wrong: list[WrongValue] = field(default_factory=list)  # wrong numbers and dates
    misses: list[str] = field(default_factory=list)  # every disagreement, for reading

    def add(self, other: "Score") -> None:
        self.tp.update(other.tp)
        self.fp.update(other.fp)
        self.fn.update(other.fn)
        self.wrong += other.wrong
        self.misses += other.misses

    @property
    def f1(self) -> float:
        tp, fp, fn = sum(self.tp.values()), sum(self.fp.values()), sum(self.fn.values())
        return 1.0 if tp + fp + fn == 0 else 2 * tp / (2 * tp + fp + fn)

    @property
    def exact(self) -> bool:
        return not self.fp and not self.fn


def fold(value) -> object:
    if isinstance(value, str):
        text = unicodedata.normalize("NFC", value).replace("\u00ad", "")
        return "".join(text.split()).casefold()
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, (int, float)):
        return float(value)
    return value


def score(truth: dict, got: dict) -> Score:
    """``got`` is ``esep extract``'s JSON (the bundle's model_dump(mode="json"))."""
    s = Score()
    _compare(s, "report", 0, truth["report"], got.get("report") or {})
    pairs = _align(truth["activities"], got.get("activities", []), "title")
    seq_map = {}
    for t, g in pairs:
        if t is not None and g is not None:
            seq_map[t + 1] = got["activities"][g].get("activity_seq")
    _compare_pairs(s, "activities", pairs, truth["activities"], got.get("activities", []))
    _indicators(s, truth["indicators"], got.get("indicators", []), seq_map)
    _demographics(s, truth["demographics"], got.get("demographics", []))
    for table, key in (("partners", "name"), ("publications", "url")):
        t_rows, g_rows = truth[table], got.get(table, [])
        _compare_pairs(s, table, _align(t_rows, g_rows, key, fallback="title"), t_rows, g_rows)
    return s


def _compare(s: Score, table: str, row: int, truth: dict, got: dict | None) -> None:
    for name in SCORED[table]:
        if name not in truth:
            continue
        t = truth[name]
        g = None if got is None else got.get(name)
        key = f"{table}.{name}"
        same = fold(unquote(t)) == fold(unquote(g)) if name == "url" and t and g else fold(t) == fold(g)
        if t is not None and same:
            s.tp[key] += 1
            continue
        if t is not None:
            s.fn[key] += 1
        if g is not None:
            s.fp[key] += 1
            if name in NUMERIC and not isinstance(g, bool):
                s.wrong.append(WrongValue(table, row, name, t, g))
        if t is not None or g is not None:
            s.misses.append(f"{table}[{row}].{name}: truth {_short(t)}, esep {_short(g)}")


def _compare_pairs(s: Score, table: str, pairs, t_rows: list[dict], g_rows: list[dict]) -> None:
    for t, g in pairs:
        truth = t_rows[t] if t is not None else {k: None for k in SCORED[table]}
        _compare(s, table, t if t is not None else -1, truth, g_rows[g] if g is not None else None)


def _indicators(s: Score, t_rows: list[dict], g_rows: list[dict], seq_map: dict) -> None:
    def key_of(row: dict, mapped: bool) -> tuple:
        if row["scope"] == "activity":
            seq = seq_map.get(row["activity_seq"]) if mapped else row["activity_seq"]
            return ("activity", seq)
        return (row["scope"], row.get("key"))

    g_index: dict[tuple, list[int]] = {}
    for i, row in enumerate(g_rows):
        g_index.setdefault(key_of(row, False), []).append(i)
    used: set[int] = set()
    for i, row in enumerate(t_rows):
        candidates = [j for j in g_index.get(key_of(row, True), []) if j not in used]
        j = candidates[0] if candidates else None
        if j is not None:
            used.add(j)
            g = dict(g_rows[j])
            if row["scope"] == "activity":
                g["activity_seq"] = row["activity_seq"] if seq_map.get(row["activity_seq"]) == g["activity_seq"] \
                    else g["activity_seq"]
        else:
            g = None
        _compare(s, "indicators", i, row, g)
    for j, row in enumerate(g_rows):
        if j not in used:
            _compare(s, "indicators", -1, {k: None for k in SCORED["indicators"]}, row)


def _demographics(s: Score, t_rows: list[dict], g_rows: list[dict]) -> None:
    used: set[int] = set()
    for i, row in enumerate(t_rows):
        j = next((j for j, g in enumerate(g_rows) if j not in used and g["dimension"] == row["dimension"]
                  and g["category"] == row["category"]), None)
        if j is not None:
            used.add(j)
        _compare(s, "demographics", i, row, g_rows[j] if j is not None else None)
    for j, row in enumerate(g_rows):
        if j not in used:
            _compare(s, "demographics", -1, {k: None for k in SCORED["demographics"]}, row)


def _similarity(a, b) -> float:
    fa, fb = fold(a), fold(b)
    if not isinstance(fa, str) or not isinstance(fb, str) or not fa or not fb:
        return 0.0
    if fa == fb:
        return 1.0
    return SequenceMatcher(None, fa, fb, autojunk=False).ratio()


def _align(t_rows: list[dict], g_rows: list[dict], key: str, fallback: str | None = None,
           threshold: float = 0.6) -> list[tuple[int | None, int | None]]:
    """Order-keeping alignment of two row lists by the similarity of ``key``
    (``fallback`` where a row has none): (truth index, esep index) pairs,
    None for a row the other side lacks."""
    def text(row: dict):
        return row.get(key) or (row.get(fallback) if fallback else None)

    n, m = len(t_rows), len(g_rows)
    sim = [[_similarity(text(t_rows[i]), text(g_rows[j])) for j in range(m)] for i in range(n)]
    best = [[0.0] * (m + 1) for _ in range(n + 1)]
    for i in range(n - 1, -1, -1):
        for j in range(m - 1, -1, -1):
            take = best[i + 1][j + 1] + sim[i][j] if sim[i][j] >= threshold else -1.0
            best[i][j] = max(take, best[i + 1][j], best[i][j + 1])
    pairs: list[tuple[int | None, int | None]] = []
    i = j = 0
    while i < n and j < m:
        if sim[i][j] >= threshold and best[i][j] == best[i + 1][j + 1] + sim[i][j]:
            pairs.append((i, j))
            i, j = i + 1, j + 1
        elif best[i][j] == best[i + 1][j]:
            pairs.append((i, None))
            i += 1
        else:
            pairs.append((None, j))
            j += 1
    pairs += [(k, None) for k in range(i, n)] + [(None, k) for k in range(j, m)]
    return pairs


def _short(value) -> str:
    text = repr(value)
    return text if len(text) <= 90 else text[:87] + "…"
