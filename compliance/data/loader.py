"""Load the declared organisational data: read YAML files and assemble them into a `Dataset`.

Files are read here, in the order given; `assembly` parses, validates, merges and
cross-checks them, collecting every problem before it raises. A set of files loaded before
without errors and unchanged since comes back from the user's cache (`data_cache`) instead,
so the parser and the data model's validators are not even imported.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

from compliance.data import codes, data_cache
from compliance.data.data_cache import ReadFile
from compliance.data.dataset import Dataset
from compliance.data.file_reading import decode, read_data_file
from compliance.data.limits import DEFAULT_LIMITS, Limits
from compliance.diagnostics import SOURCES, Diagnostic, InputError, display_path

__all__ = ["load_dataset", "load_dataset_text"]


def load_dataset(
    paths: Sequence[str | os.PathLike[str]], *, limits: Limits = DEFAULT_LIMITS
) -> Dataset:
    """Load and merge data files in the order given; raises `InputError` on any problem."""
    if not paths:
        raise InputError([Diagnostic(codes.NO_FILES, "no data files were given")])
    read: list[ReadFile] = []
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
            shown, data = read_data_file(path, limits)
            read.append(ReadFile(os.fspath(path), shown, resolved, data))
        except InputError as error:
            diagnostics.extend(error.diagnostics)
    kept = data_cache.entry(read, limits) if not diagnostics else None
    cached = data_cache.cached_dataset(kept)
    if cached is not None:
        for file in read:  # as parsing would have: diagnostics quote the files' lines
            SOURCES.add(file.shown, decode(file.data, file.shown))
        return cached
    from compliance.data.assembly import assemble, parse_files  # only when not cached

    parsed = parse_files([(file.shown, file.data) for file in read], limits, diagnostics)
    documents = [document for document in parsed if document is not None]
    folders = [Path(f.given).parent for f, d in zip(read, parsed, strict=True) if d is not None]
    dataset = assemble(documents, folders, diagnostics)
    declares_tables = any(
        isinstance(document.data, dict) and document.data.get("tabeller") is not None
        for document in documents
    )
    data_cache.save_dataset(kept, dataset, declares_tables)
    return dataset


def load_dataset_text(text: str, name: str, *, limits: Limits = DEFAULT_LIMITS) -> Dataset:
    """Load data given as text (tests, inline data in rule-pack test cases) as file `name`."""
    from compliance.data.assembly import assemble
    from compliance.data.yaml_source import read_yaml_text

    try:
        documents = [read_yaml_text(text, name, limits=limits)]
    except InputError as error:
        raise InputError(error.diagnostics) from None
    return assemble(documents, [Path(name).parent], [])


def _resolved(path: str | os.PathLike[str]) -> Path:
    try:
        return Path(path).resolve()
    except (OSError, RuntimeError):
        return Path(path)
