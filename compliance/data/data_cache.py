"""Loaded data files kept between runs, so unchanged YAML is not parsed and validated again.

Reading, validating and cross-checking the Haninge example's two files, and building the
validators of the data model to do it, costs more than evaluating every rule against them.
A data set loaded without errors is saved in the user's cache directory (`user_cache` says
where and how) under a name that hashes:

- every file's full bytes, its path as given, as shown and as resolved, in the order given,
  and the working directory the shown paths are relative to;
- the limits of the read, the tool's own code (`user_cache.code_fingerprint`) and the Python
  version, so a changed loader or data model never reads an entry the old one wrote.

Only YAML-only data sets are kept: a data set with tables (`tabeller:`) depends on CSV and
Excel files beside it, and reading those is already column-wise and fast. A data set with
errors is never kept, so diagnostics always come from the loader itself. The entry is
written by `cache_codec`, which reads back only the program's own classes.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from compliance import cache_codec
from compliance.data.dataset import Dataset
from compliance.data.limits import Limits
from compliance.user_cache import cache_file, code_fingerprint, key_digest

# Bumped when the layout of the saved entry changes.
_FORMAT = "1"


@dataclass(frozen=True)
class ReadFile:
    """One data file read but not parsed yet."""

    given: str
    shown: str
    resolved: Path
    data: bytes


def entry(files: Sequence[ReadFile], limits: Limits) -> Path | None:
    """Where the data set loaded from exactly these files would be kept; None when off."""
    try:
        directory = str(Path.cwd().resolve())
    except OSError:
        return None  # without a working directory the shown paths cannot be vouched for
    parts: list[str | bytes] = [_FORMAT, sys.version, code_fingerprint(), repr(limits), directory]
    for file in files:
        parts += [file.given, file.shown, str(file.resolved), file.data]
    return cache_file("data", key_digest(parts), cache_codec.SUFFIX)


def cached_dataset(path: Path | None) -> Dataset | None:
    """The data set kept under `path`, if there is one that can be read back."""
    dataset = cache_codec.read_entry(path)
    return dataset if isinstance(dataset, Dataset) and not dataset.tables else None


def save_dataset(path: Path | None, dataset: Dataset, declares_tables: bool) -> None:
    """Keep a data set loaded without errors, unless it depends on files beside its own."""
    if not declares_tables and not dataset.tables:
        cache_codec.write_entry(path, dataset)
