"""Quality checks on one report: what does not reconcile becomes a finding.

Each check is a small function over the finished ReportBundle (plus the
per-table demographic totals the reader of section 4 kept aside).  No
check ever changes a value; it says what it saw, where, with the figures.
Codes are stable: analysts filter on them.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Callable, Iterable

import regex

from esep.extract.model import Provenance
from esep.normalize import patterns
from esep.normalize.context import Ctx
from esep.normalize.provenance import provenance_of
from esep.normalize.labels import matcher
from esep.normalize.publications import platform_of_domain
from esep.schemas import Demographic, Indicator, ReportBundle

SOCIAL_NETWORKS = {"facebook", "instagram", "telegram", "youtube", "tiktok", "vk"}


def _fmt(n: float | int | None) -> str:
    if n is None:
        return "—"
    if float(n).is_integer():
        return f"{int(n):,}".replace(",", " ")
    return f"{n:g}"


# ------------------------------------------------------------ demographics


def check_demographic_sums(bundle: ReportBundle, ctx: Ctx) -> None:
    by_dim: dict[str, list[Demographic]] = defaultdict(list)
    for d in bundle.demographics:
        by_dim[d.dimension].append(d)
    totals = {dim: (count, prov) for dim, count, prov in ctx.demo_totals}
    for dim, rows in by_dim.items():
        if dim == "total" or dim not in totals:
            continue
        total, prov = totals[dim]
        counts = [d.count for d in rows if d.count is not None]
        if total is None or not counts:
            continue
        s = sum(counts)
        if s != total:
            parts = " + ".join(f"{d.category} {_fmt(d.count)}" for d in rows if d.count is not None)
            ctx.finding("demographics_sum_mismatch",
                        f"The {dim.replace('_', ' ')} categories add up to {_fmt(s)}, not to the table's total of {_fmt(total)}.",
                        prov, f"{parts} = {_fmt(s)} ≠ {_fmt(total)}")


def check_demographic_totals(bundle: ReportBundle, ctx: Ctx) -> None:
    known = [(dim, count, prov) for dim, count, prov in ctx.demo_totals if count is not None]
    if known:
        first_dim, first, first_prov = known[0]
        for dim, count, prov in known[1:]:
            if count != first:
                ctx.finding("demographics_total_mismatch",
                            f"The {dim.replace('_', ' ')} table's total ({_fmt(count)}) differs from the "
                            f"{first_dim.replace('_', ' ')} table's ({_fmt(first)}).",
                            prov, f"{_fmt(count)} ≠ {_fmt(first)}")
    direct = next((i for i in bundle.indicators if i.key == "direct_beneficiaries"), None)
    total = next((d for d in bundle.demographics if d.dimension == "total"), None)
    if direct is not None and total is not None and direct.actual is not None and total.count is not None:
        if total.count != direct.actual:
            ctx.finding("demographics_total_mismatch",
                        f"The participants' total ({_fmt(total.count)}) differs from the actual number of direct "
                        f"beneficiaries ({_fmt(direct.actual)}).",
                        provenance_of(total), f"{_fmt(total.count)} ≠ {_fmt(direct.actual)}")


_AGE_FROM_LABEL = {category: regex.compile(rx) for category, rx in patterns.STATUS_AGE_FROM_LABEL.items()}


def _status_range(row: Demographic) -> tuple[int | None, int | None] | None:
    base = patterns.STATUS_AGE_RANGES.get(row.category)
    if base is None:
        return None
    lo, hi = base
    threshold = _AGE_FROM_LABEL.get(row.category)
    m = threshold.search(row.label or "") if threshold else None
    if m:
        lo = int(m.group("lo"))
    return lo, hi


def check_demographic_contradictions(bundle: ReportBundle, ctx: Ctx) -> None:
    ages = [d for d in bundle.demographics if d.dimension == "age" and d.count is not None]
    if not ages:
        return
    for row in bundle.demographics:
        if row.dimension != "social_status" or row.count is None:
            continue
        rng = _status_range(row)
        if rng is None:
            continue
        lo, hi = rng
        # brackets that could hold people of this status
        fitting = [a for a in ages
                   if (hi is None or a.age_min is None or a.age_min <= hi)
                   and (lo is None or a.age_max is None or a.age_max >= lo)]
        room = sum(a.count for a in fitting)
        if row.count > room:
            brackets = " + ".join(f"{a.category} {_fmt(a.count)}" for a in fitting) or "none"
            ctx.finding("demographics_contradiction",
                        f"«{row.label}» counts {_fmt(row.count)} participants, but the age table has only "
                        f"{_fmt(room)} in the brackets they could fall into.",
                        provenance_of(row), f"{row.category} {_fmt(row.count)} > {brackets} = {_fmt(room)}")


# --------------------------------------------------------------- plan/fact


def _short(ind: Indicator) -> bool:
    return ind.planned is not None and ind.actual is not None and ind.actual < ind.planned


def check_plan_not_met(bundle: ReportBundle, ctx: Ctx) -> None:
    for ind in bundle.indicators:
        if _short(ind):
            ctx.finding("plan_not_met",
                        f"«{ind.name[:80]}»: actual {_fmt(ind.actual)} falls short of the plan {_fmt(ind.planned)}.",
                        provenance_of(ind), f"{_fmt(ind.actual)} < {_fmt(ind.planned)}")


def check_claims(bundle: ReportBundle, ctx: Ctx) -> None:
    short = [i for i in bundle.indicators if _short(i) and i.scope in ("activity", "project")]
    if not short:
        return
    m = matcher("CLAIM_ALL_DONE")
    for section in bundle.sections:
        for line in section.text.split("\n"):
            hit = m.best(line)
            if hit is None:
                continue
            worst = short[0]
            ctx.finding("claim_contradicts_table",
                        f"The report says «{hit.phrase}», but {len(short)} indicator(s) fall short of the plan, "
                        f"e.g. «{worst.name[:60]}» {_fmt(worst.actual)} of {_fmt(worst.planned)}.",
                        provenance_of(section), line.strip()[:300], location=f"section «{section.heading[:60]}»")
            return


def check_totals(bundle: ReportBundle, ctx: Ctx) -> None:
    for total in (i for i in bundle.indicators if i.scope == "project" and i.key == "participants_total"):
        same_table = ctx.same_table(total.source_table)  # a table split in two is one table
        rows = [i for i in bundle.indicators
                if i.scope == "activity" and i.source_table in same_table and i.key == "participants"]
        for field in ("planned", "actual"):
            stated = getattr(total, field)
            values = [getattr(i, field) for i in rows if getattr(i, field) is not None]
            if stated is None or not values:
                continue
            s = sum(values)
            if s != stated:
                ctx.finding("total_mismatch",
                            f"The {field} total «{total.name}» is {_fmt(stated)}, but its rows add up to {_fmt(s)}.",
                            provenance_of(total), " + ".join(_fmt(v) for v in values) + f" = {_fmt(s)} ≠ {_fmt(stated)}")


# -------------------------------------------------------------------- money


def check_budget(bundle: ReportBundle, ctx: Ctx) -> None:
    grant = bundle.report.grant_amount_kzt
    if grant is None:
        return
    lines = {i.key: i for i in bundle.indicators if i.scope == "socio_economic"}
    parts = [lines.get(k) for k in ("payroll_kzt", "taxes_kzt", "economic_contribution_kzt")]
    if all(p is not None for p in parts):
        for field in ("planned", "actual"):
            vals = [getattr(p, field) for p in parts]
            if any(v is None for v in vals):
                continue
            s = sum(vals)
            if round(s) != grant:
                ctx.finding("budget_mismatch",
                            f"Payroll, taxes and economic contribution ({field}) add up to {_fmt(s)} tenge, "
                            f"not to the grant amount of {_fmt(grant)}.",
                            provenance_of(parts[0]), " + ".join(_fmt(v) for v in vals) + f" = {_fmt(s)} ≠ {_fmt(grant)}")
    costs = [a.cost_kzt for a in bundle.activities if a.cost_kzt is not None]
    if costs and sum(costs) > grant:
        ctx.finding("cost_exceeds_grant",
                    f"Activity costs add up to {_fmt(sum(costs))} tenge, more than the grant of {_fmt(grant)}.",
                    Provenance(table=bundle.activities[0].source_table),
                    " + ".join(_fmt(c) for c in costs) + f" = {_fmt(sum(costs))} > {_fmt(grant)}")


# ------------------------------------------------------------ publications


def check_publications(bundle: ReportBundle, ctx: Ctx) -> None:
    year = bundle.report.report_year
    for pub in bundle.publications:
        if pub.reach is not None and pub.count is not None and pub.reach < pub.count:
            ctx.finding("reach_count_swapped",
                        f"Reach {_fmt(pub.reach)} is smaller than the number of publications {_fmt(pub.count)}: "
                        f"the two columns look swapped.",
                        provenance_of(pub), f"reach {_fmt(pub.reach)}, count {_fmt(pub.count)}")
        linked = platform_of_domain(pub.url)
        if pub.platform in SOCIAL_NETWORKS | {"website"} and linked in SOCIAL_NETWORKS and linked != pub.platform:
            ctx.finding("platform_link_mismatch",
                        f"The outlet is on {pub.platform} but the link points to {linked}.",
                        provenance_of(pub), pub.url)
        if year is not None and pub.date is not None and pub.date.year != year:
            ctx.finding("date_out_of_period",
                        f"Publication date {pub.date.isoformat()} is outside the grant's year {year}.",
                        provenance_of(pub), pub.date.isoformat())
    for act in bundle.activities:
        for d in (act.date_start, act.date_end):
            if year is not None and d is not None and d.year != year:
                ctx.finding("date_out_of_period",
                            f"Activity {act.activity_seq} is dated {d.isoformat()}, outside the grant's year {year}.",
                            provenance_of(act), act.date_text)
                break


# -------------------------------------------------------------------- form


def check_required_parts(bundle: ReportBundle, ctx: Ctx, kinds: Iterable[str]) -> None:
    need = patterns.REQUIRED_PARTS.get(bundle.report.report_type)
    if not need:
        return
    kinds = set(kinds)
    for kind in need["tables"]:
        if kind not in kinds:
            ctx.finding("section_missing",
                        f"The {bundle.report.report_type} report has no {kind.replace('_', ' ')} table.",
                        None, kind, location="document")
    keys = {s.section_key for s in bundle.sections}
    for key in need["sections"]:
        if key not in keys:
            ctx.finding("section_missing",
                        f"The {bundle.report.report_type} report has no «{key.replace('_', ' ')}» section text.",
                        None, key, location="document")


REPORT_CHECKS: tuple[Callable[[ReportBundle, Ctx], None], ...] = (
    check_demographic_sums,
    check_demographic_totals,
    check_demographic_contradictions,
    check_plan_not_met,
    check_claims,
    check_totals,
    check_budget,
    check_publications,
)


def run_checks(bundle: ReportBundle, ctx: Ctx, kinds: Iterable[str]) -> None:
    for check in REPORT_CHECKS:
        check(bundle, ctx)
    check_required_parts(bundle, ctx, kinds)
