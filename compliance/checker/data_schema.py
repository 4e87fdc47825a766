"""What a rule may say about the data: attribute names and types, read off the pydantic models.

The models in `compliance.data.model` are the single source of truth; nothing here lists
fields by hand, so a field added to the model is usable in rules at once.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import cache
from typing import Any, Literal, get_args, get_origin

from pydantic import BaseModel

from compliance.checker.types import (
    BOOL,
    DATE,
    NUMBER,
    PERIOD,
    TEXT,
    EntityType,
    ListType,
    TextType,
    Type,
)
from compliance.data.annotations import unwrap
from compliance.data.model import ENTITY_KINDS, Organisation, Ref
from compliance.periods import Period


@dataclass(frozen=True)
class FieldInfo:
    name: str
    type: Type
    optional: bool
    # For an id field holding a reference: the collection it points into.
    ref: str | None
    description: str | None


@cache
def collection_models() -> dict[str, type[BaseModel]]:
    """Each top-level collection and the model of its entities."""
    result: dict[str, type[BaseModel]] = {}
    for name, field in Organisation.model_fields.items():
        model = _list_element_model(field.annotation)
        if model is not None:
            result[name] = model
    return result


@cache
def collection_type(name: str) -> ListType:
    model = collection_models()[name]
    return ListType(EntityType(model, ENTITY_KINDS[name], name))


def kommun_type() -> EntityType:
    from compliance.data.model import Kommun

    return EntityType(Kommun, "kommun", None)


@cache
def entity_fields(model: type[BaseModel]) -> dict[str, FieldInfo]:
    fields: dict[str, FieldInfo] = {}
    for name, field in model.model_fields.items():
        annotation: Any = field.annotation
        metadata = list(field.metadata)
        optional = False
        inner, is_optional, extra_meta = unwrap(annotation)
        optional = is_optional
        metadata.extend(extra_meta)
        ref = next((m.collection for m in metadata if isinstance(m, Ref)), None)
        if ref is not None:
            field_type: Type = EntityType(collection_models()[ref], ENTITY_KINDS[ref], ref)
        else:
            field_type = _type_of(inner)
        fields[name] = FieldInfo(name, field_type, optional, ref, field.description)
    return fields


def _type_of(annotation: Any) -> Type:
    origin = get_origin(annotation)
    if origin is Literal:
        return TextType(tuple(str(v) for v in get_args(annotation)))
    if origin is list:
        (element,) = get_args(annotation)
        inner, _, _ = unwrap(element)
        return ListType(_type_of(inner))
    if isinstance(annotation, type):
        if issubclass(annotation, BaseModel):
            return EntityType(annotation, _kind_of(annotation), None)
        if issubclass(annotation, bool):
            return BOOL
        if issubclass(annotation, int | float):
            return NUMBER
        if issubclass(annotation, str):
            return TEXT
        if issubclass(annotation, date):
            return DATE
        if issubclass(annotation, Period):
            return PERIOD
    raise TypeError(f"the data model uses a type the rule language cannot see: {annotation!r}")


def _kind_of(model: type[BaseModel]) -> str:
    return model.__name__.lower()


def _list_element_model(annotation: Any) -> type[BaseModel] | None:
    inner, _, _ = unwrap(annotation)
    if get_origin(inner) is list:
        (element,) = get_args(inner)
        if isinstance(element, type) and issubclass(element, BaseModel):
            return element
    return None
