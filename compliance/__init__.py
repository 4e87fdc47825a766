"""compliance: rules-as-data checks for Swedish municipal quality governance."""

from functools import cache


@cache
def tool_version() -> str:
    """The installed version; kept here, light to import, so `--version` loads nothing else.

    `importlib.metadata` is imported on the first call only: it is slow to import, and most
    commands (`--help`, `lint`) never ask for the version."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("compliance")
    except PackageNotFoundError:  # pragma: no cover - running from an uninstalled source tree
        return "unknown"
