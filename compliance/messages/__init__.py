"""Message catalogues: every sentence a report shows lives in a TOML file, not in code.

`compliance/messages/<lang>/*.toml` are merged into one table per language; keys are dotted
(`outcome.fail`). Values are `str.format` templates.
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import cache
from importlib import resources
from typing import Any

DEFAULT_LANGUAGE = "sv"
# The languages a report can be written in: one catalogue folder each.
LANGUAGES = ("sv", "en")
# The language of the run in progress; one run renders in one language throughout.
_LANGUAGE: ContextVar[str] = ContextVar("report_language", default=DEFAULT_LANGUAGE)


@contextmanager
def use_language(lang: str) -> Iterator[None]:
    token = _LANGUAGE.set(lang)
    try:
        yield
    finally:
        _LANGUAGE.reset(token)


@cache
def catalogue(lang: str = DEFAULT_LANGUAGE) -> dict[str, str]:
    table: dict[str, str] = {}
    folder = resources.files("compliance.messages").joinpath(lang)
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".toml"):
            _flatten(tomllib.loads(entry.read_text("utf-8")), "", table)
    return table


def _flatten(node: dict[str, Any], prefix: str, into: dict[str, str]) -> None:
    for key, value in node.items():
        full = f"{prefix}{key}"
        if isinstance(value, dict):
            _flatten(value, full + ".", into)
        elif full in into:
            # Files are merged into one table; a second definition would silently win.
            raise ValueError(f"message key `{full}` is defined in more than one catalogue file")
        else:
            into[full] = str(value)


# Each language's catalogue, as `message` reads it: a report asks for ~100 000 sentences, and
# the cached call of `catalogue` costs more than the dictionary lookup behind it.
_TABLES: dict[str, dict[str, str]] = {}


def message(key: str, /, **values: object) -> str:
    """The catalogue text for `key` with `values` filled in; a missing key is a bug."""
    lang = _LANGUAGE.get()
    table = _TABLES.get(lang)
    if table is None:
        table = _TABLES[lang] = catalogue(lang)
    template = table[key]
    return template.format(**values) if values else template
