"""The command line: a thin layer over `compliance.api`.

Exit codes are a contract with CI pipelines:

    0  nothing at or above `--fail-on` failed or lacked evidence (`lint`: no errors;
       `test`: every case passed)
    1  at least one finding `fail` or `insufficient_data` at or above `--fail-on`
       (`lint`: the rule files have errors; `test`: a case failed, or coverage is
       incomplete with `--require-coverage`)
    2  the command line or an input file is wrong; the diagnostics say what and where
    3  an internal error, i.e. a bug in this tool; never a traceback

Missing evidence counts as failing: a requirement nobody can show is met is not met.

Only `typer` and the small config and diagnostics modules are imported up front; the parser,
the data models and rich are imported inside the commands so that `--help` stays fast.
"""

from __future__ import annotations

import atexit
import contextlib
import functools
import io
import os
import sys
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Annotated, NoReturn, ParamSpec, TextIO

import typer

from compliance import tool_version
from compliance.diagnostics import Diagnostic, InputError, render_diagnostic
from compliance.streams import say, write_text

EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_INPUT = 2
EXIT_INTERNAL = 3
EXIT_INTERRUPTED = 130

DEFAULT_FAIL_ON = "low"
# Diagnostic codes that mean "could not read the input" rather than "the rules are wrong":
# a missing or unreadable file, no rule files found, a bad config file or command-line value.
UNREADABLE_CODES = frozenset({"E110", "E111", "E401", "E402", "E403", "E404"})

app = typer.Typer(
    name="compliance",
    help="Check a kommun's declared data against rules written from its styrdokument.",
    add_completion=False,
    no_args_is_help=True,
    # Plain help: rich-formatted help would import rich on every `--help`.
    rich_markup_mode=None,
    # Exceptions are turned into one line and exit code 3 by `main`, never a traceback.
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)

RulesOption = Annotated[
    list[Path] | None,
    typer.Option(
        "--rules",
        metavar="PATH",
        # Our own reader says why a file cannot be read, with a code; click would say it first.
        readable=False,
        help="A rule file, or a directory searched for *.rules. Repeat for more.",
    ),
]
ConfigOption = Annotated[
    Path | None,
    typer.Option(
        "--config",
        metavar="FILE",
        readable=False,
        help="Read settings from FILE instead of the nearest compliance.toml or pyproject.toml.",
    ),
]

P = ParamSpec("P")


def guarded(command: Callable[P, None]) -> Callable[P, None]:
    """Ctrl-C exits 130 rather than click's 1, which CI would read as "findings"."""

    @functools.wraps(command)
    def run(*args: P.args, **kwargs: P.kwargs) -> None:
        try:
            command(*args, **kwargs)
        except KeyboardInterrupt:
            say("interrupted", stream=sys.stderr)
            raise typer.Exit(EXIT_INTERRUPTED) from None

    return run


def _print_version(value: bool) -> None:
    if value:
        say(f"compliance {tool_version()}")
        raise typer.Exit(EXIT_OK)


@app.callback()
def _root(
    version: Annotated[
        bool,
        typer.Option(
            "--version",
            help="Show the version and exit.",
            callback=_print_version,
            is_eager=True,
        ),
    ] = False,
) -> None:
    """Check a kommun's declared data against rules written from its styrdokument."""


# ---------------------------------------------------------------- entry point


def print_diagnostics(diagnostics: Iterable[Diagnostic], stream: TextIO) -> None:
    text = "".join(f"{render_diagnostic(diagnostic)}\n\n" for diagnostic in diagnostics)
    if text:
        write_text(stream, text)


def _use_utf8() -> None:
    # Reports are Swedish text; a non-UTF-8 locale must neither crash the run nor change the
    # bytes of a JSON report piped to a file.
    for stream in (sys.stdout, sys.stderr):
        if not isinstance(stream, io.TextIOWrapper):
            continue  # replaced by a test harness or an embedding program: theirs to set up
        try:
            if stream.isatty():
                stream.reconfigure(errors="replace")
            elif stream.encoding.lower().replace("-", "") != "utf8":
                stream.reconfigure(encoding="utf-8", errors="replace")
        except (ValueError, OSError):
            pass  # a stream that cannot be reconfigured keeps its encoding


def main() -> None:
    """The `compliance` command: runs the app and turns every failure into an exit code."""
    from compliance.cli.memory import collect_rarely

    collect_rarely()
    _use_utf8()
    try:
        app(prog_name="compliance")
    except InputError as error:
        print_diagnostics(error.diagnostics, sys.stderr)
        sys.exit(EXIT_INPUT)
    except Exception as error:  # every other exception is a bug; say so in one line
        detail = f"{type(error).__name__}: {error}" if str(error) else type(error).__name__
        say(f"internal error: {detail} (please report this)", stream=sys.stderr)
        sys.exit(EXIT_INTERNAL)


def entry() -> NoReturn:
    """The `compliance` command as a process (the console script, `python -m compliance`):
    `main`, then out at once with its exit code.

    A national run leaves a quarter of a gigabyte of objects behind; the interpreter took
    ~50 ms to tear them down one by one on the way out, a twentieth of the run, for nothing.
    The streams are flushed and the exit handlers run first, as a normal exit does; every
    report file is already written and synced (`output.write_atomically`). `main` itself
    stays an ordinary function that raises `SystemExit`, for callers in the same process.
    """
    try:
        main()
        code = EXIT_OK
    except SystemExit as done:
        code = _exit_status(done.code)
    for stream in (sys.stdout, sys.stderr):
        # A closed pipe or stream: what it would have shown is lost either way.
        with contextlib.suppress(OSError, ValueError):
            stream.flush()
    atexit._run_exitfuncs()
    os._exit(code)


def _exit_status(code: object) -> int:
    """The process's exit status for `sys.exit(code)`, as the interpreter makes it."""
    if code is None:
        return EXIT_OK
    if isinstance(code, int):
        return code & 0xFF
    say(str(code), stream=sys.stderr)
    return 1
