"""The finding codes esep writes today, with their severity and meaning.

One place for the list: the schema reference (``esep schema --markdown``,
docs/schema.md), the summary page and the workbook read it from here, and
a test checks that every code normalize/ and the dataset checks write is
in it.  ``FINDING_CODES`` maps a code to its ``FindingCode``.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class FindingCode:
    code: str
    severities: tuple[str, ...]  # the severities it is written with, most serious first
    scope: str                   # "report" (one report's checks) or "dataset" (across reports)
    meaning: str


def _code(code: str, severities: str, meaning: str, scope: str = "report") -> FindingCode:
    return FindingCode(code, tuple(severities.split()), scope, meaning)


_CODES = (
    # the document as a whole
    _code("not_a_report", "error",
          "The file is readable but does not look like an interim or final programme report; "
          "it keeps a reports row with report_type `unknown`."),
    _code("section_missing", "warning",
          "A table or narrative section the form requires for this report type is not in the document."),
    _code("table_not_recognised", "warning",
          "A table matches none of the forms' tables and was not read; `value` previews it."),
    _code("indicator_not_recognised", "info",
          "A line of the social and economic effect table matches no known indicator key (its row is kept, key null)."),
    # values that could not be read
    _code("unparsed_number", "error warning",
          "A number (amount, count, cost) could not be read; the value is null and `value` is the text as written. "
          "`error` for the grant amount, `warning` elsewhere."),
    _code("unparsed_date", "warning",
          "A date could not be read; the date is null and `value` is the text as written."),
    _code("task_number_uncertain", "warning info",
          "`warning`: an activity's own number «K.M» contradicts the task row it sits under (task number and task "
          "left null); `info`: «K.M» is the only sign of the task and nothing confirms it (task number left null)."),
    _code("category_not_recognised", "warning",
          "A participants row (or a demographics column) names no known category of its group, or stands under a "
          "group the form does not have; its figure is not read."),
    _code("low_confidence", "warning",
          "A value was read by OCR with a confidence below 0.80: check it on the page."),
    # figures that do not reconcile
    _code("plan_not_met", "warning", "An indicator's actual value falls short of its plan."),
    _code("claim_contradicts_table", "warning",
          "The narrative claims the plan was fulfilled, but indicators in the tables fall short of it."),
    _code("total_mismatch", "warning", "A table's stated total differs from the sum of its rows."),
    _code("budget_mismatch", "warning",
          "Payroll, taxes and economic contribution do not add up to the grant amount."),
    _code("cost_exceeds_grant", "warning", "The activities' costs add up to more than the grant amount."),
    _code("deviation_mismatch", "warning",
          "The deviation written in a plan/fact row does not follow from its plan and fact (by more than the "
          "rounding of the figure written)."),
    _code("demographics_sum_mismatch", "warning",
          "The categories of a demographic table (gender, social status, age) do not add up to its total."),
    _code("demographics_total_mismatch", "warning",
          "Two demographic tables, or a table and the direct beneficiaries, state different totals."),
    _code("demographics_contradiction", "warning",
          "A category counts more participants than the age brackets it could fall into hold "
          "(e.g. more elderly people than the brackets from 50 up hold)."),
    _code("reach_count_swapped", "warning",
          "A publication's reach is smaller than its number of publications: the two columns look swapped."),
    _code("platform_link_mismatch", "warning", "The outlet names one platform but the link points to another."),
    _code("date_out_of_period", "warning", "A publication or activity is dated outside the grant's year."),
    # across the reports of a dataset
    _code("duplicate_agreement", "warning",
          "One agreement number appears in different files that are not the same report.", scope="dataset"),
    _code("interim_final_mismatch", "warning",
          "The interim and the final report of one grant disagree (grant amount, or fewer participants in the final).",
          scope="dataset"),
    _code("same_report", "info",
          "This file is another copy of a report already in the dataset (same type, grantee, agreement, year "
          "and figures); `reports.duplicate_of` names the report kept.", scope="dataset"),
)

FINDING_CODES: dict[str, FindingCode] = {c.code: c for c in _CODES}
