"""Merge the valid data files into one `Organisation`, with every value's position kept.

The files' collections are concatenated in the order the files were given, and each file's
positions are shifted to match; exactly one file must declare `kommun`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from compliance.data import codes
from compliance.data.dataset import DataPath, nearest
from compliance.data.model import Organisation
from compliance.data.yaml_source import YamlDocument
from compliance.diagnostics import Diagnostic, Span

# The list-valued top-level collections, in model order; `kommun` is a single entity.
COLLECTIONS: tuple[str, ...] = tuple(
    name for name in Organisation.model_fields if name not in ("kommun", "tabeller")
)


@dataclass
class Merged:
    """The merged organisation, where each of its values was written, and merging's problems."""

    organisation: Organisation
    values: dict[DataPath, Span]
    files: list[str]
    problems: list[Diagnostic] = field(default_factory=list)

    def span(self, path: DataPath) -> Span | None:
        return nearest(self.values, path)


def merge(parts: list[tuple[YamlDocument, Organisation]]) -> Merged:
    """The valid files, each with its validated organisation, merged in the order given."""
    lists: dict[str, list[Any]] = {}
    values: dict[DataPath, Span] = {}
    problems: list[Diagnostic] = []
    kommun: tuple[Any, Span | None] | None = None
    for document, organisation in parts:
        offsets = {name: len(lists.get(name, [])) for name in COLLECTIONS}
        for path, span in document.values.items():
            # The first file to mention a non-indexed path keeps it (the top level, `kommun`).
            values.setdefault(_shifted(path, offsets), span)
        for name in COLLECTIONS:
            items = getattr(organisation, name)
            if items is not None:
                lists.setdefault(name, []).extend(items)
        if organisation.kommun is None:
            continue
        where = document.keys.get(("kommun",))
        if kommun is None:
            kommun = (organisation.kommun, where)
        else:
            problems.append(_kommun_twice(document, where, kommun[1]))
    files = [document.file for document, _ in parts]
    if kommun is None and parts:
        problems.append(
            Diagnostic(
                codes.KOMMUN_MISSING,
                "no data file declares `kommun:`",
                help="add `kommun:` with its `id` and `namn` to one of the files",
                file=files[0],
            )
        )
    organisation = Organisation.model_validate({"kommun": kommun[0] if kommun else None, **lists})
    return Merged(organisation, values, files, problems)


def _shifted(path: DataPath, offsets: dict[str, int]) -> DataPath:
    """A file's path as a path into the merged lists."""
    if len(path) >= 2 and isinstance(path[1], int) and path[0] in offsets:
        return (path[0], path[1] + offsets[str(path[0])], *path[2:])
    return path


def _kommun_twice(document: YamlDocument, where: Span | None, first: Span | None) -> Diagnostic:
    return Diagnostic(
        codes.KOMMUN_TWICE,
        "`kommun` is declared more than once; it is already declared "
        + place(first, where.file if where else document.file),
        where,
        "declare the kommun in one file only",
        file=document.file,
    )


def place(span: Span | None, here: str) -> str:
    """`on line 3`, or `in \\`a.yaml\\` on line 3` when that is another file."""
    if span is None:
        return "elsewhere"
    if span.file == here:
        return f"on line {span.line}"
    return f"in `{span.file}` on line {span.line}"
