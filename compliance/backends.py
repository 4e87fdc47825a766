"""The evaluation backends a run can choose (`--backend`, `backend =` in compliance.toml).

`row` evaluates one entity at a time; `column` computes quantifiers and aggregates over a data
collection on whole columns (polars). `auto` takes the column-wise backend when a table was
loaded, so data written in YAML never pays for importing the column libraries.
"""

from __future__ import annotations

BACKENDS = ("auto", "row", "column")
DEFAULT_BACKEND = "auto"
