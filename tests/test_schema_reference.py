"""docs/schema.md: written from the models, current, complete; the finding
code registry matches the codes esep writes."""

from __future__ import annotations

import re

import pytest
from click.testing import CliRunner

from esep.cli import main
from esep.schemas import TABLES
from esep.schemas import Finding
from esep.schemas.codes import FINDING_KINDS, UnknownFindingCode
from esep.schemas.columns import table_columns
from tests.conftest import REPO

# every finding is made by ctx.finding("plan_not_met", ...) or dataset_finding("same_report", ...)
_FINDING_CALL = re.compile(r"""finding\(\s*"([a-z_]+)\"""")
_NOT_ESEP = {"tests", "samples", "bench", "build"}


def test_docs_schema_md_is_the_commands_output():
    result = CliRunner().invoke(main, ["schema", "--markdown"])
    assert result.exit_code == 0, result.output
    committed = (REPO / "docs" / "schema.md").read_text(encoding="utf-8")
    assert committed == result.output, (
        "docs/schema.md is out of date: run `esep schema --markdown > docs/schema.md`")


def test_reference_lists_every_table_and_column_with_a_description():
    text = (REPO / "docs" / "schema.md").read_text(encoding="utf-8")
    for table in TABLES:
        assert f"\n## {table}\n" in text
        for column in table_columns(table):
            assert column.description, f"{table}.{column.name} has no description"
            assert f"| `{column.name}` |" in text
    assert "| `plan_not_met` | warning | report |" in text
    assert "One row per `report_id`, `activity_seq` (primary key)." in text


def test_columns_are_in_the_order_the_dataset_writes_them():
    from esep.writers.schema import table_schema

    for table in TABLES:
        assert [c.name for c in table_columns(table)] == table_schema(table).names


def _codes_written() -> set[str]:
    """The codes esep's source creates findings with (tests and tools left out)."""
    found: set[str] = set()
    for top in sorted(REPO.iterdir()):
        if top.name in _NOT_ESEP or top.name.startswith("."):
            continue
        for path in [top] if top.suffix == ".py" else sorted(top.rglob("*.py")):
            found.update(_FINDING_CALL.findall(path.read_text(encoding="utf-8")))
    return found


def test_registry_holds_exactly_the_codes_esep_writes():
    written = _codes_written()
    assert len(written) > 15  # the pattern still finds the calls
    assert written == set(FINDING_KINDS), (
        f"written only: {sorted(written - set(FINDING_KINDS))}; "
        f"in schemas/codes.py only: {sorted(set(FINDING_KINDS) - written)}")


def test_a_finding_takes_its_severity_from_the_registry_and_refuses_an_unknown_code():
    from esep.extract.model import Provenance
    from esep.normalize.findings import dataset_finding, report_finding

    made = report_finding("unparsed_number", "m", Provenance(pages=(2,), table=1, row=3), "x" * 600)
    assert (made.severity, made.location, made.source_row, len(made.value)) == ("error", "table 1 row 3 page 2", 3, 500)
    assert report_finding("task_number_unconfirmed", "m").severity == "info"
    row = dataset_finding("same_report", "r1", "m", "kept.docx")
    assert (row["report_id"], row["severity"], row["location"]) == ("r1", "info", "dataset")
    with pytest.raises(UnknownFindingCode):
        report_finding("no_such_code", "m")
    with pytest.raises(UnknownFindingCode):  # a dataset code from one report's checks
        report_finding("same_report", "m")
    with pytest.raises(UnknownFindingCode):
        dataset_finding("plan_not_met", "r1", "m")
    with pytest.raises(ValueError, match="severity"):
        Finding(severity="warning", code="unparsed_number", message="m")
    with pytest.raises(ValueError):
        Finding(severity="warning", code="no_such_code", message="m")


def test_every_code_has_one_severity_and_a_meaning():
    for code, kind in FINDING_KINDS.items():
        assert kind.severity in ("error", "warning", "info") and kind.scope in ("report", "dataset"), code
        assert kind.meaning.endswith(".") and "`error`" not in kind.meaning, code


@pytest.mark.parametrize("doc", ["README.md", "docs/schema.md"])
def test_docs_link_only_inside_the_repository(doc):
    text = (REPO / doc).read_text(encoding="utf-8")
    for target in re.findall(r"\]\(([^)]+)\)", text):
        if target.startswith("#"):
            continue
        assert "://" not in target and not target.startswith(("/", "..")), f"{doc} links outside: {target}"
        assert (REPO / target.split("#")[0]).exists(), f"{doc} links to a missing file: {target}"


def test_esep_check_gives_each_codes_meaning_from_the_registry():
    from esep.review.findings import DatasetView, summarise
    from esep.review.render import render_table

    findings = [{"report_id": "r1", "severity": "warning", "code": "plan_not_met", "message": "m", "location": "x"},
                {"report_id": "r1", "severity": "info", "code": "retired_code", "message": "m", "location": "x"}]
    view = DatasetView(findings, {"r1": {"report_id": "r1", "source_file": "a.docx", "report_type": "final",
                                         "duplicate_of": None}}, [])
    summary = summarise(view)
    meanings = {row["code"]: row["meaning"] for row in summary["by_code"]}
    assert meanings == {"plan_not_met": FINDING_KINDS["plan_not_met"].meaning, "retired_code": None}
    assert "\n          " + FINDING_KINDS["plan_not_met"].meaning + "\n" in render_table(summary)
