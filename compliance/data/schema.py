"""The JSON Schema of a data file, for editors and for `compliance schema`.

It is generated from the pydantic models, so it cannot drift from what the loader accepts;
what it cannot express (ids that must exist, one `kommun` across files, date order) is
checked by the loader and described in docs/data-model.md.
"""

from __future__ import annotations

import json
from typing import Any

from compliance.data.model import Organisation

SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"
SCHEMA_ID = "urn:compliance:schema:data-file"
SCHEMA_TITLE = "Organisationsdata: a data file for the compliance checker"


def data_json_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) that one data file satisfies."""
    generated = Organisation.model_json_schema()
    # The identifying keywords first, for readers of the unsorted dict; the rendered text
    # is sorted anyway.
    return {"$schema": SCHEMA_DIALECT, "$id": SCHEMA_ID, **generated, "title": SCHEMA_TITLE}


def render_data_schema() -> str:
    """The schema as deterministic JSON text: sorted keys, two-space indent, final newline."""
    return json.dumps(data_json_schema(), sort_keys=True, indent=2, ensure_ascii=False) + "\n"
