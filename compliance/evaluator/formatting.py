"""How values read in Swedish report text: dates in ISO form, decimal commas, ja/nej."""

from __future__ import annotations

from datetime import date
from typing import Any

from compliance import ir
from compliance.evaluator.values import EntityValue, Missing
from compliance.messages import message
from compliance.periods import Period


def format_value(value: Any) -> str:
    # The values evidence shows most, by their exact type: a `match` tries its cases in turn.
    kind = type(value)
    if kind is str:
        return str(value)
    if kind is date:
        return str(value.isoformat())
    if kind is int:
        return _group(value)
    if kind is EntityValue:
        return str(value.name)
    if kind is Period:
        return str(value.label)
    return _format_other(value)


def _format_other(value: Any) -> str:
    match value:
        case Missing():
            return message("value.missing")
        case None:
            return message("value.missing")
        case bool():
            return message("value.true" if value else "value.false")
        case int():
            return _group(value)
        case float():
            if value.is_integer() and abs(value) < 1e15:
                return _group(int(value))
            text = f"{value:.2f}".rstrip("0").rstrip(".")
            return text.replace(".", ",")
        case date():
            return value.isoformat()
        case Period():
            return value.label
        case EntityValue():
            return value.name
        case ir.Duration(amount=amount, unit=unit):
            return message(f"duration.{unit.value}", amount=amount)
        case list() | tuple():
            return message("value.list", count=len(value))
        case _:
            return str(value)


def _group(number: int) -> str:
    # Swedish groups thousands with a space; only from five digits, as in printed reports.
    if abs(number) < 10_000:
        return str(number)
    return f"{number:,}".replace(",", " ")
