"""Static checking: resolve every name, type every expression, and produce the IR.

Nothing is evaluated here. Every problem becomes a diagnostic; all of them are collected
before the checker gives up, so an author sees every mistake in one run.
"""

from __future__ import annotations

from collections.abc import Sequence

from compliance import ir
from compliance.checker.data_schema import collection_models
from compliance.checker.expressions import ExpressionChecker
from compliance.checker.scope import DEADLINE_NAMES, GLOBAL_NAMES, DefinitionSlot, Scope
from compliance.checker.types import ANY, DATE, AnyType, ListType
from compliance.diagnostics import Diagnostic, Span
from compliance.findings import Citation
from compliance.syntax import ast


class Checker(ExpressionChecker):
    """Checks rule files: their rules, definitions, subjects and citations."""

    def check(self, files: Sequence[ast.RuleFile]) -> ir.Program:
        rules: list[ir.CheckedRule] = []
        documents: list[ir.CheckedDocument] = []
        first_seen: dict[str, Span] = {}
        for rule_file in files:
            document = ir.CheckedDocument(
                title=rule_file.document.title,
                issuer=rule_file.document.issuer,
                adopted=rule_file.document.adopted,
                valid_from=rule_file.document.valid_from,
                valid_to=rule_file.document.valid_to,
                source=rule_file.document.source,
                file=rule_file.path,
            )
            documents.append(document)
            file_slots = self._slots(rule_file.definitions, f"{rule_file.path}::")
            for rule in rule_file.rules:
                if rule.id in first_seen:
                    first = first_seen[rule.id]
                    self.error(
                        "E207",
                        f"the rule id `{rule.id}` is already used at {first}",
                        rule.id_span,
                        help="rule ids must be unique across all rule files",
                    )
                else:
                    first_seen[rule.id] = rule.id_span
                rules.append(self._rule(rule, document, file_slots))
            self._check_definitions(file_slots, Scope(file_slots))
            self._warn_unused(file_slots)
        return ir.Program(tuple(rules), tuple(documents), dict(self.definitions))

    def _slots(
        self, definitions: Sequence[ast.Definition], prefix: str
    ) -> dict[str, DefinitionSlot]:
        slots: dict[str, DefinitionSlot] = {}
        for definition in definitions:
            name = definition.name
            if name in slots:
                self.error(
                    "E209",
                    f"`{name}` is defined twice",
                    definition.name_span,
                    help=f"the first definition is at {slots[name].definition.name_span}",
                )
                continue
            if name in GLOBAL_NAMES or name in collection_models() or name in DEADLINE_NAMES:
                self.error(
                    "E209",
                    f"`{name}` is a built-in name and cannot be redefined",
                    definition.name_span,
                    help="choose another name",
                )
                continue
            slots[name] = DefinitionSlot(prefix + name, definition)
        return slots

    def _check_definitions(self, slots: dict[str, DefinitionSlot], scope: Scope) -> None:
        for slot in slots.values():
            self._definition_type(slot, scope)

    def _warn_unused(self, slots: dict[str, DefinitionSlot]) -> None:
        for name, slot in slots.items():
            if not slot.used:
                self.warn(
                    "W501",
                    f"`{name}` is defined but never used",
                    slot.definition.name_span,
                    help="remove it, or use it in a rule",
                )

    def _rule(
        self,
        rule: ast.Rule,
        document: ir.CheckedDocument,
        file_slots: dict[str, DefinitionSlot],
    ) -> ir.CheckedRule:
        rule_slots = self._slots(rule.definitions, f"{rule.span.file}::{rule.id}::")
        scope = Scope(file_slots, rule_slots, has_deadline=rule.deadline is not None)
        subject: ir.Subject | None = None
        if rule.subject is not None:
            subject, scope = self._subject(rule.subject, scope)
        self._check_definitions(rule_slots, scope)

        deadline = None
        if rule.deadline is not None:
            deadline_scope = Scope(
                scope.file_definitions,
                scope.rule_definitions,
                scope.locals,
                has_deadline=False,
                in_deadline=True,
            )
            deadline = self.expr(rule.deadline, deadline_scope)
            self._expect(deadline, DATE, "E213", "a deadline must be a date")

        applicability = None
        if rule.applicability is not None:
            applicability = self.condition(rule.applicability, scope, "an applicability condition")
        requirement = self.condition(rule.requirement, scope, "a requirement")

        # Templates are checked before unused definitions are reported: a definition used
        # only in a finding text is used.
        not_applicable_reason = self.template(rule.not_applicable_reason, scope)
        finding = self.template(rule.finding, scope)
        passed = self.template(rule.passed, scope)
        recommendation = self.template(rule.recommendation, scope)
        self._warn_citation(rule)
        self._warn_unused(rule_slots)
        citation = rule.citation
        return ir.CheckedRule(
            id=rule.id,
            title=rule.title,
            severity=rule.severity,
            citation=Citation(
                document=(citation.document if citation and citation.document else document.title),
                section=citation.section if citation else None,
                page=citation.page if citation else None,
                quote=citation.quote if citation else None,
                url=citation.url if citation else None,
            ),
            document=document,
            subject=subject,
            applicability=applicability,
            not_applicable_reason=not_applicable_reason,
            valid_from=rule.valid_from,
            valid_to=rule.valid_to,
            deadline=deadline,
            requirement=requirement,
            finding=finding,
            passed=passed,
            recommendation=recommendation,
            span=rule.span,
            definitions=tuple(
                (slot.key, self.definitions[slot.key])
                for slot in rule_slots.values()
                if slot.key in self.definitions
            ),
        )

    def _warn_citation(self, rule: ast.Rule) -> None:
        if rule.citation is None:
            self.warn(
                "W502",
                f"rule `{rule.id}` does not say where the requirement comes from",
                rule.id_span,
                help='add `källa { dokument "…" avsnitt "…" citat "…" }`',
            )
        elif not rule.citation.quote:
            self.warn(
                "W503",
                f"the source of rule `{rule.id}` has no verbatim quote",
                rule.citation.span,
                help='add `citat "…"` with the sentence the requirement rests on',
            )

    def _subject(self, clause: ast.SubjectClause, scope: Scope) -> tuple[ir.Subject, Scope]:
        collection = self.expr(clause.collection, scope)
        if not isinstance(collection, ir.Collection):
            if not isinstance(collection.type, AnyType):
                self.error(
                    "E211",
                    "a rule's subject must be one of the data collections",
                    clause.collection.span,
                    help="name a collection such as `nämnder`, `förvaltningar` or `utförare`",
                )
            return ir.Subject(clause.var, _placeholder_collection(clause), None), scope
        assert isinstance(collection.type, ListType)
        inner = scope.with_local(clause.var, collection.type.element)
        where = (
            self.condition(clause.where, inner, "a subject filter")
            if clause.where is not None
            else None
        )
        return ir.Subject(clause.var, collection, where), inner


def _placeholder_collection(clause: ast.SubjectClause) -> ir.Collection:
    return ir.Collection(ANY, "", source="", span=clause.collection.span)


def check_program(files: Sequence[ast.RuleFile]) -> tuple[ir.Program, list[Diagnostic]]:
    """Check parsed rule files; returns the program and every diagnostic (errors and warnings)."""
    checker = Checker()
    program = checker.check(files)
    return program, checker.diagnostics
