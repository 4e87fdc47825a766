"""What a name in a rule can mean, and where the checker looks it up."""

from __future__ import annotations

from dataclasses import dataclass, field

from compliance.checker.types import Type
from compliance.ir import GlobalName
from compliance.syntax import ast

# Names every rule can use, in both languages.
GLOBAL_NAMES: dict[str, GlobalName] = {
    "period": GlobalName.PERIOD,
    "avstämningsdag": GlobalName.AS_OF,
    "as_of": GlobalName.AS_OF,
    "kommun": GlobalName.KOMMUN,
}
DEADLINE_NAMES = ("frist", "deadline")


@dataclass
class DefinitionSlot:
    """A `låt` definition and how far the checker has got with it."""

    key: str
    definition: ast.Definition
    state: str = "new"  # new → checking → done; `checking` seen again means a cycle
    type: Type | None = None
    used: bool = False


@dataclass
class Scope:
    """Local variables (innermost last), then the rule's and the file's definitions."""

    file_definitions: dict[str, DefinitionSlot]
    rule_definitions: dict[str, DefinitionSlot] = field(default_factory=dict)
    locals: list[tuple[str, Type]] = field(default_factory=list)
    has_deadline: bool = False
    in_deadline: bool = False

    def local(self, name: str) -> Type | None:
        for bound, bound_type in reversed(self.locals):
            if bound == name:
                return bound_type
        return None

    def definition(self, name: str) -> DefinitionSlot | None:
        return self.rule_definitions.get(name) or self.file_definitions.get(name)

    def with_local(self, name: str, bound_type: Type) -> Scope:
        return Scope(
            self.file_definitions,
            self.rule_definitions,
            [*self.locals, (name, bound_type)],
            self.has_deadline,
            self.in_deadline,
        )

    def visible_names(self) -> list[str]:
        names = [name for name, _ in self.locals]
        names += list(self.rule_definitions) + list(self.file_definitions)
        names += list(GLOBAL_NAMES)
        if self.has_deadline:
            names += list(DEADLINE_NAMES)
        return names
