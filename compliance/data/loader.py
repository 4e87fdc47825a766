"""Load the declared organisational data: read, validate, merge and cross-check YAML files.

The pipeline has two phases, and each collects every problem before raising:

1. Each file is read (`yaml_source`) and validated against `Organisation`; pydantic's
   errors are translated into located diagnostics a non-programmer can act on
   (`validation_errors`).
2. Only when every file is valid are the files merged (`merging`) and checked as a whole
   (`cross_file_checks`): one `kommun`, unique ids, references that resolve, dates in a
   possible order. (Checking references while a file is broken would report ids that are
   merely in that file.)
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

from pydantic import ValidationError

from compliance.data import codes
from compliance.data.cross_file_checks import DATE_ORDER, check
from compliance.data.dataset import Dataset, Location
from compliance.data.merging import COLLECTIONS, merge
from compliance.data.model import Organisation
from compliance.data.table_loading import Declared, read_tables
from compliance.data.validation_errors import translate
from compliance.data.yaml_source import (
    DEFAULT_LIMITS,
    Limits,
    YamlDocument,
    read_yaml_file,
    read_yaml_text,
)
from compliance.diagnostics import Diagnostic, InputError, display_path

__all__ = ["COLLECTIONS", "DATE_ORDER", "load_dataset", "load_dataset_text"]


def load_dataset(
    paths: Sequence[str | os.PathLike[str]], *, limits: Limits = DEFAULT_LIMITS
) -> Dataset:
    """Load and merge data files in the order given; raises `InputError` on any problem."""
    if not paths:
        raise InputError([Diagnostic(codes.NO_FILES, "no data files were given")])
    documents: list[YamlDocument] = []
    folders: list[Path] = []
    diagnostics: list[Diagnostic] = []
    seen: set[Path] = set()
    for path in paths:
        resolved = _resolved(path)
        if resolved in seen:
            shown = display_path(path)
            diagnostics.append(
                Diagnostic(
                    codes.SAME_FILE_TWICE,
                    f"`{shown}` is given more than once",
                    help="give each data file once; its entries would otherwise be duplicated",
                    file=shown,
                )
            )
            continue
        seen.add(resolved)
        try:
            documents.append(read_yaml_file(path, limits=limits))
            folders.append(Path(path).parent)
        except InputError as error:
            diagnostics.extend(error.diagnostics)
    return _load(documents, folders, diagnostics)


def load_dataset_text(text: str, name: str, *, limits: Limits = DEFAULT_LIMITS) -> Dataset:
    """Load data given as text (tests, inline data in rule-pack test cases) as file `name`."""
    try:
        documents = [read_yaml_text(text, name, limits=limits)]
    except InputError as error:
        raise InputError(error.diagnostics) from None
    return _load(documents, [Path(name).parent], [])


def _resolved(path: str | os.PathLike[str]) -> Path:
    try:
        return Path(path).resolve()
    except (OSError, RuntimeError):
        return Path(path)


def _load(
    documents: list[YamlDocument], folders: list[Path], diagnostics: list[Diagnostic]
) -> Dataset:
    valid: list[Declared] = []
    for document, folder in zip(documents, folders, strict=True):
        diagnostics.extend(document.problems)
        organisation = _validate(document, diagnostics)
        if organisation is not None:
            valid.append(Declared(document, organisation, folder))
    if diagnostics:
        raise InputError(diagnostics)
    tables, problems = read_tables(valid)
    if problems:
        raise InputError(problems)
    merged = merge([(declared.document, declared.organisation) for declared in valid])
    problems = merged.problems + check(merged, tables)
    if problems:
        raise InputError(problems)
    files: list[str] = []
    digests: dict[str, str] = {}
    for document in documents:
        files.append(document.file)
        digests[document.file] = document.digest
    for table in (table for group in tables.values() for table in group):
        files.append(table.file)
        digests[table.file] = table.digest
    return Dataset(
        organisation=merged.organisation,
        locations={p: Location(s.file, s.line, s.column) for p, s in merged.values.items()},
        files=files,
        digests=digests,
        tables=tables,
    )


def _validate(document: YamlDocument, diagnostics: list[Diagnostic]) -> Organisation | None:
    try:
        return Organisation.model_validate(document.data)
    except ValidationError as error:
        diagnostics.extend(translate(e, document) for e in error.errors(include_url=False))
    except Exception as error:  # a defect must still not become a traceback for the user
        diagnostics.append(
            Diagnostic(
                codes.INTERNAL,
                f"the file could not be validated because of an unexpected error "
                f"({type(error).__name__}: {error})",
                help="this is a defect in the checker; please report it together with the file",
                file=document.file,
            )
        )
    return None
