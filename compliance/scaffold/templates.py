"""The files `compliance init` writes, read from `templates.toml` beside this module."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import PurePosixPath

TEMPLATE_FILE = "templates.toml"


@dataclass(frozen=True)
class Template:
    """One file of a new repository: where it goes (relative, `/`-separated) and its text."""

    path: PurePosixPath
    text: str


@cache
def templates() -> tuple[Template, ...]:
    """Every template, in the order `compliance init` lists them."""
    raw = resources.files("compliance.scaffold").joinpath(TEMPLATE_FILE).read_text("utf-8")
    entries = tomllib.loads(raw).get("file")
    if not isinstance(entries, list) or not entries:
        raise ValueError(f"{TEMPLATE_FILE} has no [[file]] entries")
    found: list[Template] = []
    for entry in entries:
        path, text = entry.get("path"), entry.get("text")
        if not isinstance(path, str) or not isinstance(text, str):
            raise ValueError(f"{TEMPLATE_FILE}: every [[file]] needs a text `path` and `text`")
        relative = PurePosixPath(path)
        # The templates are this package's own data; a path that could leave the new
        # directory is a bug in them, never something to write.
        if not relative.parts or relative.is_absolute() or ".." in relative.parts:
            raise ValueError(f"{TEMPLATE_FILE}: `{path}` is not a plain relative path")
        found.append(Template(relative, text))
    paths = [template.path for template in found]
    if len(set(paths)) != len(paths):
        raise ValueError(f"{TEMPLATE_FILE} lists a path twice")
    return tuple(found)
