"""A fixed, fast subset of the variant matrix (samples/variants/): each must be read exactly.

Every variant renders a sample's content in another layout; its truth comes
from the content (the sample's hand-written expected output), not from
esep.  Each variant here must give every scored field of its truth and no
value the truth does not have (field F1 = 1, no wrong number).  The DOCX
variants need no external program; the PDF ones are exported by LibreOffice
in one run for the module.  bench/bench_variants.py runs the whole matrix.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from tests.conftest import REPO  # noqa: E402
if str(REPO / "samples") not in sys.path:
    sys.path.insert(0, str(REPO / "samples"))

from variants import Layout, Variant, make, score  # noqa: E402
from variants.facts import load_facts  # noqa: E402
from variants.truth import truth_of  # noqa: E402

ECO, KK, GAMO = "final_eco_mangystau.docx", "final_kk_zhasyl_dala.docx", "interim_gamo.docx"

# (sample, layout): one variant per class of layout the matrix varies.
DOCX_SUBSET = [
    (ECO, Layout(tasks="rows")),
    (ECO, Layout(tasks="narrative")),
    (ECO, Layout(demographics="transposed")),
    (ECO, Layout(labels="synonyms", column_order="shuffled")),
    (ECO, Layout(labels="typos")),
    (ECO, Layout(edition="2024")),
    (KK, Layout(edition="2024", labels="synonyms")),
    (KK, Layout(tasks="rows", demographics="transposed")),
    (GAMO, Layout(tasks="rows", labels="synonyms")),
    (GAMO, Layout(column_order="shuffled", labels="typos")),
]
PDF_SUBSET = [
    (ECO, Layout(format="pdf", header_repeat="yes")),
    (ECO, Layout(format="pdf", split_rows="no")),
    (ECO, Layout(format="pdf", borders="rules", header_repeat="no")),
    (KK, Layout(format="pdf_landscape", tasks="rows", header_repeat="no")),
    (GAMO, Layout(format="pdf_landscape", borders="rules")),
]


def _variant(sample: str, layout: Layout) -> Variant:
    return Variant(sample, layout, Layout())


def _ids(subset) -> list[str]:
    return [_variant(s, lay).name for s, lay in subset]


@pytest.fixture(scope="module")
def made(tmp_path_factory):
    """Every variant of the module, built once (the PDFs in one LibreOffice run)."""
    variants = [_variant(s, lay) for s, lay in DOCX_SUBSET + PDF_SUBSET]
    return {m.variant.name: m for m in make(variants, tmp_path_factory.mktemp("variants"))}


def _read_exactly(m) -> None:
    from esep.pipeline import process_file

    bundle = process_file(m.path, source_file=m.path.name).model_dump(mode="json")
    s = score(m.truth, bundle)
    assert not s.wrong, "wrong numbers:\n" + "\n".join(map(str, s.wrong))
    assert s.exact, f"F1 {s.f1:.3f}:\n" + "\n".join(s.misses)


@pytest.mark.parametrize("sample, layout", DOCX_SUBSET, ids=_ids(DOCX_SUBSET))
def test_docx_variant_read_exactly(made, sample, layout):
    _read_exactly(made[_variant(sample, layout).name])


@pytest.mark.parametrize("sample, layout", PDF_SUBSET, ids=_ids(PDF_SUBSET))
def test_pdf_variant_read_exactly(made, sample, layout):
    _read_exactly(made[_variant(sample, layout).name])


# ------------------------------------------------------------ the factory itself

@pytest.mark.parametrize("sample", [ECO, KK, GAMO])
def test_truth_of_the_base_layout_is_the_samples_expected_output(sample):
    """The truth is the content: for the layout the sample itself has, it is the
    sample's hand-written expected output, field for field."""
    import json

    expected = json.loads((REPO / "samples" / "expected" / f"{sample}.json").read_text(encoding="utf-8"))
    truth = truth_of(load_facts(sample), Layout())
    assert score(truth, expected).exact


def test_the_later_edition_changes_what_the_page_carries():
    """A 2024 plan/fact table has no effect column and its partners no note column:
    the truth asks for no outcome and no note there; a row that is not a head count
    is written as its number with a note, and its indicator keeps that number."""
    truth = truth_of(load_facts(ECO), Layout(edition="2024"))
    assert all(a["outcome"] is None for a in truth["activities"])
    assert all(p["note"] is None for p in truth["partners"])
    book = [i for i in truth["indicators"] if i["scope"] == "activity" and i["key"] is None]
    assert book and book[0]["planned"] == 1.0 and book[0]["unit"] is None
    assert truth["activities"][book[0]["activity_seq"] - 1]["participants_planned"] is None
