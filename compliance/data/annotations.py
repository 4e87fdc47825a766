"""Reading the data model's type annotations: what a field holds, under its wrappers."""

from __future__ import annotations

from types import NoneType, UnionType
from typing import Annotated, Any, Union, get_args, get_origin


def unwrap(annotation: Any) -> tuple[Any, bool, list[Any]]:
    """`Annotated[date, …] | None` → (`date`, optional, the `Annotated` metadata)."""
    optional = False
    metadata: list[Any] = []
    while True:
        origin = get_origin(annotation)
        if origin is Annotated:
            annotation, *extra = get_args(annotation)
            metadata.extend(extra)
            continue
        if origin in (Union, UnionType):
            members = [arg for arg in get_args(annotation) if arg is not NoneType]
            optional = optional or len(members) < len(get_args(annotation))
            if len(members) == 1:
                annotation = members[0]
                continue
        return annotation, optional, metadata
