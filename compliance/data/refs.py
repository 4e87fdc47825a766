"""Which fields hold the id of an entity in another collection (`Ref` markers)."""

from __future__ import annotations

from types import UnionType
from typing import Annotated, Any, Union, get_args, get_origin

from pydantic import BaseModel
from pydantic.fields import FieldInfo

from compliance.data.model import Organisation, Ref


def find_ref(annotation: Any) -> Ref | None:
    """The `Ref` marking an annotation, looking through `| None`, `Annotated` and `list`."""
    origin = get_origin(annotation)
    if origin is Annotated:
        base, *metadata = get_args(annotation)
        for item in metadata:
            if isinstance(item, Ref):
                return item
        return find_ref(base)
    if origin in (Union, UnionType, list):
        for arg in get_args(annotation):
            found = find_ref(arg)
            if found is not None:
                return found
    return None


def field_ref(model_field: FieldInfo) -> Ref | None:
    # pydantic moves a field's top-level `Annotated` metadata into `metadata`.
    for item in model_field.metadata:
        if isinstance(item, Ref):
            return item
    return find_ref(model_field.annotation)


def models_in(value: Any) -> list[type[BaseModel]]:
    """The models an annotation mentions, looking through unions, lists and `Annotated`."""
    if isinstance(value, type) and issubclass(value, BaseModel):
        return [value]
    return [model for arg in get_args(value) for model in models_in(arg)]


def _targets() -> frozenset[str]:
    found: set[str] = set()
    pending = [m for f in Organisation.model_fields.values() for m in models_in(f.annotation)]
    visited: set[type[BaseModel]] = set()
    while pending:
        model = pending.pop()
        if model in visited:
            continue
        visited.add(model)
        for model_field in model.model_fields.values():
            ref = field_ref(model_field)
            if ref is not None:
                found.add(ref.collection)
            pending.extend(models_in(model_field.annotation))
    return frozenset(found)


# The collections some field refers to: only their ids need to be known one by one.
REF_TARGETS: frozenset[str] = _targets()
