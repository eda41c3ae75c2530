"""The seed-based samples give exactly the findings their data deserve, listed by hand.

From ../shared/seeds/README.md and samples/README.md:
* final (Eco Mangistau): 426 participants "от 50 лет и старше" against 112 + 67
  aged 46+; one training reached 27 of 50; the narrative says "в полном объеме";
  everything else adds up (595 everywhere, 1 260 000 + 162 990 + 3 577 010 =
  5 000 000, ИТОГО = its rows).
* interim (GAMO): four Facebook rows with reach 1 and a count of 38, 152, 52,
  53; the Акмарал row shows a Facebook outlet with an Instagram link.
* final (Жасыл Дала, and its .doc copy): the age brackets sum to 495 against a
  total of 505; the project school had 38 of 40 planned; nothing claims full
  completion.
* final, 2024 edition (Сана Павлодар): the deviation written for activity 1.1
  is +8,8 where plan 60 and fact 65 give +8,3; the master classes reached 72
  of 80 and the forum 96 of 100; everything else adds up (610 everywhere,
  590 / 610 = «Итого» without the book's 500 copies, 3 140 000 + 345 400 +
  4 364 600 = 7 850 000).
"""

from __future__ import annotations

import pytest

from esep.pipeline import process_file
from esep.schemas.codes import FINDING_KINDS
from tests.conftest import SAMPLES

INTERIM = sorted([("reach_count_swapped", "table 1 row 9"), ("reach_count_swapped", "table 1 row 10"),
                  ("reach_count_swapped", "table 1 row 11"), ("reach_count_swapped", "table 1 row 12"),
                  ("platform_link_mismatch", "table 1 row 23")])
KK = sorted([("demographics_sum_mismatch", "table 5 row 1"), ("plan_not_met", "table 1 row 4")])

EXPECTED = {
    "final_eco_mangystau.docx": sorted([
        ("claim_contradicts_table", "section «1. Опишите мероприятия в рамках социального проекта»"),
        ("demographics_contradiction", "table 4 row 1"),
        ("plan_not_met", "table 1 row 5"),
    ]),
    "interim_gamo.docx": INTERIM,
    "interim_gamo.pdf": INTERIM,
    "final_kk_zhasyl_dala.docx": KK,
    "final_kk_zhasyl_dala.doc": KK,
    "final_2024_sana_pavlodar.docx": sorted([
        ("deviation_mismatch", "table 2 row 2"),
        ("plan_not_met", "table 2 row 3"),
        ("plan_not_met", "table 2 row 9"),
    ]),
}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_sample_findings(name):
    path = SAMPLES / name
    if not path.exists():
        pytest.fail(f"sample {name} is missing")
    bundle = process_file(path)
    got = sorted((f.code, f.location.split(" page ")[0]) for f in bundle.findings)
    assert got == EXPECTED[name]
    # each finding carries its code's one severity (schemas/codes.py): every one of these is a warning
    assert {(f.code, f.severity) for f in bundle.findings} == {(code, FINDING_KINDS[code].severity) for code, _ in got}
    assert {f.severity for f in bundle.findings} == {"warning"}
    values = {f.code: f.value for f in bundle.findings}
    if name.startswith("final_eco"):
        assert values["demographics_contradiction"] == "elderly 426 > 46-58 112 + 59+ 67 = 179"
        assert values["plan_not_met"] == "27 < 50"
    if name.startswith("final_kk"):
        assert values["demographics_sum_mismatch"].endswith("= 495 ≠ 505")
    if name.startswith("final_2024"):
        assert values["deviation_mismatch"].startswith("+8,8 ≠ (65 − 60) / 60")
