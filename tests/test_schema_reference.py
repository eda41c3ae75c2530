"""docs/schema.md: written from the models, current, complete; the finding
code registry matches the codes the checks write."""

from __future__ import annotations

import re

import pytest
from click.testing import CliRunner

from esep.cli import main
from esep.schemas import TABLES
from esep.schemas.codes import FINDING_CODES
from esep.schemas.columns import table_columns
from tests.conftest import REPO

# ctx.finding("warning", "plan_not_met", ...) and the dataset checks' _finding(rid, "code", ...)
_REPORT_FINDING = re.compile(r"""finding\(\s*"(error|warning|info)",\s*"([a-z_]+)\"""")


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


def _codes_written() -> dict[str, set[str]]:
    """code -> severities, from the source of normalize/."""
    found: dict[str, set[str]] = {}
    for path in sorted((REPO / "normalize").glob("*.py")):
        for severity, code in _REPORT_FINDING.findall(path.read_text(encoding="utf-8")):
            found.setdefault(code, set()).add(severity)
    from esep.normalize.dataset_checks import DATASET_CODES

    for code in DATASET_CODES:  # same_report says what is, the others what does not reconcile
        found.setdefault(code, set()).add("info" if code == "same_report" else "warning")
    return found


def test_registry_holds_exactly_the_codes_the_checks_write():
    written = _codes_written()
    assert len(written) > 15  # the pattern still finds the calls
    assert set(written) == set(FINDING_CODES), (
        f"in the checks only: {sorted(set(written) - set(FINDING_CODES))}; "
        f"in schemas/codes.py only: {sorted(set(FINDING_CODES) - set(written))}")
    for code, severities in written.items():
        assert severities == set(FINDING_CODES[code].severities), code


@pytest.mark.parametrize("doc", ["README.md", "docs/schema.md"])
def test_docs_link_only_inside_the_repository(doc):
    text = (REPO / doc).read_text(encoding="utf-8")
    for target in re.findall(r"\]\(([^)]+)\)", text):
        if target.startswith("#"):
            continue
        assert "://" not in target and not target.startswith(("/", "..")), f"{doc} links outside: {target}"
        assert (REPO / target.split("#")[0]).exists(), f"{doc} links to a missing file: {target}"
