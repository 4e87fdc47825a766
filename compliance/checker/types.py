"""The types a rule expression can have, named the way a rule author thinks of them."""

from __future__ import annotations

from dataclasses import dataclass

from pydantic import BaseModel

from compliance.syntax.kinds import DurationUnit


@dataclass(frozen=True)
class Type:
    def describe(self) -> str:
        raise NotImplementedError

    def accepts(self, other: Type) -> bool:
        """Whether values of `other` can stand where this type is expected."""
        return self.comparable_with(other)

    def comparable_with(self, other: Type) -> bool:
        return type(self) is type(other)


@dataclass(frozen=True)
class BoolType(Type):
    def describe(self) -> str:
        return "yes/no"


@dataclass(frozen=True)
class NumberType(Type):
    def describe(self) -> str:
        return "number"


@dataclass(frozen=True)
class TextType(Type):
    """Text; `values` lists the allowed values when the data field is a closed list."""

    values: tuple[str, ...] | None = None

    def describe(self) -> str:
        return "text"


@dataclass(frozen=True)
class DateType(Type):
    def describe(self) -> str:
        return "date"


@dataclass(frozen=True)
class DurationType(Type):
    unit: DurationUnit

    def describe(self) -> str:
        return "duration"


@dataclass(frozen=True)
class PeriodType(Type):
    def describe(self) -> str:
        return "period"


@dataclass(frozen=True)
class EntityType(Type):
    """An entity of the data model; `collection` is set for top-level collections (with ids)."""

    model: type[BaseModel]
    kind: str
    collection: str | None = None

    def describe(self) -> str:
        return self.kind

    def comparable_with(self, other: Type) -> bool:
        return isinstance(other, EntityType) and other.model is self.model


@dataclass(frozen=True)
class ListType(Type):
    element: Type

    def describe(self) -> str:
        return f"list of {self.element.describe()}"

    def comparable_with(self, other: Type) -> bool:
        return isinstance(other, ListType) and self.element.comparable_with(other.element)


@dataclass(frozen=True)
class AnyType(Type):
    """The type of an expression that already has an error: it silences follow-up errors."""

    def describe(self) -> str:
        return "unknown"

    def comparable_with(self, other: Type) -> bool:
        return True


BOOL = BoolType()
NUMBER = NumberType()
TEXT = TextType()
DATE = DateType()
PERIOD = PeriodType()
ANY = AnyType()
ORDERED = (NumberType, DateType)
