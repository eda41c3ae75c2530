"""The layout features a variant combines, and the matrix of variants.

One ``Layout`` is one point of the matrix: every feature has a value.  The
matrix (``matrix()``) is each sample's base layout, every feature value
varied one at a time around it, and a few combinations that real files
show together (a borderless PDF with split rows; the later edition in
landscape without rules).  ``Variant.name`` is stable and readable
(``final_eco_mangystau--borders=rules--format=pdf``) so a failure names its
features.
"""

from __future__ import annotations

from dataclasses import dataclass, fields, replace

FEATURES: dict[str, tuple[str, ...]] = {
    # how the document reaches esep
    "format": ("docx", "pdf", "pdf_landscape", "scan"),
    # table rules: every cell ruled; a rule under the header and under the last row only; none
    "borders": ("grid", "rules", "none"),
    # the header rows of the big tables repeated at the top of every page (PDF)
    "header_repeat": ("yes", "no"),
    # rows may break across a page (Word's default) or never do (w:cantSplit)
    "split_rows": ("yes", "no"),
    # where a final report's tasks are: a merged column, full-width rows, only in the narrative
    "tasks": ("column", "rows", "narrative"),
    # participants: three tables (gender, status, age) or one transposed table with group rows
    "demographics": ("three", "transposed"),
    # the columns of the big tables in the form's order or moved about
    "column_order": ("standard", "shuffled"),
    # the labels as in the form, other words for them, or with typing errors
    "labels": ("standard", "synonyms", "typos"),
    # the form's edition: 2022 (the seeds) or the later one (2024)
    "edition": ("2022", "2024"),
}


@dataclass(frozen=True)
class Layout:
    format: str = "docx"
    borders: str = "grid"
    header_repeat: str = "yes"
    split_rows: str = "yes"
    tasks: str = "column"
    demographics: str = "three"
    column_order: str = "standard"
    labels: str = "standard"
    edition: str = "2022"

    def __post_init__(self) -> None:
        for f in fields(self):
            value = getattr(self, f.name)
            if value not in FEATURES[f.name]:
                raise ValueError(f"{f.name}={value!r}: one of {FEATURES[f.name]}")

    def changed_from(self, base: "Layout") -> dict[str, str]:
        return {f.name: getattr(self, f.name) for f in fields(self) if getattr(self, f.name) != getattr(base, f.name)}


@dataclass(frozen=True)
class Variant:
    sample: str  # the sample whose content it renders, e.g. "final_eco_mangystau.docx"
    layout: Layout
    base: Layout

    @property
    def name(self) -> str:
        stem = self.sample.rsplit(".", 1)[0]
        changed = self.layout.changed_from(self.base)
        return "--".join([stem] + [f"{k}={v}" for k, v in sorted(changed.items())]) if changed else stem

    @property
    def suffix(self) -> str:
        return ".docx" if self.layout.format == "docx" else ".pdf"


# Base layout of each sample (a PDF: most layout features only show there), and the
# feature values that do not apply to it ("feature" or "feature=value").
BASES: dict[str, tuple[Layout, frozenset[str]]] = {
    "final_eco_mangystau.docx": (Layout(format="pdf"), frozenset()),
    "final_kk_zhasyl_dala.docx": (Layout(format="pdf"), frozenset()),
    "interim_gamo.docx": (Layout(format="pdf_landscape"),
                          frozenset({"demographics", "edition", "tasks=narrative"})),
}


def _applies(change: dict[str, str], not_applicable: frozenset[str]) -> bool:
    return not any(k in not_applicable or f"{k}={v}" in not_applicable for k, v in change.items())

# Combinations seen together in real files.
COMBINATIONS: tuple[dict[str, str], ...] = (
    {"format": "pdf", "borders": "rules", "header_repeat": "no"},
    {"format": "pdf", "borders": "none", "split_rows": "yes"},
    {"format": "pdf", "header_repeat": "yes", "tasks": "column"},
    {"format": "pdf_landscape", "edition": "2024", "borders": "rules"},
    {"format": "pdf", "edition": "2024", "tasks": "rows", "demographics": "transposed"},
    {"edition": "2024", "labels": "synonyms", "column_order": "shuffled"},
    {"format": "pdf", "column_order": "shuffled", "labels": "typos"},
)


def matrix(samples: tuple[str, ...] | None = None, *, scans: bool = True) -> list[Variant]:
    """Every variant: base, one feature at a time, the combinations; ``scans=False``
    leaves out the OCR'd ones (slow)."""
    out: list[Variant] = []
    seen: set[str] = set()
    for sample, (base, not_applicable) in BASES.items():
        if samples is not None and sample not in samples:
            continue
        changes = [{feature: v} for feature, values in FEATURES.items() for v in values
                   if v != getattr(base, feature)]
        layouts = [base] + [replace(base, **c) for c in changes + list(COMBINATIONS) if _applies(c, not_applicable)]
        for layout in layouts:
            if layout.format == "scan" and not scans:
                continue
            variant = Variant(sample, layout, base)
            if variant.name not in seen:
                seen.add(variant.name)
                out.append(variant)
    return out
