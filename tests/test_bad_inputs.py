"""The catalogue of bad inputs: every case ends in located diagnostics and exit 2, nothing else.

Each file in tests/bad_inputs/ is one case (the format is in tests/bad_inputs/README.md): the
files of a small project, the command a user would type, and the diagnostics it must print. The
case runs through the real command line, and afterwards every input file must be exactly as it
was: same bytes, same modification time, no file added or removed next to it.
"""

from __future__ import annotations

import base64
import builtins
import hashlib
import os
import shlex
import shutil
import stat
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml
from cli_process import Run, run

from compliance.checker.expressions import MAX_DEPTH as CHECK_DEPTH
from compliance.data import codes
from compliance.data.limits import MAX_ALIASES, MAX_DEPTH, MAX_FILE_BYTES, MAX_NODES, Limits
from compliance.data.loader import load_dataset
from compliance.diagnostics import InputError
from compliance.syntax.limits import MAX_DURATION, MAX_RULE_FILE_BYTES
from compliance.syntax.parser import parse_rule_file

CATALOGUE = Path(__file__).parent / "bad_inputs"
PROJECT = CATALOGUE / "project"
CASES = sorted(CATALOGUE.glob("*.yaml"))
EXIT_INPUT = 2
CASE_KEYS = {"description", "command", "files", "expect", "only", "pending"}
EXPECT_KEYS = {"code", "message", "at"}


@dataclass(frozen=True)
class Expected:
    code: str
    message: str
    at: str | None


def load_case(path: Path) -> dict[str, Any]:
    case = yaml.safe_load(path.read_text("utf-8"))
    assert isinstance(case, dict), f"{path.name}: a case is a mapping"
    assert set(case) <= CASE_KEYS, f"{path.name}: unknown keys {set(case) - CASE_KEYS}"
    return case


def expectations(case: dict[str, Any]) -> list[Expected]:
    found = []
    for item in case["expect"]:
        assert set(item) <= EXPECT_KEYS and {"code", "message"} <= set(item), item
        found.append(Expected(item["code"], item["message"], item.get("at")))
    return found


# ---------------------------------------------------------------- building the project


def build_project(directory: Path, files: dict[str, Any]) -> bool:
    """The base project plus the case's files; True when a file must be made unreadable."""
    shutil.copytree(PROJECT, directory, dirs_exist_ok=True)
    unreadable = False
    for name, spec in (files or {}).items():
        target = directory / name
        target.parent.mkdir(parents=True, exist_ok=True)
        if target.is_file():
            target.unlink()
        unreadable |= write_file(target, spec, directory)
    return unreadable


def write_file(target: Path, spec: Any, directory: Path) -> bool:
    if isinstance(spec, str):
        target.write_bytes(spec.encode("utf-8"))
        return False
    assert isinstance(spec, dict), f"{target.name}: a file is a text or a mapping"
    if spec.get("directory"):
        target.mkdir()
    elif spec.get("fifo"):
        os.mkfifo(target)
    elif "sparse_bytes" in spec:
        # Sparse: the size is real for stat(), but nothing is written to the disk.
        with target.open("wb") as handle:
            handle.truncate(int(spec["sparse_bytes"]))
    elif "base64" in spec:
        target.write_bytes(base64.b64decode(spec["base64"]))
    elif "hard_link_to" in spec:
        os.link(directory / spec["hard_link_to"], target)
    elif "text" in spec:
        target.write_bytes(str(spec["text"]).encode(spec.get("encoding", "utf-8")))
    else:
        raise AssertionError(f"{target.name}: unknown file kind {sorted(spec)}")
    if spec.get("unreadable"):
        target.chmod(0)
        return True
    return False


def snapshot(directory: Path) -> dict[str, tuple[str, int] | str]:
    """Every entry under `directory`: regular files by content digest and mtime."""
    entries: dict[str, tuple[str, int] | str] = {}
    for path in sorted(directory.rglob("*")):
        name = path.relative_to(directory).as_posix()
        info = path.lstat()
        if stat.S_ISREG(info.st_mode):
            # Read through a descriptor opened for reading only; unreadable files are chmod
            # back for the snapshot and restored, which must not count as a change.
            mode = stat.S_IMODE(info.st_mode)
            if mode == 0:
                path.chmod(0o600)
            digest = hashlib.sha256(path.read_bytes()).hexdigest()
            if mode == 0:
                os.chmod(path, 0)
                os.utime(path, ns=(info.st_atime_ns, info.st_mtime_ns))
            entries[name] = (digest, info.st_mtime_ns)
        else:
            entries[name] = stat.filemode(info.st_mode)[0]
    return entries


# ---------------------------------------------------------------- running


def run_cli(args: list[str], cwd: Path, unreadable: bool) -> Run:
    if not unreadable or os.geteuid() != 0:
        return run(*args, cwd=cwd)
    # chmod 000 does not stop root: drop the two capabilities that let root read anything.
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        pytest.skip("running as root without setpriv; test_unreadable_* below cover this")
    caps = "-dac_override,-dac_read_search"
    without_caps = [setpriv, f"--inh-caps={caps}", f"--bounding-set={caps}"]
    result = subprocess.run(
        [*without_caps, sys.executable, "-m", "compliance", *args],
        cwd=cwd,
        capture_output=True,
        timeout=300,
        env={**os.environ, "COLUMNS": "60"},
        check=False,
    )
    stdout, stderr = result.stdout.decode("utf-8"), result.stderr.decode("utf-8")
    assert "Traceback" not in stderr, stderr
    return Run(result.returncode, stdout, stderr)


def heads(stderr: str) -> list[str]:
    """The first line of each diagnostic: `file:line:col: error[E123]: message`."""
    return [line for line in stderr.splitlines() if "error[" in line and not line[:1].isspace()]


@pytest.mark.parametrize("path", CASES, ids=[p.stem for p in CASES])
def test_bad_input(path: Path, tmp_path: Path, request: pytest.FixtureRequest) -> None:
    case = load_case(path)
    if case.get("pending"):
        # A known gap in code this catalogue does not own. Strict: once it is fixed the case
        # passes, the run fails, and the `pending` line must be removed.
        request.applymarker(pytest.mark.xfail(reason=case["pending"], strict=True))
    directory = tmp_path / "project"
    unreadable = build_project(directory, case.get("files") or {})
    before = snapshot(directory)

    result = run_cli(shlex.split(case["command"]), directory, unreadable)

    assert result.code == EXIT_INPUT, f"exit {result.code}\n{result.stdout}\n{result.stderr}"
    assert "Traceback" not in result.stderr
    assert "internal error" not in result.stderr.lower()
    assert "E399" not in result.stderr
    found = heads(result.stderr)
    for expected in expectations(case):
        prefix = f"{expected.at}: " if expected.at else ""
        head = f"{prefix}error[{expected.code}]: "
        matching = [
            line
            for line in found
            if (line.startswith(head) if expected.at else head in line) and expected.message in line
        ]
        assert matching, f"no `{head}…{expected.message}…` in:\n{result.stderr}"
    if case.get("only", True):
        assert len(found) == len(case["expect"]), f"other errors too:\n{result.stderr}"
    assert snapshot(directory) == before, "an input file was changed, added or removed"


def test_every_case_is_described_and_distinct() -> None:
    assert len(CASES) >= 60
    commands = set()
    for path in CASES:
        case = load_case(path)
        assert case.get("description"), f"{path.name} says what it shows"
        assert case.get("expect"), f"{path.name} expects at least one diagnostic"
        assert case["command"].split()[0] in ("check", "lint", "explain", "test")
        key = (case["command"], yaml.safe_dump(case.get("files"), sort_keys=True))
        assert key not in commands, f"{path.name} repeats another case"
        commands.add(key)


# ---------------------------------------------------------------- unreadable, in-process
# These hold whoever runs the tests: root reads files whatever their mode, so the refusal of
# the operating system is simulated at `open`.


@pytest.fixture
def refused_open(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    monkeypatch.chdir(tmp_path)
    shutil.copytree(PROJECT, tmp_path, dirs_exist_ok=True)
    real_open = builtins.open

    def refusing(file: Any, *args: Any, **kwargs: Any) -> Any:
        if Path(str(file)).name in ("organisation.yaml", "policy.rules"):
            raise PermissionError(13, "Permission denied", str(file))
        return real_open(file, *args, **kwargs)

    monkeypatch.setattr(builtins, "open", refusing)
    # Path.open and Path.read_bytes go through io.open, which is builtins.open.
    monkeypatch.setattr("io.open", refusing)
    return tmp_path


def test_unreadable_data_file_is_e303(refused_open: Path) -> None:
    with pytest.raises(InputError) as caught:
        load_dataset(["organisation.yaml"])
    [diagnostic] = caught.value.diagnostics
    assert diagnostic.code == codes.UNREADABLE
    assert diagnostic.message == "cannot read `organisation.yaml`: permission denied"
    assert diagnostic.file == "organisation.yaml"


def test_unreadable_rule_file_is_e110(refused_open: Path) -> None:
    with pytest.raises(InputError) as caught:
        parse_rule_file("policy.rules")
    [diagnostic] = caught.value.diagnostics
    assert diagnostic.code == "E110"
    assert diagnostic.message == "cannot read rule file `policy.rules`: permission denied"


# ---------------------------------------------------------------- limits, in-process


def test_a_data_file_with_too_many_values_is_refused_where_it_crosses_the_limit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The real limit is a million values; a smaller one shows the same refusal quickly.
    monkeypatch.chdir(tmp_path)
    entries = "".join(f"  - {{id: n{i}, namn: Nämnd {i}}}\n" for i in range(10))
    (tmp_path / "data.yaml").write_text(f"kommun: {{id: k, namn: K}}\nnämnder:\n{entries}")
    with pytest.raises(InputError) as caught:
        load_dataset(["data.yaml"], limits=Limits(max_nodes=30))
    [diagnostic] = caught.value.diagnostics
    assert diagnostic.code == codes.TOO_LARGE
    assert diagnostic.message.startswith("the file has more than 30 values")
    assert str(diagnostic.span) == "data.yaml:7:6"
    load_dataset(["data.yaml"], limits=Limits(max_nodes=70))


def test_nothing_from_an_input_is_ever_executed() -> None:
    # Rule files have their own interpreter and YAML is only composed into nodes: the
    # package never hands text to Python or to a constructing YAML loader.
    # The one unpickler reads the user's own cache files and resolves only the program's own
    # classes (`cache_codec`, tested in test_rule_cache.py and test_data_cache.py).
    # The one `exec` runs what `dataclasses` asks it to, compiled from the text `dataclasses`
    # wrote, now or in an earlier run with the code kept beside the package's bytecode, never
    # in the user's cache (`compiled_methods`, tested in test_compiled_methods.py).
    allowed = {
        ("cache_codec.py", "pickle"),
        ("compiled_methods.py", "exec("),
        ("compiled_methods.py", "marshal"),
    }
    forbidden = (
        "eval(", "exec(", "pickle", "marshal", "yaml.load(", "yaml.unsafe_load", "__import__("
    )  # fmt: skip
    package = Path(__file__).parent.parent / "compliance"
    for path in sorted(package.rglob("*.py")):
        text = path.read_text("utf-8")
        for word in forbidden:
            if (path.name, word) not in allowed:
                assert word not in text, f"{path.name} uses {word}"
    codec = (package / "cache_codec.py").read_text("utf-8")
    assert "def find_class(" in codec and "pickle.loads(" not in codec
    methods = (package / "compiled_methods.py").read_text("utf-8")
    assert "user_cache" not in methods and "cache_from_source(__file__)" in methods


# ---------------------------------------------------------------- docs/reliability.md


def test_reliability_doc_lists_every_case_and_limit() -> None:
    document = (Path(__file__).parent.parent / "docs" / "reliability.md").read_text("utf-8")
    for path in CASES:
        case = load_case(path)
        codes_of_case = ", ".join(dict.fromkeys(e["code"] for e in case["expect"]))
        pending = " *(pending)*" if case.get("pending") else ""
        assert f"| `{path.stem}` | {codes_of_case}{pending} |" in document, path.stem
    mebibyte = 1024 * 1024
    limits = [
        f"| data file | size | {MAX_FILE_BYTES // mebibyte} MiB |",
        f"| {MAX_NODES:,} | `MAX_NODES` | E304 |",
        f"| {MAX_ALIASES:,} | `MAX_ALIASES` | E314 |",
        f"| {MAX_DEPTH} levels | `MAX_DEPTH` | E313 |",
        f"| {MAX_RULE_FILE_BYTES // mebibyte} MiB ({MAX_RULE_FILE_BYTES:,} bytes) |",
        f"| {CHECK_DEPTH} levels | `compliance/checker/expressions.py` `MAX_DEPTH` | E214 |",
        ", ".join(
            f"{MAX_DURATION[unit]:,} {word}"
            for unit, word in zip(
                MAX_DURATION, ("dagar", "arbetsdagar", "månader", "år"), strict=True
            )
        ),
    ]
    for row in limits:
        assert row in document, row
