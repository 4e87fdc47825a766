"""Waivers (undantag): accepted deviations, read from a YAML file and applied to a report."""

from compliance.waivers.applying import apply_waivers
from compliance.waivers.reading import Waiver, read_waivers

__all__ = ["Waiver", "apply_waivers", "read_waivers"]
