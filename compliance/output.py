"""Writing a report file: never onto an input, never half-written."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable
from pathlib import Path

from compliance.diagnostics import Diagnostic, InputError, display_path


def refuse_input_as_output(output: Path, inputs: Iterable[Path]) -> None:
    """The report must never overwrite what it was computed from."""
    target = output.resolve()
    shown = display_path(output)
    for path in inputs:
        if _same_file(path, target):
            raise InputError(
                [
                    Diagnostic(
                        "E404",
                        f"refusing to write the report onto the input file `{shown}`",
                        help="write the report to another file; inputs are never overwritten",
                    )
                ]
            )
    if target.is_dir():
        raise InputError([Diagnostic("E404", f"the output `{shown}` is a directory")])
    if not target.parent.is_dir():
        raise InputError(
            [Diagnostic("E404", f"the directory of the output `{shown}` does not exist")]
        )


def _same_file(path: Path, target: Path) -> bool:
    # `samefile` also sees through hard links; a path that does not exist yet can only be
    # the same as another by name.
    try:
        return os.path.samefile(path, target)
    except OSError:
        return path.resolve() == target


def write_atomically(path: Path, text: str | bytes) -> None:
    """Write through a temporary file in the same directory, then rename over `path`.

    A reader (or a crash) never sees half a report, and an earlier report stays intact if
    writing fails.
    """
    directory = path.resolve().parent
    descriptor, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=directory)
    try:
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(text.encode("utf-8") if isinstance(text, str) else text)
            handle.flush()
            os.fsync(handle.fileno())
        # mkstemp creates the file private (0600); give the report the mode a normally
        # created file would have.
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(temporary, 0o666 & ~umask)
        os.replace(temporary, path)
    except OSError as error:
        Path(temporary).unlink(missing_ok=True)
        raise InputError(
            [Diagnostic("E404", f"cannot write `{display_path(path)}`: {error.strerror}")]
        ) from None
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
