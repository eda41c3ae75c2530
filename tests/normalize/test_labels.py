"""normalize.labels: tolerant matching of form labels."""

import random

import pytest

from esep.normalize import labels
from esep.normalize.labels import PhraseMatcher, matcher
from esep.normalize.text import fold_for_match

TABLE = {
    "plan": {"ru": ("план",), "kk": ("жоспар",)},
    "participants": {"ru": ("количество участников",), "kk": ("қатысушылар саны",)},
    "number": {"ru": ("№",)},
}


@pytest.fixture(scope="module")
def m():
    return PhraseMatcher(TABLE)


def test_exact_label_and_its_language(m):
    hit = m.best("Количество участников (чел.)")
    assert (hit.key, hit.lang, hit.score, hit.start) == ("participants", "ru", len("количество участников"), 0)
    assert m.best("Қатысушылар саны").lang == "kk"


def test_typos_within_the_budget_match_with_a_lower_score(m):
    exact = m.best("количество участников")
    typo = m.best("Колличество учасников")  # one insertion, one deletion: 21 letters allow 3 edits
    assert typo.key == "participants" and typo.score == exact.score - 1.5 * 2
    assert m.best("Кол-во людей") is None  # another wording is not a typo


def test_short_phrases_are_exact_and_start_a_word(m):
    assert m.best("План").key == "plan"
    assert m.best("запланировано") is None  # "план" inside a word
    assert m.best("плн") is None  # no edits for five letters or fewer


def test_literal_phrase_that_folds_to_nothing(m):
    assert m.best("№ п/п").key == "number"


def test_every_matching_key_best_first(m):
    keys = [h.key for h in m.hits("№, план, количество участников")]
    assert keys[0] == "participants" and set(keys) == {"participants", "plan", "number"}


def test_pieces_cover_the_phrase():
    for n in range(7, 40):
        folded = "абвгдежзиклмнопрстуфхцчшщыэюя0123456789"[:n]
        k = labels._allowed_errors(n)
        pieces = labels._pieces(folded, k)
        assert len(pieces) == k + 1
        assert "".join(p for _, p in pieces) == folded
        assert all(folded[o:o + len(p)] == p and p for o, p in pieces)


def _mutate(rng: random.Random, s: str, edits: int) -> str:
    alphabet = "абвгдеёжзийклмнопрстуфхцчшщыэюяіқңұү "
    s = list(s)
    for _ in range(edits):
        i = rng.randrange(len(s) + 1)
        op = rng.choice("isd")
        if op == "i" or not s:
            s.insert(i, rng.choice(alphabet))
        elif op == "s" and i < len(s):
            s[i] = rng.choice(alphabet)
        elif i < len(s):
            del s[i]
    return "".join(s)


def test_windowed_search_finds_what_the_whole_text_search_finds():
    """The windows around exact pieces lose no match and no better match:
    checked against the plain fuzzy search over the whole text, for every
    column label of the forms, planted with 0..4 edits in prose."""
    rng = random.Random(20261122)
    phrases = [ph for ph in _all_phrases() if ph.pieces]
    assert len(phrases) > 30
    filler = fold_for_match(
        "В рамках проекта проведены семинары и тренинги для молодежи, "
        "количество участников превысило плановое, жоспар бойынша іс-шаралар өткізілді. " * 3
    )
    checked = found = 0
    for ph in phrases:
        for _ in range(6):
            planted = _mutate(rng, ph.folded, rng.randrange(0, 5))
            cut = rng.randrange(len(filler))
            text = filler[:cut] + planted + filler[cut:]
            whole = ph.pattern.search(text)
            windowed = labels._fuzzy_search(ph, text)
            assert (whole is None) == (windowed is None), (ph.folded, planted)
            if whole is not None:
                assert sum(whole.fuzzy_counts) == sum(windowed.fuzzy_counts), (ph.folded, planted)
                found += 1
            checked += 1
    assert found > checked // 3  # the check is not vacuous


def _all_phrases():
    from esep.normalize import patterns

    out = []
    for spec in patterns.TABLES.values():
        if spec["columns"]:
            out.extend(PhraseMatcher(spec["columns"]).phrases)
    out.extend(matcher("GOAL_ROWS").phrases)
    return out
