"""The command line: a thin layer over `compliance.api`, one module per group of commands.

Importing the package registers every command on `app`; `entry` is the `compliance` command
(`main`, run as a process).
"""

from compliance.cli import cache_commands, check, project_commands, rules_commands
from compliance.cli.app import (
    EXIT_FINDINGS,
    EXIT_INPUT,
    EXIT_INTERNAL,
    EXIT_INTERRUPTED,
    EXIT_OK,
    app,
    entry,
    main,
)

__all__ = [
    "EXIT_FINDINGS",
    "EXIT_INPUT",
    "EXIT_INTERNAL",
    "EXIT_INTERRUPTED",
    "EXIT_OK",
    "app",
    "cache_commands",
    "check",
    "entry",
    "main",
    "project_commands",
    "rules_commands",
]
