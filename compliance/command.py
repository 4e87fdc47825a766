"""The `compliance` command as a process: the console script and `python -m compliance`.

The compiled dataclass methods are put in place (`compiled_methods`) before anything that
defines a dataclass is imported, then `cli.entry` runs the command. Importing `compliance` or
`compliance.cli` as a library does neither.
"""

from compliance import compiled_methods

compiled_methods.install()

from compliance.cli import entry  # noqa: E402 - after `install`, for every dataclass to use it

__all__ = ["entry"]
