"""Write variants to files: DOCX, PDF through LibreOffice (one run for all), scans.

``make(variants, out_dir)`` renders every variant's document, writes the
DOCX files with samples/build.py, converts those that are to be PDF in one
LibreOffice run, rasterises the scanned ones like samples/build_scans.py,
and returns one ``Made`` per variant: its file and its truth.
"""

from __future__ import annotations

import json
import zlib
from dataclasses import dataclass
from pathlib import Path

import build
import build_scans

from variants.facts import ReportFacts, load_facts
from variants.layout import Variant
from variants.render_final import final_document
from variants.render_interim import interim_document
from variants.truth import truth_of


@dataclass(frozen=True)
class Made:
    variant: Variant
    path: Path
    truth: dict


def document_of(facts: ReportFacts, variant: Variant):
    if facts.report_type == "final":
        return final_document(facts, variant.layout)
    return interim_document(facts, variant.layout)


def make(variants: list[Variant], out_dir: Path) -> list[Made]:
    out_dir.mkdir(parents=True, exist_ok=True)
    docx_dir = out_dir / "docx"
    docx_dir.mkdir(exist_ok=True)
    facts_of: dict[str, ReportFacts] = {}
    docx_of: dict[str, Path] = {}
    for v in variants:
        facts = facts_of.setdefault(v.sample, load_facts(v.sample))
        path = docx_dir / f"{v.name}.docx"
        build.render_docx(document_of(facts, v), path)
        docx_of[v.name] = path
    needs_pdf = [v for v in variants if v.layout.format != "docx"]
    pdf_of: dict[str, Path] = {}
    if needs_pdf:
        pdf_dir = out_dir / "pdf"
        for v, pdf in zip(needs_pdf, build.export_pdfs([docx_of[v.name] for v in needs_pdf], pdf_dir)):
            pdf_of[v.name] = pdf
    made = []
    for v in variants:
        if v.layout.format == "docx":
            path = out_dir / f"{v.name}.docx"
            path.write_bytes(docx_of[v.name].read_bytes())
        elif v.layout.format == "scan":
            path = build_scans.scan_pdf(pdf_of[v.name], out_dir / f"{v.name}.pdf", title=v.name,
                                        seed=zlib.crc32(v.name.encode()))
        else:
            path = out_dir / f"{v.name}.pdf"
            path.write_bytes(pdf_of[v.name].read_bytes())
        truth = truth_of(facts_of[v.sample], v.layout)
        (out_dir / f"{v.name}.truth.json").write_text(json.dumps(truth, ensure_ascii=False, indent=1),
                                                      encoding="utf-8")
        made.append(Made(v, path, truth))
    return made
