"""The variant factory: the samples' content over a matrix of layouts, each with its truth.

The samples hold one layout per form; an archive holds many.  This package
renders the content of each sample (read from its hand-written expected
output: ``facts.py``) in other layouts (``layout.py``: format, rules,
repeated headers, split rows, where the tasks are, how the participants are
tabled, column order, label wording, the form's edition), writes the files
(``make.py``: DOCX, PDF through LibreOffice, scans) and gives each its truth
(``truth.py``), known from the content, not from running esep.
``score.py`` compares esep's output with it field by field.

Used by bench/bench_variants.py (the whole matrix, a table of field F1 and
wrong numbers per feature and format) and tests/test_variants.py (a fixed,
fast subset that must be read exactly).  samples/ must be on sys.path:

    sys.path.insert(0, "samples")
    from variants import matrix, make, score
"""

from variants.layout import FEATURES, Layout, Variant, matrix
from variants.make import Made, make
from variants.score import Score, score

__all__ = ["FEATURES", "Layout", "Made", "Score", "Variant", "make", "matrix", "score"]
