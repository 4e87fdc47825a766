"""The table libraries are loaded only when a table is read: YAML-only data never pays for them."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def loaded_modules(script: str, cwd: Path) -> set[str]:
    """The top-level modules loaded after running `script` in a fresh interpreter."""
    code = (
        textwrap.dedent(script)
        + "\nprint(' '.join(sorted({m.split('.')[0] for m in sys.modules})))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", "import sys\n" + code],
        cwd=cwd,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return set(result.stdout.split())


def test_loading_yaml_only_data_imports_neither_polars_nor_openpyxl(tmp_path: Path) -> None:
    modules = loaded_modules(
        """
        import compliance
        import compliance.api
        import compliance.data.tables
        from compliance.data.loader import load_dataset_text

        data = "kommun:\\n  id: k\\n  namn: Kommunen\\n"
        data += "nämnder:\\n  - id: sn\\n    namn: Socialnämnden\\n"
        dataset = load_dataset_text(data, "data.yaml")
        assert [n.id for n in dataset.organisation.nämnder] == ["sn"]
        """,
        tmp_path,
    )
    assert "compliance" in modules
    assert "polars" not in modules
    assert "openpyxl" not in modules


def test_reading_a_csv_table_does_not_import_openpyxl(tmp_path: Path) -> None:
    (tmp_path / "nämnder.csv").write_text("id;namn\nsn;Socialnämnden\n", encoding="utf-8")
    modules = loaded_modules(
        """
        from compliance.data.model import Nämnd
        from compliance.data.tables import read_table

        table = read_table("nämnder.csv", display="nämnder.csv", collection="nämnder", model=Nämnd)
        assert len(table) == 1
        """,
        tmp_path,
    )
    assert "polars" in modules
    assert "openpyxl" not in modules
