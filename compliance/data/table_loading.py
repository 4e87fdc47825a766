"""Read the tables a data file declares under `tabeller:` into the dataset.

A table's path is relative to the data file that declares it, as a spreadsheet referenced from
a YAML file is found in practice (both in one folder). A table that cannot be found is reported
at its declaration in the YAML, because that is the line the author has to change.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path
from types import NoneType, UnionType
from typing import TYPE_CHECKING, Any, Union, get_args, get_origin

from pydantic import BaseModel

from compliance.data import codes
from compliance.data.model import Organisation, Tabell
from compliance.data.yaml_source import YamlDocument
from compliance.diagnostics import Diagnostic, InputError, display_path

if TYPE_CHECKING:
    from compliance.data.tables import Table

# File problems that are about the declaration rather than the table's content.
_DECLARATION_CODES = (codes.FILE_NOT_FOUND, codes.IS_DIRECTORY, codes.UNREADABLE)


@dataclasses.dataclass(frozen=True)
class Declared:
    """One valid data file, its content, and the folder its tables are relative to."""

    document: YamlDocument
    organisation: Organisation
    folder: Path


def read_tables(files: list[Declared]) -> tuple[dict[str, list[Table]], list[Diagnostic]]:
    """Every declared table by collection, in file order, and every problem found."""
    tables: dict[str, list[Table]] = {}
    problems: list[Diagnostic] = []
    seen: dict[Path, str] = {}
    for declared in files:
        declarations = declared.organisation.tabeller
        if declarations is None:
            continue
        for name in type(declarations).model_fields:
            tabell = getattr(declarations, name)
            if tabell is None:
                continue
            path = declared.folder / tabell.fil
            where = declared.document.span(("tabeller", name))
            resolved = _resolved(path)
            if resolved in seen:
                problems.append(
                    Diagnostic(
                        codes.SAME_FILE_TWICE,
                        f"the table `{display_path(path)}` is already declared for "
                        f"`{seen[resolved]}`",
                        where,
                        "declare each table once; its rows would otherwise be counted twice",
                        file=declared.document.file,
                    )
                )
                continue
            seen[resolved] = name
            try:
                table = _read(path, name, tabell)
            except InputError as error:
                problems.extend(
                    _at_declaration(d, declared.document, name) for d in error.diagnostics
                )
                continue
            tables.setdefault(name, []).append(table)
    return tables, problems


def _read(path: Path, name: str, tabell: Tabell) -> Table:
    # Imported here: reading a table is what loads the table libraries (polars, openpyxl).
    from compliance.data.tables import TableOptions, read_table

    options = TableOptions(
        encoding=tabell.kodning,
        separator=tabell.avgränsare,
        decimal=tabell.decimaltecken,
        sheet=tabell.blad,
    )
    return read_table(
        path, display=display_path(path), collection=name, model=entity_model(name), options=options
    )


def entity_model(collection: str) -> type[BaseModel]:
    """The model of one entry of `collection`, from `Organisation`'s `list[X] | None`."""
    annotation: Any = Organisation.model_fields[collection].annotation
    if get_origin(annotation) in (Union, UnionType):
        annotation = next(a for a in get_args(annotation) if a is not NoneType)
    (model,) = get_args(annotation)
    assert isinstance(model, type) and issubclass(model, BaseModel)
    return model


def _at_declaration(diagnostic: Diagnostic, document: YamlDocument, name: str) -> Diagnostic:
    if diagnostic.code not in _DECLARATION_CODES or diagnostic.span is not None:
        return diagnostic
    return dataclasses.replace(
        diagnostic,
        message=f"the table for `{name}`: {diagnostic.message}",
        span=document.span(("tabeller", name, "fil")) or document.span(("tabeller", name)),
        file=document.file,
    )


def _resolved(path: Path) -> Path:
    try:
        return path.resolve()
    except (OSError, RuntimeError):
        return path
