"""Comparison, shared by the row interpreter and the column-wise backend's example rows."""

from __future__ import annotations

from typing import Any

from compliance import ir
from compliance.evaluator.values import Missing


def compare_values(node: ir.Compare, left: Any, right: Any) -> Any:
    if isinstance(left, Missing) or isinstance(right, Missing):
        return Missing.merge(left, right)
    if node.kind is ir.CompareKind.PERIOD:
        equal = left.same_range(right)
        return equal if node.op == "=" else not equal
    op = node.op
    if op == "=":
        return bool(left == right)
    if op == "!=":
        return bool(left != right)
    if op == "<":
        return bool(left < right)
    if op == "<=":
        return bool(left <= right)
    if op == ">":
        return bool(left > right)
    return bool(left >= right)
