"""The table kinds' readers behind one signature, in a table ``{kind: handler}``.

``report.normalize`` hands every table the report holds (a ``TableView``,
split tables joined) to the handler of its kind. Every handler has the same
signature, ``handle(view, ctx, parts)``: it reads the view with the module of
its kind (activities, effect, demographics, publications, partners, the goal
table) and adds the rows it reads to ``parts``, a ``ReportParts`` that adds up
what all the tables give, in document order. A kind with no handler (the
proposals table) is recognised and not read.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from esep.normalize import values
from esep.normalize.activities import from_results, from_works
from esep.normalize.context import Ctx
from esep.normalize.demographics import from_demographics
from esep.normalize.effect import from_effect
from esep.normalize.partners import from_partners
from esep.normalize.plan_fact import TaskHint
from esep.normalize.provenance import source_columns
from esep.normalize.publications import from_publications
from esep.normalize.table_view import TableView
from esep.schemas import Activity, Demographic, Indicator, Partner, Publication, Section

#: A table kind: a key of ``patterns.TABLES``, or "participants" (``participants.py``).
TableKind = str


@dataclass(frozen=True, slots=True)
class TableSection:
    """A narrative section written in a table (the goal table), and that table's index."""

    table: int
    section: Section


@dataclass
class ReportParts:
    """What the report's tables give, added up by the handlers in document order."""

    activities: list[Activity] = field(default_factory=list)
    indicators: list[Indicator] = field(default_factory=list)
    demographics: list[Demographic] = field(default_factory=list)
    publications: list[Publication] = field(default_factory=list)
    partners: list[Partner] = field(default_factory=list)
    sections: list[TableSection] = field(default_factory=list)
    task_hints: dict[int, TaskHint] = field(default_factory=dict)  # activity_seq -> hint
    dimensions: set[str] = field(default_factory=set)  # demographic dimensions the tables give

    def next_activity_seq(self) -> int:
        return len(self.activities) + 1

    def has_total(self) -> bool:
        """A table already gave the participants' total."""
        return any(d.dimension == "total" for d in self.demographics)


TableHandler = Callable[[TableView, Ctx, ReportParts], None]


def read_works(view: TableView, ctx: Ctx, parts: ReportParts) -> None:
    parts.activities += from_works(view, ctx, parts.next_activity_seq())


def read_results(view: TableView, ctx: Ctx, parts: ReportParts) -> None:
    read = from_results(view, ctx, parts.next_activity_seq())
    parts.activities += read.activities
    parts.indicators += read.indicators
    parts.task_hints.update(read.task_hints)


def read_effect(view: TableView, ctx: Ctx, parts: ReportParts) -> None:
    parts.indicators += from_effect(view, ctx)


def read_demographics(view: TableView, ctx: Ctx, parts: ReportParts) -> None:
    rows = from_demographics(view, ctx, parts.has_total())
    parts.demographics += rows
    parts.dimensions |= {d.dimension for d in rows if d.dimension != "total"}  # the dimensions one table gives


def read_publications(view: TableView, ctx: Ctx, parts: ReportParts) -> None:
    parts.publications += from_publications(view, ctx)


def read_partners(view: TableView, ctx: Ctx, parts: ReportParts) -> None:
    parts.partners += from_partners(view)


def read_goal(view: TableView, ctx: Ctx, parts: ReportParts) -> None:
    parts.sections += [TableSection(view.table.index, s) for s in _goal_sections(view)]


def _goal_sections(view: TableView) -> list[Section]:
    """The goal table's key-value rows («Цель проекта: …») as sections."""
    out = []
    for key, r in view.columns.items():
        cells = []
        seen = set()
        for c in view.grid[r]:
            if c is not None and id(c) not in seen:
                seen.add(id(c))
                cells.append(c)
        cells = [c for c in cells if c.text.strip()]
        if not cells:
            continue
        heading = values.text_or_none(cells[0].text)
        text = values.text_or_none("\n".join(c.text for c in cells[1:]), keep_newlines=True)
        if text is None and heading and ":" in heading:  # "Цель проекта: текст" in one cell
            head, _, rest = heading.partition(":")
            heading, text = head + ":", values.text_or_none(rest, keep_newlines=True)
        if heading and text:
            out.append(Section(section_key=key, heading=heading, text=text, **source_columns(view.prov(r))))
    return out


TABLE_HANDLERS: dict[TableKind, TableHandler] = {
    "works": read_works,
    "results": read_results,
    "effect": read_effect,
    "gender": read_demographics,
    "social_status": read_demographics,
    "age": read_demographics,
    "participants": read_demographics,
    "publications": read_publications,
    "partners": read_partners,
    "goal": read_goal,
}
