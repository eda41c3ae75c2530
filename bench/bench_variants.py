#!/usr/bin/env python3
"""How exactly esep reads the samples' content in other layouts: field F1 and wrong numbers.

    .venv/bin/python bench/bench_variants.py              # the matrix without scans (~1 min)
    .venv/bin/python bench/bench_variants.py --scans      # with the OCR'd variants (slow)
    .venv/bin/python bench/bench_variants.py --only edition=2024 --show 20

The variant factory (samples/variants/) renders each sample's content over
a matrix of layout features (format, rules, repeated headers, split rows,
where the tasks are, how the participants are tabled, column order, label
wording, form edition), each file with its truth known from the content.
This bench reads every variant with ``pipeline.process_file`` and prints

- one line per variant: field F1 and wrong numbers;
- per feature value: the variants that have it, their pooled field F1 and
  wrong numbers (a wrong number is a number or date esep gives that is not
  the truth's: the worst outcome);
- per format;
- the wrong numbers themselves.

Target (issue 12): F1 >= 0.99 for every feature value, 0 wrong numbers.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(REPO), str(REPO / "samples")]

from esep.pipeline import process_file  # noqa: E402
from variants import FEATURES, Score, make, matrix, score  # noqa: E402

F1_TARGET = 0.99


def _row(label: str, s: Score, n: int | None = None) -> str:
    count = f"{n:>4}" if n is not None else "    "
    flag = "" if s.f1 >= F1_TARGET and not s.wrong else "   <-"
    return f"  {label:<44s} {count} {s.f1:7.3f} {len(s.wrong):6d}{flag}"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--scans", action="store_true", help="add the OCR'd variants (minutes per file)")
    ap.add_argument("--only", action="append", default=[],
                    help="keep variants whose name contains this (e.g. borders=rules); repeatable")
    ap.add_argument("--show", type=int, default=0, help="print up to N disagreements per variant")
    ap.add_argument("--keep", type=Path, help="write the variants here and keep them")
    args = ap.parse_args(argv)

    variants = [v for v in matrix(scans=args.scans) if not args.only or any(o in v.name for o in args.only)]
    if not variants:
        print("no variant matches", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory(prefix="esep-variants-") as tmp:
        out = args.keep or Path(tmp)
        t0 = time.perf_counter()
        made = make(variants, out)
        print(f"{len(made)} variants built in {time.perf_counter() - t0:.1f} s ({out})\n")
        scores: dict[str, Score] = {}
        t0 = time.perf_counter()
        for m in made:
            bundle = process_file(m.path, source_file=m.path.name).model_dump(mode="json")
            s = score(m.truth, bundle)
            scores[m.variant.name] = s
            print(f"  {m.variant.name:<78s} F1 {s.f1:.3f}  wrong {len(s.wrong)}")
            for line in s.misses[: args.show]:
                print(f"      {line}")
        print(f"\nread in {time.perf_counter() - t0:.1f} s\n")

    by_value: dict[tuple[str, str], Score] = defaultdict(Score)
    counts: dict[tuple[str, str], int] = defaultdict(int)
    total = Score()
    for m in made:
        s = scores[m.variant.name]
        total.add(s)
        for feature in FEATURES:
            key = (feature, getattr(m.variant.layout, feature))
            by_value[key].add(s)
            counts[key] += 1
    print(f"  {'feature = value':<44s} {'n':>4} {'F1':>7} {'wrong':>6}")
    for feature, values in FEATURES.items():
        for value in values:
            if (feature, value) in by_value:
                print(_row(f"{feature} = {value}", by_value[(feature, value)], counts[(feature, value)]))
    print()
    print(_row("all variants", total, len(made)))
    if total.wrong:
        print("\nwrong numbers:")
        for m in made:
            for w in scores[m.variant.name].wrong:
                print(f"  {m.variant.name}: {w}")
    ok = all(by_value[k].f1 >= F1_TARGET for k in by_value) and not total.wrong
    print(f"\ntarget F1 >= {F1_TARGET} for every feature value and 0 wrong numbers: {'met' if ok else 'NOT met'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
