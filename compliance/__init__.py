"""compliance: rules-as-data checks for Swedish municipal quality governance."""

from importlib.metadata import PackageNotFoundError, version


def tool_version() -> str:
    """The installed version; kept here, light to import, so `--version` loads nothing else."""
    try:
        return version("compliance")
    except PackageNotFoundError:  # pragma: no cover - running from an uninstalled source tree
        return "unknown"
