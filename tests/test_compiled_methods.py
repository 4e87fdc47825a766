"""The dataclass methods kept between runs (`compliance.compiled_methods`) make classes exactly
as `dataclasses` makes them, are read back only when valid, are kept only where Python keeps
bytecode, and are installed by the command alone."""

from __future__ import annotations

import dataclasses
import inspect
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from compliance import compiled_methods
from compliance.compiled_methods import CompiledMethods

ROOT = Path(__file__).resolve().parent.parent

# Written without `from __future__ import annotations`, so that the fields' types are objects
# and a stringified annotation on a generated method would show.
CLASSES = """
import dataclasses

@dataclasses.dataclass(frozen=True, order=True)
class Finding:
    rule: str
    count: int = 0
    rows: tuple[int, ...] = ()
    note: str = dataclasses.field(default="", repr=False, compare=False)

@dataclasses.dataclass(kw_only=True)
class Settings:
    width: int
    names: list[str] = dataclasses.field(default_factory=list)
"""

GENERATED = ("__init__", "__repr__", "__eq__", "__hash__", "__setattr__", "__delattr__", "__lt__")


def make_classes() -> dict[str, Any]:
    namespace: dict[str, Any] = {}
    exec(compile(CLASSES, "classes", "exec", dont_inherit=True), namespace)
    return namespace


@pytest.fixture
def through(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """`dataclasses` as the command has it, for one test; restored after it."""
    monkeypatch.setattr(sys, "dont_write_bytecode", False)
    yield


def made_with(methods: CompiledMethods, monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    with monkeypatch.context() as patch:
        patch.setattr(dataclasses, "exec", methods.exec, raising=False)
        return make_classes()


def test_kept_methods_make_the_classes_dataclasses_makes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, through: None
) -> None:
    path = tmp_path / "methods.bin"
    first = CompiledMethods(path)
    made_with(first, monkeypatch)
    first.save()
    second = CompiledMethods(path)
    kept = made_with(second, monkeypatch)
    assert second.kept and not second.compiled  # every method read back, none compiled again
    plain = make_classes()
    for name in ("Finding", "Settings"):
        kept_class, plain_class = kept[name], plain[name]
        for method in GENERATED:
            theirs = getattr(plain_class, method, None)
            if theirs is None or not hasattr(theirs, "__code__"):
                continue  # not generated for this class: object's own
            # `__repr__` comes wrapped against recursion; the generated code is inside.
            ours, theirs = inspect.unwrap(getattr(kept_class, method)), inspect.unwrap(theirs)
            assert ours.__code__.co_code == theirs.__code__.co_code, (name, method)
            assert ours.__code__.co_filename == theirs.__code__.co_filename == "<string>"
            # Compiled without this module's `from __future__ import annotations`.
            assert ours.__annotations__ == theirs.__annotations__, (name, method)
    finding, settings = kept["Finding"], kept["Settings"]
    assert finding.__init__.__annotations__["count"] is int
    one, other = finding("TG-01", 2), finding("TG-01", 2, note="x")
    assert one == other and hash(one) == hash(other)
    assert repr(one) == repr(plain["Finding"]("TG-01", 2))
    assert finding("A") < finding("B")
    with pytest.raises(dataclasses.FrozenInstanceError):
        one.rule = "other"
    assert settings(width=3).names == []
    assert settings(width=3).names is not settings(width=3).names


@pytest.mark.parametrize(
    "content",
    [b"", b"garbage", b"\x00" * 40, "header+truncated", "header+not-a-dict", "other-magic"],
)
def test_a_file_that_is_not_whole_and_ours_is_ignored_and_rebuilt(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, through: None, content: bytes | str
) -> None:
    import marshal

    header = compiled_methods._HEADER
    whole = header + marshal.dumps({"def f(): pass": compile("def f(): pass", "<string>", "exec")})
    data = (
        {
            "header+truncated": whole[:-5],
            "header+not-a-dict": header + marshal.dumps(["a list"]),
            "other-magic": b"\x00\x00" + whole[2:],
        }.get(content, content)
        if isinstance(content, str)
        else content
    )
    path = tmp_path / "methods.bin"
    path.write_bytes(data)
    methods = CompiledMethods(path)
    assert methods.kept == {}
    made_with(methods, monkeypatch)
    methods.save()
    assert CompiledMethods(path).kept.keys() == methods.compiled.keys() != set()


def test_nothing_is_written_where_python_writes_no_bytecode(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sys, "dont_write_bytecode", True)
    methods = CompiledMethods(tmp_path / "methods.bin")
    made_with(methods, monkeypatch)
    methods.save()
    assert methods.compiled and not (tmp_path / "methods.bin").exists()


def test_a_directory_that_cannot_be_written_only_means_compiling_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, through: None
) -> None:
    (tmp_path / "a-file").write_text("not a directory", encoding="utf-8")
    methods = CompiledMethods(tmp_path / "a-file" / "methods.bin")
    made_with(methods, monkeypatch)
    methods.save()  # no exception
    assert list(tmp_path.iterdir()) == [tmp_path / "a-file"]


def test_a_file_grown_too_big_keeps_only_what_the_last_run_used(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, through: None
) -> None:
    path = tmp_path / "methods.bin"
    old = CompiledMethods(path)
    for number in range(5):
        old.exec(f"def gone_{number}(): pass", {}, {})
    old.save()
    monkeypatch.setattr(compiled_methods, "MAX_ENTRIES", 5)
    methods = CompiledMethods(path)
    made_with(methods, monkeypatch)
    methods.save()
    kept = CompiledMethods(path).kept
    assert kept.keys() == methods.used.keys()
    assert not any("gone_" in source for source in kept)


def test_the_command_keeps_its_methods_beside_its_bytecode(tmp_path: Path) -> None:
    """Run as a user runs it: the first run writes the file under the bytecode directory, the
    second finds every method in it (the file stays as it was) and reports the same bytes;
    with PYTHONDONTWRITEBYTECODE nothing is written."""
    environment = {
        name: value for name, value in os.environ.items() if name != "PYTHONDONTWRITEBYTECODE"
    }
    environment["PYTHONPYCACHEPREFIX"] = str(tmp_path / "bytecode")

    def check(env: dict[str, str]) -> bytes:
        finished = subprocess.run(
            [sys.executable, "-m", "compliance", "check", "--format", "json"],
            cwd=ROOT,
            env=env,
            capture_output=True,
            timeout=300,
            check=False,
        )
        assert finished.returncode == 1, finished.stderr
        return finished.stdout

    first = check(environment)
    files = list((tmp_path / "bytecode").rglob("dataclass-methods.*.bin"))
    assert len(files) == 1
    # Under the prefix, the bytecode of the package directory (no __pycache__ there).
    assert files[0].parent == tmp_path / "bytecode" / (ROOT / "compliance").relative_to("/")
    written = files[0].read_bytes()
    assert len(CompiledMethods(files[0]).kept) > 100
    assert check(environment) == first
    assert files[0].read_bytes() == written

    no_bytecode = {**environment, "PYTHONDONTWRITEBYTECODE": "1"}
    no_bytecode["PYTHONPYCACHEPREFIX"] = str(tmp_path / "none")
    assert check(no_bytecode) == first
    assert not (tmp_path / "none").exists()


def test_only_the_command_changes_dataclasses() -> None:
    probe = (
        "import dataclasses, compliance.cli, compliance.api\n"
        "print('exec' in vars(dataclasses))\n"
        "import compliance.command\n"
        "print('exec' in vars(dataclasses))\n"
    )
    finished = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, timeout=60, check=True
    )
    assert finished.stdout.split() == ["False", "True"]
