"""A final report's facts -> a docmodel Document, in the layout of one variant.

The 2022 edition follows the seed report (FORMS.md §2.2): title over two
lines, «Label: value» header lines, «Задача N. Мероприятие M:» narrative,
the plan/fact table with «Индикаторы» over «план | факт», the effect table,
three participants tables, partners.  The 2024 edition follows issue 12's
description: one-line title, a two-column header table, «Задача N. …» lines
over «N.M. Title» headings with «Сроки проведения:», a numbered plan/fact
table with task rows, a deviation column and a note, money-first effect
lines with short units, one transposed participants table, partners with №.
Each feature of the layout (tasks, demographics, column order, labels,
borders, repeated headers, split rows) applies to either edition.
"""

from __future__ import annotations

from docmodel import B, C, Document, I, P

from variants import vocab
from variants.facts import ActivityFacts, ReportFacts
from variants.layout import Layout
from variants.render_parts import (
    amount_text,
    deviation_text,
    demographics_blocks,
    effect_table,
    leading_number,
    partners_table,
    period_text,
    ru_date,
)
from variants.tables import Column, FullRow, build_table, lines, merged_down


def final_document(facts: ReportFacts, layout: Layout) -> Document:
    lab = vocab.labels(layout.edition, facts.language, layout.labels)
    blocks: list = [P(B(t), align="center", size=14) for t in lab["title"]]
    blocks.append(P(""))
    blocks += _header(facts, layout, lab)
    blocks += [P(""), P(B(lab["s1"]))]
    blocks += _narrative(facts, layout, lab)
    goal, achieved = facts.section("other"), _achieved(facts)
    if layout.edition == "2022":
        blocks += [P(""), P(B(lab["fill_results"]))]
        if goal and achieved:
            blocks.append(build_table(
                [Column("k", "", 4.5), Column("v", "", 12.0)],
                [{"k": C(lab["goal"], bold=True), "v": C(*lines(goal.text))},
                 {"k": C(lab["achieved"], bold=True), "v": C(*lines(achieved.text))}],
                layout, header=False))
    blocks += [P(""), _results_table(facts, layout, lab), P("")]
    if layout.edition == "2022":
        blocks.append(P(B(lab["fill_effect"])))
    blocks += [effect_table(facts, layout, lab), P("")]
    for key, heading in (("deviations", "deviations"), ("goal_achievement", "s2"), ("social_change", "s3")):
        section = facts.section(key)
        if section:
            blocks += [P(B(lab[heading])), *[P(t) for t in lines(section.text)], P("")]
    blocks += demographics_blocks(facts, layout, lab)
    results = [s for s in facts.sections if s.key == "results"]
    if results:
        blocks += [P(B(lab["s5"])), *[P(t) for t in lines(results[-1].text)], P("")]
    if facts.partners:
        blocks += [P(B(lab["s6"])), P(""), P(B(lab["partners_title"])), partners_table(facts, layout, lab)]
    return Document(blocks=blocks, title="Программный отчет", author=facts.grantee or "",
                    created="2024-01-15T10:00:00Z", language="ru-RU" if facts.language == "ru" else "kk-KZ",
                    landscape=layout.format == "pdf_landscape", default_align="both",
                    margins_cm=(2.0, 1.5, 2.0, 3.0) if layout.format != "pdf_landscape" else (2.0, 2.0, 1.5, 2.5))


def _achieved(facts: ReportFacts):
    results = [s for s in facts.sections if s.key == "results"]
    return results[0] if len(results) > 1 else None


def _header(facts: ReportFacts, layout: Layout, lab: dict) -> list:
    if layout.edition == "2022":
        return [
            P(B(lab["grantee"]), f" {facts.grantee}"),
            P(B(lab["topic"]), f" «{facts.grant_topic}»"),
            P(B(lab["amount"]), f" {amount_text(facts.grant_amount)} {lab['currency']}"),
        ]
    rows = [(lab["h_grantee"], facts.grantee), (lab["h_topic"], facts.grant_topic),
            (lab["h_amount"], amount_text(facts.grant_amount))]
    if facts.agreement_number and facts.agreement_date:
        rows.append((lab["h_agreement"], lab["agreement_value"].format(
            number=facts.agreement_number, date=ru_date(facts.agreement_date))))
    period = period_text(facts)
    if period:
        rows.append((lab["h_period"], period))
    return [build_table([Column("k", "", 6.0), Column("v", "", 10.5)],
                        [{"k": C(k, bold=True), "v": C(v or "")} for k, v in rows], layout, header=False,
                        font_size=11)]


def _narrative(facts: ReportFacts, layout: Layout, lab: dict) -> list:
    out: list = []
    tasks = facts.tasks()
    if layout.edition == "2022":
        out.append(P(lab["s1_intro"]))
        for t, (number, task, acts) in enumerate(tasks, 1):
            # the seed writes «Задача 1:» alone; with no task in the table, the task's words are here
            told = f" {task}" if layout.tasks == "narrative" and task else ""
            out.append(P(f"{lab['task_word']} {number or t}:{told}"))
            out += [P(f"{m}. {a.title}") for m, a in enumerate(acts, 1)]
        out.append(P(""))
        for t, (number, _task, acts) in enumerate(tasks, 1):
            for m, act in enumerate(acts, 1):
                if act.description:
                    out.append(P(B(f"{lab['task_word']} {number or t}. {lab['activity_word']} {m}:")))
                    out += [P(x) for x in lines(act.description)]
                    out.append(P(""))
        return out
    for t, (number, task, acts) in enumerate(tasks, 1):
        out.append(P(I(f"{lab['task_word']} {number or t}. {task or ''}".strip())))
        for m, act in enumerate(acts, 1):
            out.append(P(B(f"{number or t}.{m}. {act.title}")))
            if act.date_text:
                out.append(P(B(lab["dates_line"]), f" {act.date_text}"))
            if act.location:
                out.append(P(B(lab["place_line"]), f" {act.location}"))
            out += [P(x) for x in lines(act.description)] if act.description else []
        out.append(P(""))
    return out


# ------------------------------------------------------------ plan/fact table

_ORDER_2022 = ("task", "title", "fact", "plan", "effect", "short", "quant")
_ORDER_2024 = ("no", "task", "title", "fact", "plan", "note", "deviation")


def _results_table(facts: ReportFacts, layout: Layout, lab: dict):
    if layout.edition == "2022":
        cols = [Column("task", lab["col_task"], 2.5), Column("title", lab["col_title"], 2.5),
                Column("short", lab["col_short"], 2.8), Column("quant", lab["col_quant"], 3.1),
                Column("plan", lab["col_plan"], 1.35, lab["col_indicators"]),
                Column("fact", lab["col_fact"], 1.35, lab["col_indicators"]),
                Column("effect", lab["col_effect"], 2.9)]
        order = _ORDER_2022
    else:
        cols = [Column("no", lab["col_no"], 1.0), Column("task", lab["col_task"], 2.5),
                Column("title", lab["col_title"], 5.0), Column("plan", lab["col_plan"], 2.0),
                Column("fact", lab["col_fact"], 2.0), Column("deviation", lab["col_deviation"], 1.6),
                Column("note", lab["col_note"], 2.4)]
        order = _ORDER_2024
    if layout.tasks != "column":
        cols = [c for c in cols if c.key != "task"]
    rows: list = []
    starts: dict[int, object] = {}
    for t, (number, task, acts) in enumerate(facts.tasks(), 1):
        label = f"{lab['task_word']} {number or t}" + (":" if layout.edition == "2022" else ".")
        if layout.tasks == "rows":
            rows.append(FullRow(C(B(label), f" {task or ''}".rstrip(), bold=False)))
        for m, act in enumerate(acts, 1):
            if layout.tasks == "column" and m == 1:
                starts[len(rows)] = C(f"{label} {task or ''}".strip())
            rows.append(_activity_row(act, f"{number or t}.{m}", layout, lab))
    if layout.tasks == "column":
        merged_down(rows, "task", set(starts), starts)
    rows.append(_total_row(facts, layout, lab))
    return build_table(cols, rows, layout, order=order)


def _activity_row(act: ActivityFacts, number: str, layout: Layout, lab: dict) -> dict:
    if layout.edition == "2022":
        return {
            "title": C(act.title),
            "short": C(lab["short_prefix"], act.outcome or ""),
            "quant": C(lab["quant_text"].format(plan=act.planned) if act.planned is not None else "—"),
            "plan": C(*lines(act.plan_text), align="center"),
            "fact": C(*lines(act.fact_text), align="center"),
            "effect": C(act.outcome or ""),
        }
    plan, fact, note = act.plan_text, act.fact_text, ""
    if act.planned is None and act.plan_text:  # not a head count: a number, and the note says so
        plan, fact = leading_number(act.plan_text), leading_number(act.fact_text)
        note = lab["not_in_total"]
    return {
        "no": C(number, align="center"),
        "title": C(act.title),
        "plan": C(plan or "", align="center"),
        "fact": C(fact or "", align="center"),
        "deviation": C(deviation_text(act.planned, act.actual), align="center"),
        "note": C(note),
    }


def _total_row(facts: ReportFacts, layout: Layout, lab: dict) -> dict:
    plan, fact = facts.total or (None, None)
    label_key = "title" if layout.edition == "2024" else "quant"
    row = {label_key: C(lab["total"], bold=True), "plan": C(plan or "", bold=True, align="center"),
           "fact": C(fact or "", bold=True, align="center")}
    if layout.edition == "2024":
        row["deviation"] = C(deviation_text(_int(plan), _int(fact)), align="center")
    return row


def _int(text: str | None) -> int | None:
    try:
        return int((text or "").replace(" ", "").replace("\u00a0", ""))
    except ValueError:
        return None
