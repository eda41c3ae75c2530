"""The social and economic effect table -> indicators with scope socio_economic."""

from __future__ import annotations

from normalize.context import Ctx
from normalize.labels import matcher
from normalize.numbers import parse_unit
from normalize.table_view import TableView
from normalize import values
from schemas import Indicator

# Lines whose "из них" sub-line is a vulnerable-group share of them.
_HAS_SUBLINE = ("direct_beneficiaries", "specialists")


def unit_of(text: str | None) -> str | None:
    """Schema unit of a unit cell; None when it names several ("организация/человек")."""
    cleaned = values.text_or_none(text)
    return parse_unit(cleaned) if cleaned else None


def from_effect(view: TableView, ctx: Ctx) -> list[Indicator]:
    out: list[Indicator] = []
    rows_m, sub_m = matcher("EFFECT_ROWS"), matcher("EFFECT_SUBLINE")
    parent: str | None = None
    for r in view.data_rows():
        name = values.text_or_none(view.text(r, "indicator", own_row=True))
        if name is None:
            continue
        prov = view.prov(r)
        sub = sub_m.best(name)
        if sub is not None and sub.start <= 3:
            key = f"{parent}_vulnerable" if parent in _HAS_SUBLINE else None
        else:
            hits = rows_m.hits(name)
            # the line's own subject comes first ("Налоги (… штатных сотрудников)" is taxes)
            hit = min(hits, key=lambda h: (h.start, -h.score)) if hits else None
            key = hit.key if hit else None
            parent = key
        if key is None:
            ctx.finding("info", "indicator_not_recognised",
                        "A line of the social and economic effect table matches no known indicator.", prov, name)
        unit = unit_of(view.text(r, "unit", own_row=True))
        planned_text = values.text_or_none(view.text(r, "planned", own_row=True))
        actual_text = values.text_or_none(view.text(r, "actual", own_row=True))
        planned = values.number(ctx, planned_text, prov, "planned level",
                                confidence=values.confidence_of(view.cell(r, "planned"), r))
        actual = values.number(ctx, actual_text, prov, "actual level",
                               confidence=values.confidence_of(view.cell(r, "actual"), r))
        out.append(Indicator(
            scope="socio_economic", name=name, key=key, unit=unit,
            planned=_as_float(planned), actual=_as_float(actual),
            planned_text=planned_text, actual_text=actual_text,
            is_minimum=bool(planned is not None and planned.is_minimum),
            **prov.fields()))
    return out


def _as_float(parsed) -> float | None:
    if parsed is None or parsed.value is None or parsed.status != "number":
        return None
    return float(parsed.value)
