"""Writing a report: to a file never onto an input and never half-written, or to stdout."""

from __future__ import annotations

import codecs
import os
import shutil
import sys
import tempfile
from collections.abc import Iterable
from pathlib import Path

from compliance.diagnostics import Diagnostic, InputError, display_path
from compliance.streams import write_stdout_bytes, write_text


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


# Plain-text output has a fixed width so that it is the same in every terminal and CI log.
PLAIN_WIDTH = 100


def terminal_style(format: str, to_file: bool) -> tuple[bool, int]:
    """Colour and width: only the terminal format on an interactive stdout gets either."""
    if to_file or format != "terminal" or not sys.stdout.isatty():
        return False, PLAIN_WIDTH
    color = "NO_COLOR" not in os.environ and os.environ.get("TERM") != "dumb"
    return color, shutil.get_terminal_size((PLAIN_WIDTH, 24)).columns


def write_stdout(text: str | bytes) -> None:
    """Text as it is; a binary report (DOCX) only to a pipe or a file, never a terminal."""
    if isinstance(text, str):
        write_text(sys.stdout, text)
        return
    if sys.stdout.isatty():
        raise InputError(
            [
                Diagnostic(
                    "E404",
                    "this report format is a binary file and cannot be shown in a terminal",
                    help="pass `--output report.docx`",
                )
            ]
        )
    write_stdout_bytes(text)


def stdout_takes_utf8() -> bool:
    """True when writing UTF-8 bytes under `sys.stdout` gives what writing their text would.

    That needs a byte stream below the text stream, UTF-8 as its encoding, and no newline
    translation: Windows writes every `\n` of text as `\r\n`.
    """
    stream = sys.stdout
    if getattr(stream, "buffer", None) is None or os.linesep != "\n":
        return False
    try:
        return codecs.lookup(stream.encoding).name == "utf-8"
    except (LookupError, TypeError):  # a replaced stream may name no codec at all
        return False
