"""A pickle a planted cache file could hold: one that would run code when read."""

from __future__ import annotations

import os
from pathlib import Path


class RunsCode:
    """Pickles as "call os.mkdir(marker)"; the marker shows whether it was ever called."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self) -> tuple[object, tuple[str]]:
        return (os.mkdir, (str(self.marker),))
