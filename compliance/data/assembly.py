"""Turn parsed data files into one `Dataset`: validate, read tables, merge, cross-check.

The two phases each collect every problem before raising:

1. Each file is validated against `Organisation`; pydantic's errors are translated into
   located diagnostics a non-programmer can act on (`validation_errors`).
2. Only when every file is valid are its tables read, the files merged (`merging`) and
   checked as a whole (`cross_file_checks`): one `kommun`, unique ids, references that
   resolve, dates in a possible order. (Checking references while a file is broken would
   report ids that are merely in that file.)
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from pydantic import ValidationError

from compliance.data import codes
from compliance.data.cross_file_checks import check
from compliance.data.dataset import Dataset, Location
from compliance.data.merging import merge
from compliance.data.model import Organisation
from compliance.data.table_loading import Declared, read_tables
from compliance.data.validation_errors import translate
from compliance.data.yaml_source import Limits, YamlDocument, parse_yaml_bytes
from compliance.diagnostics import Diagnostic, InputError


def parse_files(
    files: Sequence[tuple[str, bytes]], limits: Limits, diagnostics: list[Diagnostic]
) -> list[YamlDocument | None]:
    """Each (shown name, bytes) parsed; None, with its diagnostics added, where it cannot be."""
    documents: list[YamlDocument | None] = []
    for shown, data in files:
        try:
            documents.append(parse_yaml_bytes(data, shown, limits=limits))
        except InputError as error:
            diagnostics.extend(error.diagnostics)
            documents.append(None)
    return documents


def assemble(
    documents: list[YamlDocument], folders: list[Path], diagnostics: list[Diagnostic]
) -> Dataset:
    """One data set from files parsed without errors; raises `InputError` with every problem,
    those in `diagnostics` (from reading the files) first."""
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
