"""The cells of a plan/fact row: head counts, other figures, the deviation, the task number.

Pure reading and checking; ``activities.from_results`` decides what a row is.

* A plan/fact cell that is one head count (a bare number, or "чел.") is
  participants; one number with another unit, or a row whose note leaves it
  out of the totals row, is a figure of its own: its number is kept, its
  unit read from the unit column, the cell or the note, never assumed.
* The deviation column is neither plan nor fact: it is checked against them
  (``deviation_mismatch`` when it disagrees by more than its rounding).
* The task number is the number the task row or cell writes; the activity's
  own number «1.2» only confirms it, and a disagreement leaves it (and the
  task) null with a ``task_number_uncertain`` finding.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

import regex

from esep.extract.model import Provenance
from esep.normalize.context import Ctx
from esep.normalize.labels import matcher
from esep.normalize.numbers import ParsedNumber, parse_number, parse_unit
from esep.normalize.text import clean_text
from esep.normalize import values

_ACTIVITY_NUMBER = regex.compile(r"^\s*(?P<task>\d{1,2})\s*\.\s*(?P<act>\d{1,2})\s*\.?\s*$")
_SIGN = regex.compile(r"^\s*(?P<sign>[+\-\u2212\u2013\u2014])")


@dataclass(frozen=True, slots=True)
class Figure:
    """A plan or fact cell read: the head count when it is one, else the number, and its unit."""

    count: int | None
    number: float | None
    unit: str | None
    is_minimum: bool


@dataclass(frozen=True, slots=True)
class TaskHint:
    """What the activity's own number («1.2») says of its task, to be confirmed."""

    number: int
    prov: Provenance


def read_figure(text: str | None, *, excluded: bool) -> Figure:
    """A plan/fact cell; ``excluded``: the row's note leaves it out of the totals (not participants)."""
    cleaned = values.text_or_none(text)
    if cleaned is None:
        return Figure(None, None, None, False)
    parsed = parse_number(cleaned)
    if parsed.status != "number" or parsed.value is None:
        return Figure(None, None, None, bool(parsed.is_minimum))
    whole = float(parsed.value).is_integer()
    if not excluded and whole and parsed.unit in (None, "person"):
        return Figure(int(parsed.value), float(parsed.value), "person", parsed.is_minimum)
    return Figure(None, float(parsed.value), parsed.unit, parsed.is_minimum)


def is_excluded(note: str | None) -> bool:
    """The row's note says it is left out of the totals row."""
    return bool(note) and matcher("EXCLUDED_FROM_TOTAL").best(note) is not None


def figure_unit(planned: Figure, actual: Figure, unit_cell: str | None, note: str | None) -> str | None:
    """The unit of a row that is not a head count: its unit column, else its cells, else its note."""
    unit = parse_unit(values.text_or_none(unit_cell)) if unit_cell else None
    if unit is not None:
        return unit
    cell_units = {f.unit for f in (planned, actual) if f.number is not None and f.unit is not None}
    if len(cell_units) == 1:
        return cell_units.pop()
    return parse_unit(values.text_or_none(_NEGATED.sub(" ", note))) if note else None


# «не количество участников», «не является численностью», «қатысушылар саны емес»: what a note
# says a figure is *not* names no unit of it (negated words are left out before reading one)
_NEGATED = regex.compile(r"(?i)(?<!\w)не\s+(?:является\s+|являются\s+)?\S+(?:\s+\S+)?|\S+\s+\S+\s+емес(?!\w)")


def activity_number_hint(number_text: str | None, prov: Provenance) -> TaskHint | None:
    """«1.2» in the № column: task 1, to be confirmed by the task row or the narrative."""
    m = _ACTIVITY_NUMBER.match(number_text or "")
    return TaskHint(int(m.group("task")), prov) if m else None


def settle_task_number(label_number: int | None, hint: TaskHint | None, ctx: Ctx, prov: Provenance) -> int | None:
    """The task number when the task row/cell writes one; a «K.M» number that disagrees voids it."""
    if label_number is None or hint is None or hint.number == label_number:
        return label_number
    ctx.finding("task_number_uncertain",
                f"The activity sits under task {label_number} but is numbered as an activity of task "
                f"{hint.number}; its task number is left empty.", prov, f"{label_number} ≠ {hint.number}")
    return None


def report_unconfirmed(hint: TaskHint, ctx: Ctx) -> None:
    """An activity numbered «K.M» with no task row, cell or narrative task to confirm K."""
    ctx.finding("task_number_unconfirmed",
                f"The activity is numbered as one of task {hint.number}, but no task row, task cell or "
                f"narrative task confirms it; its task number is left empty.", hint.prov, str(hint.number))


# ------------------------------------------------------------- deviation


def _decimals(parsed: ParsedNumber) -> int:
    return parsed.fraction_digits or 0


def check_deviation(ctx: Ctx, prov: Provenance, plan_text: str | None, fact_text: str | None,
                    deviation_text: str | None, *, percent: bool) -> None:
    """A ``deviation_mismatch`` warning when the deviation written does not follow from plan and fact.

    ``percent``: the column says "%" (then only (fact − plan) / plan × 100
    fits); otherwise the difference fact − plan fits too.  A written sign
    must agree; an unsigned figure is read as a magnitude.
    """
    written = values.text_or_none(deviation_text)
    plan, fact = parse_number(plan_text or ""), parse_number(fact_text or "")
    if written is None or plan.status != "number" or fact.status != "number" or not plan.value:
        return
    dev = parse_number(written)
    if dev.status != "number" or dev.value is None:
        return
    sign = _SIGN.match(written)
    signed = sign is not None
    percent = percent or dev.unit == "percent"
    tolerance = float(Decimal(5) * Decimal(10) ** -(_decimals(dev) + 1)) + 1e-9
    candidates = [(fact.value - plan.value) * 100 / plan.value]
    if not percent:
        candidates.append(fact.value - plan.value)
    value = abs(float(dev.value))  # the sign as written: "–4,0" with an en dash is minus too
    if signed and sign.group("sign") != "+":
        value = -value

    def fits(expected: float) -> bool:
        return abs((value if signed else abs(value)) - (expected if signed else abs(expected))) <= tolerance

    if any(fits(c) for c in candidates):
        return
    ctx.finding("deviation_mismatch",
                f"The deviation written ({clean_text(written)}) does not follow from plan {_fmt(plan.value)} and "
                f"fact {_fmt(fact.value)} ({candidates[0]:+.1f} %).",
                prov, f"{clean_text(written)} ≠ ({_fmt(fact.value)} − {_fmt(plan.value)}) / {_fmt(plan.value)} "
                      f"× 100 = {candidates[0]:+.2f} %")


def _fmt(n) -> str:
    return f"{int(n)}" if float(n).is_integer() else f"{n:g}"
