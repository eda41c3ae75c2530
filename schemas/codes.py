"""The finding codes: one registry, ``{code: FindingKind(severity, meaning, scope)}``.

Every finding esep writes has a code from ``FINDING_KINDS`` and takes its
severity from it: one severity per code.  ``schemas.Finding.code`` is typed
from its keys (pydantic refuses a code that is not here, or a severity
other than its code's); normalize/ creates findings through
``normalize.findings``, which looks the code up and refuses an unknown one;
the schema reference (``esep schema --markdown``, docs/schema.md), ``esep
check``, the summary page and the workbook read the meanings from here.  A
test checks that the registry holds exactly the codes esep writes.

Severities: ``error``, a value could not be read or the file is not a
report; ``warning``, inconsistent or suspicious data; ``info``, worth
knowing.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Severity = Literal["error", "warning", "info"]
FindingScope = Literal["report", "dataset"]


@dataclass(frozen=True)
class FindingKind:
    """What a finding code means, how serious it is, and whether one report's
    checks or the checks across a dataset write it."""

    severity: Severity
    meaning: str
    scope: FindingScope = "report"  # "report" (one report's checks) or "dataset" (across reports)


class UnknownFindingCode(ValueError):
    """A finding was created with a code the registry does not hold."""


FINDING_KINDS: dict[str, FindingKind] = {
    # the document as a whole
    "not_a_report": FindingKind("error",
        "The file is readable but does not look like an interim or final programme report; "
        "it keeps a reports row with report_type `unknown`."),
    "section_missing": FindingKind("warning",
        "A table or narrative section the form requires for this report type is not in the document."),
    "table_not_recognised": FindingKind("warning",
        "A table matches none of the forms' tables and was not read; `value` previews it."),
    "indicator_not_recognised": FindingKind("info",
        "A line of the social and economic effect table matches no known indicator key (its row is kept, key null)."),
    # values that could not be read
    "unparsed_number": FindingKind(
        "error",
        "A number (amount, count, cost) could not be read; the value is null and `value` is the text as written."),
    "unparsed_date": FindingKind("warning",
        "A date could not be read; the date is null and `value` is the text as written."),
    "task_number_uncertain": FindingKind(
        "warning",
        "An activity's own number «K.M» contradicts the task row it sits under: its task number and task are "
        "left null."),
    "task_number_unconfirmed": FindingKind(
        "info",
        "An activity's own number «K.M» is the only sign of its task and no task row, task cell or narrative "
        "task confirms it: its task number is left null."),
    "category_not_recognised": FindingKind("warning",
        "A participants row (or a demographics column) names no known category of its group, or stands under a "
        "group the form does not have; its figure is not read."),
    "low_confidence": FindingKind("warning",
        "A value was read by OCR with a confidence below 0.80: check it on the page."),
    # figures that do not reconcile
    "plan_not_met": FindingKind("warning", "An indicator's actual value falls short of its plan."),
    "claim_contradicts_table": FindingKind("warning",
        "The narrative claims the plan was fulfilled, but indicators in the tables fall short of it."),
    "total_mismatch": FindingKind("warning", "A table's stated total differs from the sum of its rows."),
    "budget_mismatch": FindingKind("warning",
        "Payroll, taxes and economic contribution do not add up to the grant amount."),
    "cost_exceeds_grant": FindingKind("warning", "The activities' costs add up to more than the grant amount."),
    "deviation_mismatch": FindingKind("warning",
        "The deviation written in a plan/fact row does not follow from its plan and fact (by more than the "
        "rounding of the figure written)."),
    "demographics_sum_mismatch": FindingKind("warning",
        "The categories of a demographic table (gender, social status, age) do not add up to its total."),
    "demographics_total_mismatch": FindingKind("warning",
        "Two demographic tables, or a table and the direct beneficiaries, state different totals."),
    "demographics_contradiction": FindingKind("warning",
        "A category counts more participants than the age brackets it could fall into hold "
        "(e.g. more elderly people than the brackets from 50 up hold)."),
    "reach_count_swapped": FindingKind("warning",
        "A publication's reach is smaller than its number of publications: the two columns look swapped."),
    "platform_link_mismatch": FindingKind("warning", "The outlet names one platform but the link points to another."),
    "date_out_of_period": FindingKind("warning", "A publication or activity is dated outside the grant's year."),
    # across the reports of a dataset
    "duplicate_agreement": FindingKind("warning",
        "One agreement number appears in different files that are not the same report.", scope="dataset"),
    "interim_final_mismatch": FindingKind("warning",
        "The interim and the final report of one grant disagree (grant amount, or fewer participants in the final).",
        scope="dataset"),
    "same_report": FindingKind("info",
        "This file is another copy of a report already in the dataset (same type, grantee, agreement, year "
        "and figures); `reports.duplicate_of` names the report kept.", scope="dataset"),
}


def finding_kind(code: str, scope: FindingScope | None = None) -> FindingKind:
    """The registry's entry for ``code``, of ``scope`` when given.

    ``UnknownFindingCode`` when the registry has no such code, or has it for
    the other scope (a dataset check writing a report's code, or the reverse).
    """
    kind = FINDING_KINDS.get(code)
    if kind is None:
        raise UnknownFindingCode(f"{code!r} is not a finding code: add it to schemas/codes.py")
    if scope is not None and kind.scope != scope:
        raise UnknownFindingCode(f"{code!r} is a finding code of scope {kind.scope!r}, not {scope!r}")
    return kind


def codes_of_scope(scope: FindingScope) -> tuple[str, ...]:
    """The codes of one scope, in the registry's order."""
    return tuple(code for code, kind in FINDING_KINDS.items() if kind.scope == scope)
