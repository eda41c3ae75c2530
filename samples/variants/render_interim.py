"""An interim report's facts -> a docmodel Document, in the layout of one variant.

As the seed (FORMS.md §2.1): the «Приложение № 4 к договору …» lines, the
title, «Label<tab>value» header lines, the 9-column work table (one row per
activity; a task with several activities has its № and task cells merged
down, or, with ``tasks=rows``, a full-width task row over «N.M» numbered
activities), the publications table («из них:», the grantee's own rows, the
«Публикации партнеров и СМИ» divider, the partners' and media rows), the
success story, the signature.
"""

from __future__ import annotations

import datetime as dt

from docmodel import B, C, Document, I, Link, P

from variants import vocab
from variants.facts import ReportFacts, day_month
from variants.layout import Layout
from variants.render_parts import amount_text
from variants.tables import Column, FullRow, build_table, lines, merged_down

_MONTHS_GEN = ("января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа", "сентября",
               "октября", "ноября", "декабря")


def interim_document(facts: ReportFacts, layout: Layout) -> Document:
    lab = vocab.labels("2022", facts.language, layout.labels)
    blocks: list = []
    if facts.agreement_date and facts.agreement_number:
        d = dt.date.fromisoformat(facts.agreement_date)
        blocks += [P(lab["annex"], align="right"), P(lab["annex_to"], align="right"),
                   P(f"от «{d.day}» {_MONTHS_GEN[d.month - 1]} {d.year} года № {facts.agreement_number}",
                     align="right"), P("")]
    blocks += [P(B(t), align="center", size=14) for t in lab["interim_title"]]
    blocks += [
        P(B(lab["grantee"]), "\t" + (facts.grantee or ""), tab_cm=5.0),
        P(B(lab["topic"]), "\t" + (facts.grant_topic or ""), tab_cm=5.0),
        P(B(lab["amount"]), f"\t{amount_text(facts.grant_amount)} {lab['currency']}", tab_cm=5.0),
        P(""), P(B(lab["works_title"])), _works_table(facts, layout, lab), P(""),
    ]
    if facts.publications:
        blocks += [P(B(lab["media_title"])), _publications_table(facts, layout, lab), P("")]
    story = facts.section("success_story")
    if story:
        blocks += [P(B(lab["success"])), *[P(t) for t in lines(story.text)], P("")]
    if facts.signatory:
        blocks += [P(lab["signature"]), P(facts.signatory)]
    return Document(blocks=blocks, title="Промежуточный программный отчет", author=facts.grantee or "",
                    created="2022-06-10T09:15:00Z", language="ru-RU",
                    landscape=layout.format != "pdf", margins_cm=(2.0, 1.5, 1.5, 2.0))


_WORK_ORDER = ("no", "task", "title", "date", "participants", "cost", "outcome", "description", "evidence")


def _works_table(facts: ReportFacts, layout: Layout, lab: dict):
    cols = [Column("no", lab["w_no"], 0.8), Column("task", lab["w_task"], 2.4), Column("title", lab["w_title"], 3.6),
            Column("date", lab["w_date"], 2.0), Column("outcome", lab["w_outcome"], 2.6),
            Column("participants", lab["w_participants"], 1.6), Column("description", lab["w_description"], 6.0),
            Column("evidence", lab["w_evidence"], 3.0), Column("cost", lab["w_cost"], 1.8)]
    if layout.tasks == "rows":
        cols = [c for c in cols if c.key != "task"]
    rows: list = []
    starts: dict[int, object] = {}
    no_starts: dict[int, object] = {}
    for t, (number, task, acts) in enumerate(facts.tasks(), 1):
        n = number or t
        if layout.tasks == "rows":
            rows.append(FullRow(C(B(f"{lab['task_word']} {n}."), f" {task or ''}".rstrip())))
        for m, act in enumerate(acts, 1):
            if layout.tasks == "column" and m == 1:
                starts[len(rows)] = C(task or "")
                no_starts[len(rows)] = C(str(n), align="center")
            rows.append({
                "no": C(f"{n}.{m}" if layout.tasks == "rows" else "", align="center"),
                "title": C(*lines(act.title)),
                "date": C(act.date_text or ""),
                "outcome": C(*lines(act.outcome)),
                "participants": C("" if act.actual is None else str(act.actual), align="center"),
                "description": C(*lines(act.description)),
                "evidence": C(*lines(act.evidence)),
                "cost": C(f"{amount_text(act.cost)} {lab['currency']}" if act.cost is not None else "-",
                          align="center"),
            })
    if layout.tasks == "column":
        merged_down(rows, "task", set(starts), starts)
        merged_down(rows, "no", set(no_starts), no_starts)
    return build_table(cols, rows, layout, order=_WORK_ORDER)


_PUB_ORDER = ("outlet", "title", "date", "count", "reach")


def _publications_table(facts: ReportFacts, layout: Layout, lab: dict):
    cols = [Column("outlet", lab["p_outlet"], 2.8), Column("title", lab["p_title"], 3.2),
            Column("reach", lab["p_reach"], 2.0), Column("count", lab["p_count"], 2.4),
            Column("date", lab["p_date"], 9.0)]
    rows: list = [{"outlet": C(I(lab["p_of_which"]))}]
    divided = False
    for pub in facts.publications:
        if pub.section == "partners_media" and not divided:
            rows.append(FullRow(C(lab["p_partners"], bold=True, align="center")))
            divided = True
        outlet = f"{vocab.OUTLET_PREFIX.get(pub.platform, '')}{pub.outlet or ''}".strip()
        date = day_month(pub.date, facts.language) or ""
        link = [P(Link(pub.url))] if pub.url else []
        rows.append({
            "outlet": C(outlet), "title": C(pub.title or ""),
            "reach": C("" if pub.reach is None else str(pub.reach), align="center"),
            "count": C("" if pub.count is None else str(pub.count), align="center"),
            "date": C(date, *link),
        })
    return build_table(cols, rows, layout, order=_PUB_ORDER, header=True)
