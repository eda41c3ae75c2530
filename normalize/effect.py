"""The social and economic effect table -> indicators with scope socio_economic."""

from __future__ import annotations

from esep.normalize.context import Ctx
from esep.normalize.provenance import source_columns
from esep.normalize.labels import matcher
from esep.normalize.numbers import parse_unit
from esep.normalize.table_view import TableView
from esep.normalize import values
from esep.schemas import Indicator

# Lines whose "из них" sub-line is a vulnerable-group share of them.
_HAS_SUBLINE = ("direct_beneficiaries", "specialists")


def unit_of(text: str | None) -> str | None:
    """Schema unit of a unit cell; None when it names several ("организация/человек")."""
    cleaned = values.text_or_none(text)
    return parse_unit(cleaned) if cleaned else None


def _is_subline(name: str) -> bool:
    """«из социально-уязвимые …», «в т.ч. из …», «оның ішінде халықтың әлеуметтік осал …»."""
    sub = matcher("EFFECT_SUBLINE").best(name)
    if sub is None:
        return False
    return sub.start <= 3 or matcher("OF_WHICH_ROW").at_start(name) is not None


def _key_of(name: str, unit: str | None) -> str | None:
    """The line's key.  A unit that names money, people or organisations keeps only the keys
    of its kind («Штаттық қызметкерлердің салықтары», unit «тг», is taxes, not staff); of
    those, the line's own subject comes first («Налоги (… штатных сотрудников)» is taxes)."""
    hits = matcher("EFFECT_ROWS").hits(name)
    if unit in ("kzt", "person", "organization"):
        hits = [h for h in hits if h.key.endswith("_kzt") == (unit == "kzt")]
    hit = min(hits, key=lambda h: (h.start, -h.score)) if hits else None
    return hit.key if hit else None


def from_effect(view: TableView, ctx: Ctx) -> list[Indicator]:
    out: list[Indicator] = []
    parent: str | None = None
    for r in view.data_rows():
        name = values.text_or_none(view.text(r, "indicator", own_row=True))
        if name is None:
            continue
        prov = view.prov(r)
        unit = unit_of(view.text(r, "unit", own_row=True))
        if _is_subline(name):
            key = f"{parent}_vulnerable" if parent in _HAS_SUBLINE else None
        else:
            key = parent = _key_of(name, unit)
        if key is None:
            ctx.finding("indicator_not_recognised",
                        "A line of the social and economic effect table matches no known indicator.", prov, name)
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
            **source_columns(prov)))
    return out


def _as_float(parsed) -> float | None:
    if parsed is None or parsed.value is None or parsed.status != "number":
        return None
    return float(parsed.value)
