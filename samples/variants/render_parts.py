"""Parts of a final report both editions share: effect table, participants, partners, number writing."""

from __future__ import annotations

import datetime as dt
import re

from docmodel import B, C, P

from variants import vocab
from variants.facts import Figure, ReportFacts
from variants.layout import Layout
from variants.tables import Column, FullRow, build_table

NBSP = "\u00a0"


def amount_text(value: int | None) -> str:
    """«5 000 000» with no-break spaces, as the seeds write money."""
    if value is None:
        return ""
    return f"{value:,}".replace(",", NBSP)


def deviation_text(plan: int | None, fact: int | None) -> str:
    """«+66,0» / «-46,0» / «0,0»: the 2024 edition's signed deviation with a decimal comma."""
    if plan is None or fact is None or plan == 0:
        return "—"
    pct = (fact - plan) / plan * 100
    sign = "+" if pct > 0 else ""
    return f"{sign}{pct:.1f}".replace(".", ",")


def leading_number(text: str | None) -> str | None:
    m = re.match(r"\s*(\d[\d\s\u00a0]*)", text or "")
    return m.group(1).strip() if m else text


def ru_date(iso: str) -> str:
    return dt.date.fromisoformat(iso).strftime("%d.%m.%Y")


def period_text(facts: ReportFacts) -> str | None:
    """«01.06.2022 – 30.11.2022»: from the first to the last activity date."""
    starts = [a.date_start for a in facts.activities if a.date_start]
    ends = [a.date_end or a.date_start for a in facts.activities if a.date_start]
    if not starts:
        return None
    return f"{ru_date(min(starts))} – {ru_date(max(ends))}"


# --------------------------------------------------------------- effect table

def effect_table(facts: ReportFacts, layout: Layout, lab: dict):
    units = vocab.UNIT_WORDS[(layout.edition, facts.language)]
    lines = list(facts.effect)
    if layout.edition == "2024":
        rank = {k: i for i, k in enumerate(vocab.EFFECT_ORDER_2024)}
        lines.sort(key=lambda e: rank.get(e.key, len(rank)))
        names = vocab.EFFECT_NAMES_2024[facts.language]
    else:
        names = {}
    cols = [Column("no", lab["eff_no"], 1.0), Column("indicator", lab["eff_indicator"], 7.9),
            Column("unit", lab["eff_unit"], 2.8), Column("plan", lab["eff_plan"], 2.4),
            Column("fact", lab["eff_fact"], 2.4)]
    rows, n = [], 0
    for line in lines:
        sub = bool(line.key and line.key.endswith("_vulnerable"))
        if not sub:
            n += 1
        rows.append({
            "no": C("" if sub else f"{n}.", align="center"),
            "indicator": C(names.get(line.key, line.name)),
            "unit": C(units[line.unit], align="center"),
            "plan": C(line.plan_text or "", align="center"),
            "fact": C(line.fact_text or "", align="center"),
        })
    return build_table(cols, rows, layout, order=("no", "indicator", "plan", "fact", "unit"))


# --------------------------------------------------------------- participants

def category_label(fig: Figure, layout: Layout, language: str) -> str:
    if fig.dimension == "age":
        return vocab.age_label(fig.age_min, fig.age_max, layout.edition, language, fig.label)
    table = vocab.CATEGORY_LABELS.get((layout.edition, language), {})
    return table.get(fig.category, fig.label)


def demographics_blocks(facts: ReportFacts, layout: Layout, lab: dict) -> list:
    total = next((f for f in facts.figures if f.dimension == "total"), None)
    by_dim = {d: [f for f in facts.figures if f.dimension == d] for d in ("gender", "social_status", "age")}
    blocks: list = [P(B(lab["s4"]))]
    if layout.demographics == "three":
        for dim, title in (("gender", "gender_title"), ("social_status", "status_title"), ("age", "age_title")):
            figs = by_dim[dim]
            if not figs:
                continue
            cols = [Column("total", lab["demo_total"], 2.0)] + [
                Column(f"c{i}", category_label(f, layout, facts.language), 1.4) for i, f in enumerate(figs)]
            row = {"total": C(_count(total), align="center")}
            row.update({f"c{i}": C(_count(f), align="center") for i, f in enumerate(figs)})
            blocks += [P(B(lab[title])), build_table(cols, [row], layout, font_size=9), P("")]
        return blocks
    groups = {"gender": lab.get("group_gender", lab["gender_title"]),
              "social_status": lab.get("group_status", lab["status_title"]),
              "age": lab.get("group_age", lab["age_title"])}
    rows: list = []
    if total is not None:
        rows.append({"cat": C(lab["demo_total"], bold=True), "n": C(_count(total), bold=True, align="center")})
    for dim in ("gender", "social_status", "age"):
        if by_dim[dim]:
            rows.append(FullRow(C(groups[dim].rstrip(":"), bold=True, italic=True)))
            rows += [{"cat": C(category_label(f, layout, facts.language)), "n": C(_count(f), align="center")}
                     for f in by_dim[dim]]
    cols = [Column("cat", lab["demo_category"], 10.0), Column("n", lab["demo_count"], 3.0)]
    return blocks + [build_table(cols, rows, layout), P("")]


def _count(fig: Figure | None) -> str:
    return "" if fig is None or fig.count is None else str(fig.count)


# -------------------------------------------------------------------- partners

def partners_table(facts: ReportFacts, layout: Layout, lab: dict):
    numbered = layout.edition == "2024"
    cols = ([Column("no", lab["par_no"], 0.8)] if numbered else []) + [
        Column("name", lab["par_name"], 4.6), Column("role", lab["par_role"], 4.0),
        Column("contacts", lab["par_contacts"], 4.4)]
    if not numbered:
        cols.append(Column("note", lab["par_note"], 3.5))
    rows = []
    for i, p in enumerate(facts.partners, 1):
        rows.append({"no": C(str(i), align="center"), "name": C(p.name or ""), "role": C(p.role or ""),
                     "contacts": C(p.contacts or ""), "note": C(p.note or "")})
    return build_table(cols, rows, layout, order=("no", "name", "contacts", "role", "note"))
