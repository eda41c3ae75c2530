"""Checks across the reports of a dataset (run by ingest and watch after every run).

Pure functions over plain row dicts of the dataset tables, so that the
batch stage can call them on whatever it holds; they return finding rows
(with ``report_id``) for the ``findings`` table.  Codes:

* ``duplicate_agreement``: one agreement number in different files that are
  not the same report (two reports of the same type, or different grantees);
* ``interim_final_mismatch``: the interim and the final report of one grant
  disagree (grant amount, or the final counting fewer participants than the
  interim already had);
* ``same_report`` (info): the file is another copy of a report the dataset
  keeps (``normalize.same_report``); such copies get ``reports.duplicate_of``
  and are left out of the two checks above, so a report is compared once.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Iterable

from esep.normalize.findings import dataset_finding
from esep.normalize.same_report import FigureDigest, find_copies
from esep.normalize.text import fold_for_match
from esep.schemas.codes import codes_of_scope

#: the codes these checks write (the registry's codes of scope ``dataset``)
DATASET_CODES = codes_of_scope("dataset")


@dataclass
class DatasetReview:
    """What the checks across reports decide for one dataset version."""

    findings: list[dict]
    duplicate_of: dict[str, str]  # report_id of a copy -> report_id of the report kept


def _grant_key(report: dict) -> tuple | None:
    """Reports of one grant: same agreement number and grantee, or same grantee and topic."""
    grantee = fold_for_match(report.get("grantee") or "")
    if report.get("agreement_number") and grantee:
        return ("agreement", str(report["agreement_number"]).strip(), grantee)
    topic = fold_for_match(report.get("grant_topic") or "")
    if grantee and topic:
        return ("topic", grantee, topic)
    return None


def duplicate_agreements(reports: Iterable[dict], participants: dict[str, int] | None = None) -> list[dict]:
    """Reports sharing an agreement number that are not one grant's interim and final.

    The same report saved twice (a DOCX and its PDF) has the same type,
    grantee, amount and participant figure: that is one report, not a clash.
    """
    participants = participants or {}
    by_number: dict[str, list[dict]] = defaultdict(list)
    for r in reports:
        number = (r.get("agreement_number") or "").strip()
        if number and r.get("report_type") in ("interim", "final"):
            by_number[number].append(r)
    out = []
    for number, group in by_number.items():
        if len(group) < 2:
            continue
        grantees = {fold_for_match(r.get("grantee") or "") for r in group}
        versions: dict[str, set] = defaultdict(set)
        for r in group:
            versions[r["report_type"]].add((r.get("grant_amount_kzt"), participants.get(r["report_id"])))
        clash = len(grantees) > 1 or any(len(v) > 1 for v in versions.values())
        if not clash:
            continue
        files = ", ".join(sorted(r["source_file"] for r in group))
        for r in group:
            out.append(dataset_finding(
                "duplicate_agreement", r["report_id"],
                f"Agreement № {number} also appears in other files that are not the same report ({len(group)} files).",
                files))
    return out


def interim_final_mismatches(reports: Iterable[dict], participants: dict[str, int]) -> list[dict]:
    """``participants``: report_id -> participants figure (final: the total; interim: sum of activities)."""
    grants: dict[tuple, dict[str, list[dict]]] = defaultdict(lambda: defaultdict(list))
    for r in reports:
        key = _grant_key(r)
        if key is not None and r.get("report_type") in ("interim", "final"):
            grants[key][r["report_type"]].append(r)
    out = []
    for key, by_type in grants.items():
        for interim in by_type.get("interim", []):
            for final in by_type.get("final", []):
                a, b = interim.get("grant_amount_kzt"), final.get("grant_amount_kzt")
                if a is not None and b is not None and a != b:
                    for r in (interim, final):
                        out.append(dataset_finding(
                            "interim_final_mismatch", r["report_id"],
                            f"The interim and final reports of this grant state different grant amounts ({a} and {b} tenge).",
                            f"{interim['source_file']}: {a}; {final['source_file']}: {b}"))
                pi, pf = participants.get(interim["report_id"]), participants.get(final["report_id"])
                if pi is not None and pf is not None and pf < pi:
                    for r in (interim, final):
                        out.append(dataset_finding(
                            "interim_final_mismatch", r["report_id"],
                            f"The final report counts {pf} participants, fewer than the {pi} the interim report already had.",
                            f"{interim['source_file']}: {pi}; {final['source_file']}: {pf}"))
    return out


def participants_by_report(reports: Iterable[dict], activities: Iterable[dict], demographics: Iterable[dict],
                           indicators: Iterable[dict]) -> dict[str, int]:
    kind = {r["report_id"]: r.get("report_type") for r in reports}
    out: dict[str, int] = {}
    for d in demographics:
        if d.get("dimension") == "total" and d.get("count") is not None and kind.get(d["report_id"]) == "final":
            out.setdefault(d["report_id"], int(d["count"]))
    for i in indicators:
        if (i.get("key") == "participants_total" and i.get("actual") is not None
                and kind.get(i["report_id"]) == "final"):
            out.setdefault(i["report_id"], int(i["actual"]))
    sums: dict[str, int] = defaultdict(int)
    for a in activities:
        if kind.get(a["report_id"]) == "interim" and a.get("participants_actual") is not None:
            sums[a["report_id"]] += int(a["participants_actual"])
    out.update(sums)
    return out


def review_dataset(reports: list[dict], activities: list[dict], demographics: list[dict],
                   indicators: list[dict], digests: dict[str, FigureDigest] | None = None) -> DatasetReview:
    """``digests``: report_id -> its figures (``same_report``); without them no copy is found."""
    copies = find_copies(reports, digests or {})
    duplicate_of = copies.duplicate_of
    counted = [r for r in reports if r["report_id"] not in duplicate_of]
    participants = participants_by_report(reports, activities, demographics, indicators)
    findings = (copies.findings() + duplicate_agreements(counted, participants)
                + interim_final_mismatches(counted, participants))
    return DatasetReview(findings, duplicate_of)


def dataset_findings(reports: list[dict], activities: list[dict], demographics: list[dict],
                     indicators: list[dict], digests: dict[str, FigureDigest] | None = None) -> list[dict]:
    return review_dataset(reports, activities, demographics, indicators, digests).findings
