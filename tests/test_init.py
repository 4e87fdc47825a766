"""`compliance init`, and the CI files around it: this repository's pre-commit hooks and action.

A new policy repository must pass its own lint, tests and check as written; `init` must never
overwrite a file; and the CI setups it writes, the ones in this repository and the copies in
docs/ci.md must agree with each other and with the command line that exists.
"""

from __future__ import annotations

import io
import json
import os
import re
import stat
import subprocess
import sys
from collections.abc import Iterator
from datetime import date
from pathlib import Path, PurePosixPath
from typing import Any

import jsonschema
import pytest
import yaml

from compliance.config import read_config
from compliance.diagnostics import InputError
from compliance.scaffold import command, run_init
from compliance.scaffold.templates import Template, templates
from tests.cli_process import run

ROOT = Path(__file__).resolve().parent.parent
EXPECTED_FILES = [
    "compliance.toml",
    "README.md",
    "policy_rules/exempel.rules",
    "policy_rules/exempel.test.yaml",
    "data/organisation.yaml",
    "undantag.yaml",
    ".pre-commit-config.yaml",
    ".github/workflows/compliance.yml",
    ".gitlab-ci.yml",
]
PLACEHOLDER = "ERSÄTT-MED-ÄGARE"
HOOK_IDS = ["compliance-check", "compliance-lint", "compliance-fmt"]


def init(directory: Path) -> str:
    out = io.StringIO()
    assert run_init(directory, out=out) == 0
    return out.getvalue()


def tree(directory: Path) -> dict[str, bytes]:
    return {
        path.relative_to(directory).as_posix(): path.read_bytes()
        for path in sorted(directory.rglob("*"))
        if path.is_file()
    }


def refusal(directory: Path) -> list[str]:
    """The `file:… message` of each diagnostic `init` refuses with; all must be E404."""
    with pytest.raises(InputError) as raised:
        init(directory)
    assert {d.code for d in raised.value.diagnostics} == {"E404"}
    return [d.message for d in raised.value.diagnostics]


def load_yaml(path: Path) -> Any:
    return yaml.safe_load(path.read_text("utf-8"))


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One scaffolded repository, shared by the tests that only read it or run commands in it."""
    directory = tmp_path_factory.mktemp("scaffold") / "kommunens-krav"
    init(directory)
    return directory


# ---------------------------------------------------------------- what init writes


def test_init_writes_every_file_and_says_which_and_what_to_run_next(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    output = init(Path("ny kommun"))
    assert sorted(tree(tmp_path / "ny kommun")) == sorted(EXPECTED_FILES)
    listed = [line.strip() for line in output.splitlines()[1:-1]]
    assert listed == EXPECTED_FILES
    assert output.splitlines()[0] == "Skapade 9 filer i ny kommun:"
    # The directory is quoted for the shell because of its space.
    assert output.splitlines()[-1] == "Kör sedan: cd 'ny kommun' && compliance check"


def test_init_in_the_current_directory_suggests_the_check_alone(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    output = init(Path("."))
    assert output.splitlines()[0] == "Skapade 9 filer i .:"
    assert output.splitlines()[-1] == "Kör sedan: compliance check"
    assert (tmp_path / "compliance.toml").is_file()


def test_init_creates_missing_parent_directories(tmp_path: Path) -> None:
    init(tmp_path / "a" / "b")
    assert sorted(tree(tmp_path / "a" / "b")) == sorted(EXPECTED_FILES)


def test_init_writes_the_same_bytes_every_time_with_unix_line_endings(tmp_path: Path) -> None:
    init(tmp_path / "first")
    init(tmp_path / "second")
    first = tree(tmp_path / "first")
    assert first == tree(tmp_path / "second")
    assert all(b"\r\n" not in text and text.endswith(b"\n") for text in first.values())
    assert not any(os.stat(tmp_path / "first" / name).st_mode & stat.S_IXUSR for name in first)


def test_the_templates_are_the_files_listed_in_order() -> None:
    assert [template.path.as_posix() for template in templates()] == EXPECTED_FILES


def test_compliance_init_on_the_command_line(tmp_path: Path) -> None:
    first = run("init", "ny", cwd=tmp_path)
    assert first.code == 0, first.stderr
    assert first.stdout.splitlines()[0] == "Skapade 9 filer i ny:"
    assert first.stdout.splitlines()[-1] == "Kör sedan: cd ny && compliance check"
    again = run("init", "ny", cwd=tmp_path)
    assert again.code == 2
    assert again.stderr.count("error[E404]") == len(EXPECTED_FILES)
    # Without DIR: the current directory.
    (tmp_path / "här").mkdir()
    here = run("init", cwd=tmp_path / "här")
    assert here.code == 0, here.stderr
    assert here.stdout.splitlines()[-1] == "Kör sedan: compliance check"


# ---------------------------------------------------------------- never overwrite


def test_init_refuses_when_one_file_exists_and_writes_nothing(tmp_path: Path) -> None:
    (tmp_path / "policy_rules").mkdir()
    (tmp_path / "policy_rules" / "exempel.rules").write_text("# mina regler\n", "utf-8")
    before = tree(tmp_path)
    messages = refusal(tmp_path)
    assert len(messages) == 1
    assert re.fullmatch(r"`\S*policy_rules/exempel\.rules` already exists.*", messages[0])
    assert tree(tmp_path) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["policy_rules"]


def test_a_second_init_lists_every_file_it_would_overwrite(tmp_path: Path) -> None:
    init(tmp_path)
    (tmp_path / "compliance.toml").write_text("# ändrad\n", "utf-8")
    before = tree(tmp_path)
    messages = refusal(tmp_path)
    assert len(messages) == len(EXPECTED_FILES)
    for name, text in zip(EXPECTED_FILES, messages, strict=True):
        assert f"{name}` already exists" in text
    assert tree(tmp_path) == before


def test_a_file_where_a_directory_goes_is_refused_once(tmp_path: Path) -> None:
    (tmp_path / "policy_rules").write_text("inte en katalog\n", "utf-8")
    messages = refusal(tmp_path)
    assert len(messages) == 1
    assert "policy_rules` is a file, where `compliance init` needs a directory" in messages[0]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["policy_rules"]


def test_a_file_given_as_the_directory_is_refused(tmp_path: Path) -> None:
    target = tmp_path / "fil.txt"
    target.write_text("x\n", "utf-8")
    (message,) = refusal(target)
    assert "fil.txt` is a file, where `compliance init` needs a directory" in message


def test_a_dangling_symlink_counts_as_an_existing_file(tmp_path: Path) -> None:
    (tmp_path / "README.md").symlink_to(tmp_path / "någon-annanstans.md")
    (message,) = refusal(tmp_path)
    assert "README.md` already exists" in message
    assert not (tmp_path / "någon-annanstans.md").exists()


def test_a_file_that_appears_while_writing_is_not_overwritten_and_the_rest_is_undone(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The second template is where the first one's folder went: from init's point of view,
    # something else created `x` between its check and its write.
    clashing = (Template(PurePosixPath("x/y.txt"), "y\n"), Template(PurePosixPath("x"), "x\n"))
    monkeypatch.setattr(command, "templates", lambda: clashing)
    target = tmp_path / "ny" / "katalog"
    (message,) = refusal(target)
    assert message.endswith("x`: it appeared while `compliance init` was writing")
    # Everything init made is gone again, the directories it created included.
    assert list(tmp_path.iterdir()) == []


# ---------------------------------------------------------------- passes its own checks


def test_the_new_repository_lints_clean(project: Path) -> None:
    result = run("lint", cwd=project)
    assert result.code == 0, result.stdout
    assert result.stdout.strip() == "1 rule file checked: 0 errors, 0 warnings"


def test_the_new_repositorys_rules_are_formatted(project: Path) -> None:
    # Otherwise the `compliance-fmt` hook would rewrite the example on its first commit.
    result = run("fmt", "--check", "policy_rules", cwd=project)
    assert result.code == 0, result.stdout + result.stderr


def test_the_new_repository_passes_its_rule_tests_with_full_coverage(project: Path) -> None:
    result = run("test", "--require-coverage", cwd=project)
    assert result.code == 0, result.stdout + result.stderr
    assert "✗" not in result.stdout
    assert "Täckning: alla 2 regler har fall som väntar både pass och fail." in result.stdout
    assert re.search(r"^[1-9]\d* passed, 0 failed$", result.stdout, re.M)


def test_the_new_repository_passes_its_check_with_the_ci_reports(project: Path) -> None:
    result = run(
        "check",
        "--format",
        "github",
        "--report",
        "sarif=compliance.sarif",
        "--report",
        "junit=compliance-junit.xml",
        cwd=project,
    )
    assert result.code == 0, result.stdout + result.stderr
    assert result.stderr == ""
    assert "::error" not in result.stdout and "::warning" not in result.stdout
    sarif = json.loads((project / "compliance.sarif").read_text("utf-8"))
    assert sarif["version"] == "2.1.0"
    results = sarif["runs"][0]["results"]
    # Three nämnder and three förvaltningar, every one of them passing.
    assert [(r["ruleId"], r["kind"]) for r in results] == [("EX-TG", "pass")] * 3 + [
        ("EX-ÅB", "pass")
    ] * 3
    assert "<testsuite" in (project / "compliance-junit.xml").read_text("utf-8")
    (project / "compliance.sarif").unlink()
    (project / "compliance-junit.xml").unlink()


def test_the_example_data_is_valid_against_compliance_schema(project: Path) -> None:
    schema = json.loads(run("schema", cwd=project).stdout)

    def as_json(value: Any) -> Any:
        if isinstance(value, dict):
            return {key: as_json(item) for key, item in value.items()}
        if isinstance(value, list):
            return [as_json(item) for item in value]
        return value.isoformat() if isinstance(value, date) else value

    data = as_json(load_yaml(project / "data" / "organisation.yaml"))
    jsonschema.validate(data, schema)
    assert data["nämnder"] and data["tjänstegarantier"] and data["rapporter"]


def test_the_config_names_the_waiver_file_and_shows_reports_commented(project: Path) -> None:
    config = read_config(project / "compliance.toml")
    assert config.waivers == project / "undantag.yaml"
    assert config.rules == (project / "policy_rules",)
    assert config.data == (project / "data" / "organisation.yaml",)
    assert (config.period, config.as_of, config.fail_on) == ("2025", "2026-06-30", "low")
    text = (project / "compliance.toml").read_text("utf-8")
    assert "\n# [reports]\n# sarif = " in text


def test_the_commented_waiver_example_is_a_valid_waiver_file(project: Path, tmp_path: Path) -> None:
    text = (project / "undantag.yaml").read_text("utf-8")
    assert load_yaml(project / "undantag.yaml") == {"undantag": []}
    example = "\n".join(
        line.removeprefix("# ")
        for line in text[text.index("# undantag:") :].splitlines()
        if line.startswith("# ")
    )
    waivers = tmp_path / "undantag.yaml"
    waivers.write_text(example + "\n", "utf-8")
    assert load_yaml(waivers)["undantag"][0]["regel"] == "EX-TG"
    result = run("check", "--waivers", waivers, "--format", "json", cwd=project)
    # Socialnämnden has its tjänstegaranti, so the example waiver is stale: a warning, exit 0.
    assert result.code == 0, result.stderr
    assert "warning[W504]" in result.stderr
    (stale,) = json.loads(result.stdout)["stale_waivers"]
    assert stale["rule"] == "EX-TG"


def test_the_readme_is_swedish_and_describes_every_file(project: Path) -> None:
    readme = (project / "README.md").read_text("utf-8")
    assert readme.startswith("# Kontroll av styrdokumentens krav\n")
    for name in EXPECTED_FILES[2:]:
        assert f"`{name}`" in readme, name


# ---------------------------------------------------------------- CI files of the new repository


def steps_of(workflow: dict[str, Any]) -> list[dict[str, Any]]:
    (job,) = workflow["jobs"].values()
    steps: list[dict[str, Any]] = job["steps"]
    return steps


def commands(text: str) -> list[str]:
    """The `compliance …` command lines in a YAML `run` or `script` value, spaces normalised."""
    return [
        " ".join(line.split())
        for line in text.splitlines()
        if line.strip().startswith("compliance ")
    ] or ([" ".join(text.split())] if text.strip().startswith("compliance ") else [])


def test_the_github_workflow_checks_uploads_sarif_and_fails_on_findings(project: Path) -> None:
    workflow = load_yaml(project / ".github" / "workflows" / "compliance.yml")
    # PyYAML reads the key `on` as the boolean true (YAML 1.1).
    assert "pull_request" in workflow[True]
    assert workflow["permissions"]["security-events"] == "write"
    steps = steps_of(workflow)
    uses = [step.get("uses", "") for step in steps]
    assert uses[:2] == ["actions/checkout@v4", "actions/setup-python@v5"]
    assert steps[1]["with"]["python-version"] == "3.11"
    runs = [command for step in steps if "run" in step for command in commands(step["run"])]
    assert runs == [
        "compliance lint",
        "compliance test --require-coverage",
        "compliance check --format github --report sarif=compliance.sarif "
        "--report junit=compliance-junit.xml",
    ]
    (upload,) = [step for step in steps if step.get("uses", "").startswith("github/codeql")]
    assert upload["uses"] == "github/codeql-action/upload-sarif@v3"
    assert upload["if"].startswith("always()")
    assert upload["with"]["sarif_file"] == "compliance.sarif"
    # Nothing swallows the check's exit code: the step itself fails the job.
    (check,) = [step for step in steps if "compliance check" in step.get("run", "")]
    assert "continue-on-error" not in check and "||" not in check["run"]


def test_the_gitlab_job_publishes_the_junit_report_it_writes(project: Path) -> None:
    job = load_yaml(project / ".gitlab-ci.yml")["compliance"]
    script = [command for line in job["script"] for command in commands(line)]
    assert script[-1] == (
        "compliance check --report junit=compliance-junit.xml --report sarif=compliance.sarif"
    )
    assert job["artifacts"]["reports"]["junit"] == "compliance-junit.xml"
    assert job["artifacts"]["when"] == "always"
    assert "compliance.sarif" in job["artifacts"]["paths"]


def test_the_new_repository_uses_this_repositorys_hooks(project: Path) -> None:
    config = load_yaml(project / ".pre-commit-config.yaml")
    (repo,) = config["repos"]
    assert repo["repo"] == f"https://github.com/{PLACEHOLDER}/compliance"
    assert repo["rev"] == "ERSÄTT-MED-VERSION"
    assert sorted(hook["id"] for hook in repo["hooks"]) == sorted(HOOK_IDS)


def test_installs_come_from_the_placeholder_repository_never_from_pypi(project: Path) -> None:
    for name in (".github/workflows/compliance.yml", ".gitlab-ci.yml"):
        text = (project / name).read_text("utf-8")
        assert f'"compliance @ git+https://github.com/{PLACEHOLDER}/compliance@v1"' in text
        assert 'pip install "$COMPLIANCE_PACKAGE"' in text
        assert not re.search(r"pip install\s+[\"']?compliance\b(?!\s*@)", text)


# ---------------------------------------------------------------- this repository's hooks


def compliance_help(*args: str) -> str:
    result = run(*args, "--help", cwd=ROOT)
    assert result.code == 0, result.stderr
    return result.stdout


def test_the_pre_commit_hooks_follow_the_manifest_schema() -> None:
    hooks = load_yaml(ROOT / ".pre-commit-hooks.yaml")
    assert isinstance(hooks, list)
    assert [hook["id"] for hook in hooks] == HOOK_IDS
    for hook in hooks:
        # The keys pre-commit requires of every hook in a manifest, and none it does not know.
        assert {"id", "name", "entry", "language"} <= hook.keys()
        assert hook.keys() <= {
            "id", "name", "entry", "language", "files", "exclude", "types", "pass_filenames",
            "description", "always_run", "require_serial", "args", "stages", "verbose",
            "minimum_pre_commit_version", "types_or", "exclude_types", "alias",
            "additional_dependencies", "language_version", "log_file", "fail_fast",
        }  # fmt: skip
        assert hook["language"] == "python"
        re.compile(hook["files"])
    by_id = {hook["id"]: hook for hook in hooks}
    assert by_id["compliance-check"]["pass_filenames"] is False
    assert by_id["compliance-lint"]["pass_filenames"] is False
    assert by_id["compliance-fmt"]["pass_filenames"] is True
    check_files = re.compile(by_id["compliance-check"]["files"])
    for name in ("policy_rules/x.rules", "data/org.yaml", "ci.yml", "compliance.toml"):
        assert check_files.search(name), name
    assert not check_files.search("README.md")
    for hook_id in ("compliance-lint", "compliance-fmt"):
        files = re.compile(by_id[hook_id]["files"])
        assert files.search("policy_rules/x.rules") and not files.search("data/org.yaml")


def test_every_hook_runs_a_command_that_exists() -> None:
    listed = compliance_help()
    for hook in load_yaml(ROOT / ".pre-commit-hooks.yaml"):
        program, subcommand = hook["entry"].split()
        assert program == "compliance"
        assert re.search(rf"^  {subcommand}\s", listed, re.M), f"no `compliance {subcommand}`"


# ---------------------------------------------------------------- this repository's action


def action() -> dict[str, Any]:
    loaded: dict[str, Any] = load_yaml(ROOT / "action.yml")
    return loaded


def test_the_action_is_composite_and_every_run_step_has_a_shell() -> None:
    spec = action()
    assert spec["runs"]["using"] == "composite"
    assert set(spec["inputs"]) == {
        "args", "working-directory", "python-version", "upload-sarif", "sarif-file",
    }  # fmt: skip
    assert spec["inputs"]["python-version"]["default"] == "3.11"
    assert spec["inputs"]["upload-sarif"]["default"] == "true"
    assert spec["inputs"]["sarif-file"]["default"] == "compliance.sarif"
    for step in spec["runs"]["steps"]:
        assert ("run" in step) != ("uses" in step), step
        if "run" in step:
            assert step["shell"] == "bash", step


def test_the_action_references_only_inputs_and_steps_it_has() -> None:
    spec = action()
    text = (ROOT / "action.yml").read_text("utf-8")
    assert set(re.findall(r"inputs\.([\w-]+)", text)) <= set(spec["inputs"])
    step_ids = {step["id"] for step in spec["runs"]["steps"] if "id" in step}
    assert set(re.findall(r"steps\.([\w-]+)\.outputs", text)) <= step_ids
    assert spec["outputs"]["exit-code"]["value"] == "${{ steps.check.outputs.exit-code }}"
    # Inputs are passed to scripts as environment variables, never pasted into their text.
    for step in spec["runs"]["steps"]:
        assert "inputs." not in step.get("run", ""), step["name"]


def test_the_action_uploads_sarif_when_asked_then_exits_with_the_checks_code() -> None:
    steps = action()["runs"]["steps"]
    assert steps[0]["uses"] == "actions/setup-python@v5"
    assert steps[1]["run"] == 'python -m pip install "${{ github.action_path }}"'
    check, upload, final = steps[2:]
    assert 'compliance check --format github --report "sarif=$SARIF_FILE"' in check["run"]
    assert upload["uses"] == "github/codeql-action/upload-sarif@v3"
    assert upload["if"].startswith("always() && inputs.upload-sarif == 'true'")
    assert final["env"]["EXIT_CODE"] == "${{ steps.check.outputs.exit-code }}"
    assert final["run"].startswith('exit "${EXIT_CODE')


@pytest.fixture()
def check_step(project: Path, tmp_path: Path) -> Iterator[Any]:
    """Runs the action's check step with bash as the runner would, in the scaffolded project."""
    (step,) = [s for s in action()["runs"]["steps"] if s.get("id") == "check"]
    script = tmp_path / "step.sh"
    script.write_text(step["run"], "utf-8")
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    shim = bin_dir / "compliance"
    shim.write_text(f'#!/bin/sh\nexec "{sys.executable}" -m compliance "$@"\n', "utf-8")
    shim.chmod(0o755)

    def run_step(args: str) -> tuple[int, dict[str, str]]:
        outputs = tmp_path / "github_output"
        outputs.write_text("", "utf-8")
        env = {
            **os.environ,
            "PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}",
            "GITHUB_OUTPUT": str(outputs),
            "COMPLIANCE_ARGS": args,
            "SARIF_FILE": "compliance.sarif",
        }
        # GitHub runs `shell: bash` steps as `bash --noprofile --norc -eo pipefail {0}`.
        result = subprocess.run(
            ["bash", "--noprofile", "--norc", "-eo", "pipefail", str(script)],
            cwd=project,
            env=env,
            capture_output=True,
            check=False,
            timeout=300,
        )
        lines = outputs.read_text("utf-8").splitlines()
        return result.returncode, dict(line.split("=", 1) for line in lines)

    yield run_step
    (project / "compliance.sarif").unlink(missing_ok=True)


def test_the_action_check_step_keeps_the_exit_code_and_points_at_the_sarif(
    check_step: Any, project: Path
) -> None:
    code, outputs = check_step("")
    assert code == 0
    assert outputs == {"exit-code": "0", "sarif-path": str(project / "compliance.sarif")}
    assert json.loads((project / "compliance.sarif").read_text("utf-8"))["version"] == "2.1.0"


def test_the_action_check_step_reports_bad_input_without_a_stale_sarif(
    check_step: Any, project: Path
) -> None:
    check_step("")
    assert (project / "compliance.sarif").is_file()
    # The step itself succeeds so that the upload can run; the exit code travels as an output.
    code, outputs = check_step("--period inte-en-period")
    assert code == 0
    assert outputs == {"exit-code": "2"}
    assert not (project / "compliance.sarif").exists()


# ---------------------------------------------------------------- docs/ci.md


def doc_blocks(language: str) -> list[str]:
    text = (ROOT / "docs" / "ci.md").read_text("utf-8")
    return re.findall(rf"```{language}\n(.*?)```", text, re.S)


def doc_yaml(first_line: str, containing: str = "") -> Any:
    (block,) = [
        b for b in doc_blocks("yaml") if b.startswith(first_line + "\n") and containing in b
    ]
    return yaml.safe_load(block)


def test_the_docs_workflow_without_the_action_is_the_one_init_writes(project: Path) -> None:
    documented = steps_of(doc_yaml("# .github/workflows/compliance.yml", "COMPLIANCE_PACKAGE"))
    written = steps_of(load_yaml(project / ".github" / "workflows" / "compliance.yml"))

    def shape(steps: list[dict[str, Any]]) -> list[tuple[str, str, str]]:
        return [
            (s.get("uses", ""), " ".join(s.get("run", "").split()), s.get("if", "")) for s in steps
        ]

    assert shape(documented) == shape(written)


def test_the_docs_workflow_with_the_action_passes_known_inputs() -> None:
    steps = steps_of(doc_yaml("# .github/workflows/compliance.yml", "with:\n          args"))
    (step,) = [s for s in steps if s.get("uses", "").endswith("/compliance@v1")]
    assert step["uses"] == f"{PLACEHOLDER}/compliance@v1"
    assert set(step["with"]) <= set(action()["inputs"])


def test_the_docs_gitlab_job_and_pre_commit_config_are_the_ones_init_writes(
    project: Path,
) -> None:
    assert (
        doc_yaml("# .gitlab-ci.yml")["compliance"]["script"]
        == load_yaml(project / ".gitlab-ci.yml")["compliance"]["script"]
    )
    (repo,) = doc_yaml("# .pre-commit-config.yaml")["repos"]
    assert [hook["id"] for hook in repo["hooks"]] == [
        hook["id"] for hook in load_yaml(project / ".pre-commit-config.yaml")["repos"][0]["hooks"]
    ]


def test_every_flag_in_the_docs_examples_exists_and_the_design_flags_are_all_there() -> None:
    text = (ROOT / "docs" / "ci.md").read_text("utf-8")
    used: dict[str, set[str]] = {}
    for block in doc_blocks("sh") + doc_blocks("yaml"):
        for line in block.splitlines():
            found = re.search(r"compliance (check|lint|test|fmt)\b(.*)", line)
            if found:
                flags = re.findall(r"(?<![\w-])--[a-z][a-z-]*", found.group(2))
                used.setdefault(found.group(1), set()).update(flags)
    assert {"check", "lint", "test", "fmt"} <= used.keys()
    for subcommand, flags in sorted(used.items()):
        help_text = compliance_help(subcommand)
        for flag in sorted(flags):
            assert flag in help_text, f"`compliance {subcommand} {flag}`"
    for flag in ("--format", "--output", "--report", "--waivers", "--baseline", "--fail-on"):
        assert f"`{flag}" in text, flag
