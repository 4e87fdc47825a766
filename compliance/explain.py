"""`compliance explain`: a rule as plain text, with the Swedish labels of a revision report."""

from __future__ import annotations

import difflib
import textwrap
from collections.abc import Sequence

from compliance import ir
from compliance.diagnostics import Diagnostic
from compliance.messages import message

# Plain-text output has a fixed width so that it is the same in every terminal and CI log.
PLAIN_WIDTH = 100


def unknown_rule(rule_id: str, known: Sequence[str]) -> Diagnostic:
    # Rule ids are upper-case by convention but easily typed in lower case.
    folded = {known_id.casefold(): known_id for known_id in known}
    if rule_id.casefold() in folded:
        suggestion: str | None = folded[rule_id.casefold()]
    else:
        matches = difflib.get_close_matches(rule_id.casefold(), list(folded), n=1, cutoff=0.6)
        suggestion = folded[matches[0]] if matches else None
    help = f"did you mean `{suggestion}`?" if suggestion else None
    if help is None and known:
        help = "the rules are: " + ", ".join(f"`{k}`" for k in sorted(known))
    return Diagnostic("E402", f"there is no rule `{rule_id}` in the rule files", help=help)


def explain_rule(rule: ir.CheckedRule) -> str:
    """A rule as plain text, with the Swedish labels of a revision report."""

    def template(value: ir.Template | None) -> str | None:
        if value is None:
            return None
        # Placeholders are shown as written, `{n.namn}`, not filled in: there is no data here.
        return "".join(
            part if isinstance(part, str) else "{" + part.source + "}" for part in value.parts
        )

    document = rule.document
    document_text = document.title
    adopted = f"{message('explain.adopted').lower()} {document.adopted}"
    extras = [item for item in (document.issuer, adopted if document.adopted else None) if item]
    if extras:
        document_text += f" ({', '.join(extras)})"
    citation = rule.citation
    quote = message("report.details.quote", quote=citation.quote) if citation.quote else None
    if rule.subject is None:
        subject = message("explain.subject_kommun")
    elif rule.subject.where is None:
        subject = message(
            "explain.subject_all", var=rule.subject.var, collection=rule.subject.collection.name
        )
    else:
        subject = message(
            "explain.subject_where",
            var=rule.subject.var,
            collection=rule.subject.collection.name,
            where=rule.subject.where.source,
        )
    if rule.valid_from is None and rule.valid_to is None:
        validity = message("explain.validity_always")
    elif rule.valid_to is None:
        validity = message("explain.validity_from", start=rule.valid_from)
    else:
        validity = message("explain.validity_range", start=rule.valid_from, end=rule.valid_to)
    # (indent, label key, value); a row whose value is None is left out.
    rows: list[tuple[int, str, str | None]] = [
        (2, "explain.title", rule.title),
        (2, "explain.severity", message(f"report.severity.{rule.severity.value}")),
        (2, "explain.document", document_text),
        (2, "explain.citation", ""),
        (4, "explain.cite_document", citation.document),
        (4, "explain.cite_section", citation.section),
        (4, "explain.cite_page", citation.page),
        (4, "explain.cite_quote", quote),
        (4, "explain.cite_url", citation.url),
        (2, "explain.subject", subject),
        (
            2,
            "explain.applicability",
            rule.applicability.source
            if rule.applicability is not None
            else message("explain.applicability_always"),
        ),
        (2, "explain.not_applicable", template(rule.not_applicable_reason)),
        (2, "explain.validity", validity),
        (
            2,
            "explain.deadline",
            rule.deadline.source if rule.deadline is not None else message("explain.deadline_none"),
        ),
        (2, "explain.requirement", rule.requirement.source),
        (2, "explain.finding", template(rule.finding)),
        (2, "explain.passed", template(rule.passed)),
        (2, "explain.recommendation", template(rule.recommendation)),
        (2, "explain.file", f"{rule.span.file}:{rule.span.line}:{rule.span.column}"),
    ]
    labelled = [
        (" " * indent + message(key) + ":", value)
        for indent, key, value in rows
        if value is not None
    ]
    width = max(len(label) for label, _ in labelled) + 1
    lines = [f"{message('explain.rule')} {rule.id}"]
    lines += [_hanging(f"{label:<{width}}", value, width) for label, value in labelled]
    if rule.definitions:
        lines.append(f"  {message('explain.definitions')}:")
        for key, node in rule.definitions:
            # Keys are unique across files (`file::name`); the reader wants the name.
            name = key.rpartition("::")[2]
            lines.append(_hanging(f"    {name} = ", node.source, 6))
    return "\n".join(lines) + "\n"


def _hanging(label: str, value: str, indent: int) -> str:
    """`label value`, wrapped at the plain width with later lines indented under the value."""

    if not value:
        return label.rstrip()
    return textwrap.fill(
        value,
        width=PLAIN_WIDTH,
        initial_indent=label,
        subsequent_indent=" " * indent,
        # Links and long identifiers must stay whole to be usable.
        break_long_words=False,
        break_on_hyphens=False,
    )
