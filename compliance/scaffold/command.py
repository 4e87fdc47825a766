"""`compliance init DIR`: write a new policy repository, never over an existing file.

Every path is checked before the first file is written, so a refusal lists every collision at
once and leaves the directory as it was. Files are also opened in exclusive mode: one that
appears between the check and the write is still never overwritten.
"""

from __future__ import annotations

import contextlib
import os
import re
import shlex
from pathlib import Path
from typing import TextIO

from compliance.diagnostics import Diagnostic, InputError, display_path
from compliance.messages import message
from compliance.scaffold.templates import Template, templates

# Registered as "an output path that would overwrite an input file, or cannot be written".
CODE = "E404"
NEXT_COMMAND = "compliance check"
# A directory name made only of these is shown to the shell as it is; others are quoted.
_SHELL_SAFE = re.compile(r"[^\s'\"\\$`!*?&|;<>(){}\[\]#~^]+")


def run_init(directory: Path, *, out: TextIO) -> int:
    """Write the templates into `directory` (created if missing) and say what was written.

    Returns the exit code, 0. Raises `InputError` (E404) having written nothing when a file
    it would write already exists or a directory it needs is a file; and, having removed what
    it wrote, when a file cannot be written.
    """
    files = templates()
    _refuse_collisions(directory, files)
    _write_all(directory, files)
    _print_summary(directory, files, out)
    return 0


def _refuse_collisions(directory: Path, files: tuple[Template, ...]) -> None:
    if _exists(directory) and not directory.is_dir():
        raise InputError([_not_a_directory(directory)])
    problems: list[Diagnostic] = []
    blocked: set[Path] = set()
    for template in files:
        target = directory.joinpath(*template.path.parts)
        folders = _folders_between(directory, target)
        in_a_file = [folder for folder in folders if _exists(folder) and not folder.is_dir()]
        for folder in in_a_file:
            # Several templates share a folder (`policy_rules/`): one message for it.
            if folder not in blocked:
                blocked.add(folder)
                problems.append(_not_a_directory(folder))
        if not in_a_file and _exists(target):
            problems.append(
                Diagnostic(
                    CODE,
                    f"`{_shown(target)}` already exists, and `compliance init` never "
                    "overwrites a file",
                    help="run it for a new or empty directory, or move the file away first",
                )
            )
    if problems:
        raise InputError(problems)


def _not_a_directory(path: Path) -> Diagnostic:
    return Diagnostic(
        CODE,
        f"`{_shown(path)}` is a file, where `compliance init` needs a directory",
        help="run it for a new or empty directory, or move the file away first",
    )


def _write_all(directory: Path, files: tuple[Template, ...]) -> None:
    made: list[Path] = []
    written: list[Path] = []
    try:
        for template in files:
            target = directory.joinpath(*template.path.parts)
            _make_directories(target.parent, made)
            # Exclusive and binary: never over a file, and `\n` line endings on every platform.
            with target.open("xb") as handle:
                written.append(target)
                handle.write(template.text.encode("utf-8"))
    except OSError as error:
        _undo(written, made)
        shown = _shown(Path(error.filename)) if error.filename else _shown(directory)
        reason = (
            "it appeared while `compliance init` was writing"
            if isinstance(error, FileExistsError)
            else (error.strerror or type(error).__name__).lower()
        )
        raise InputError([Diagnostic(CODE, f"cannot write `{shown}`: {reason}")]) from None


def _make_directories(folder: Path, made: list[Path]) -> None:
    """Create `folder` and its missing parents, recording each one created, outermost first."""
    missing: list[Path] = []
    current = folder
    while not _exists(current) and current.parent != current:
        missing.append(current)
        current = current.parent
    for path in reversed(missing):
        path.mkdir()
        made.append(path)


def _undo(written: list[Path], made: list[Path]) -> None:
    # Best effort: what cannot be removed is left as it is rather than hiding the real error.
    for path in reversed(written):
        with contextlib.suppress(OSError):
            path.unlink()
    for path in reversed(made):
        with contextlib.suppress(OSError):
            path.rmdir()


def _print_summary(directory: Path, files: tuple[Template, ...], out: TextIO) -> None:
    shown = display_path(directory)
    print(message("scaffold.created", count=len(files), directory=shown), file=out)
    for template in files:
        print(f"  {template.path.as_posix()}", file=out)
    here = directory.resolve() == Path.cwd().resolve()
    quoted = shown if _SHELL_SAFE.fullmatch(shown) else shlex.quote(shown)
    command = NEXT_COMMAND if here else f"cd {quoted} && {NEXT_COMMAND}"
    print(message("scaffold.next", command=command), file=out)


def _folders_between(directory: Path, target: Path) -> list[Path]:
    """The folders from `directory` (exclusive) down to `target`'s own folder, outermost first."""
    relative = target.relative_to(directory)
    return [directory.joinpath(*relative.parts[:depth]) for depth in range(1, len(relative.parts))]


def _shown(path: Path) -> str:
    # `display_path` resolves symlinks; a link in the way is named as itself, not its target.
    folder = display_path(path.parent)
    return path.name if folder == "." else f"{folder}/{path.name}"


def _exists(path: Path) -> bool:
    # A dangling symlink is a file that is there: writing through it would create a file
    # somewhere else.
    return os.path.lexists(path)
