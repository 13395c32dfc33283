"""Issue 14 (and issue 11, classes 11, 12 and 22): repository-relative SARIF and annotations,
untrusted text escaped in every lint format, a full disk, capped code frames, meta-code docs,
checklist gates, and an editor schema that resolves."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest

from tests.conftest import ROOT

FLAWED = "examples/flawed-chat.yaml"
SARIF_SCHEMA = ROOT.parent / "shared" / "schemas" / "sarif-schema-2.1.0.json"


def run(*args: str, cwd: Path = ROOT, stdout=None, **env: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "rtdiagram", *args], cwd=cwd, text=True, stderr=subprocess.PIPE,
                          stdout=stdout or subprocess.PIPE,
                          env={"PATH": "/usr/bin:/bin", "NO_COLOR": "1", "COLUMNS": "100",
                               "PYTHONPATH": str(ROOT), **env})


@pytest.fixture(scope="module")
def sarif_validator() -> jsonschema.Draft7Validator:
    if not SARIF_SCHEMA.exists():
        pytest.skip("../shared/schemas/sarif-schema-2.1.0.json is not beside the checkout")
    return jsonschema.Draft7Validator(json.loads(SARIF_SCHEMA.read_text()))


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A repository (a .git folder is what marks the root) with a model two folders down."""
    (tmp_path / ".git").mkdir()
    (tmp_path / "designs" / "chat").mkdir(parents=True)
    shutil.copy(ROOT / FLAWED, tmp_path / "designs" / "chat" / "flawed chat.yaml")
    (tmp_path / "docs").mkdir()
    return tmp_path


def _uris(document: dict) -> set[str]:
    return {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in document["runs"][0]["results"]}


@pytest.mark.parametrize("cwd", ["docs", "designs/chat", "."])
def test_sarif_paths_are_relative_to_the_git_root_from_any_folder(repo: Path, cwd: str, sarif_validator) -> None:
    model = os.path.relpath(repo / "designs" / "chat" / "flawed chat.yaml", repo / cwd)
    result = run("lint", model, "--format", "sarif", cwd=repo / cwd)
    document = json.loads(result.stdout)
    assert not list(sarif_validator.iter_errors(document))
    assert _uris(document) == {"designs/chat/flawed%20chat.yaml"}
    run_ = document["runs"][0]
    assert set(run_["originalUriBaseIds"]) == {"%SRCROOT%"}
    assert all(r["locations"][0]["physicalLocation"]["artifactLocation"]["uriBaseId"] == "%SRCROOT%"
               for r in run_["results"])


def test_sarif_fingerprints_do_not_depend_on_the_working_directory(repo: Path) -> None:
    def prints(cwd: Path, model: str) -> list[str]:
        document = json.loads(run("lint", model, "--format", "sarif", cwd=cwd).stdout)
        return [r["partialFingerprints"]["rtdiagram/v1"] for r in document["runs"][0]["results"]]

    assert prints(repo, "designs/chat/flawed chat.yaml") == prints(repo / "docs", "../designs/chat/flawed chat.yaml")


def test_github_annotations_are_relative_to_the_git_root(repo: Path) -> None:
    result = run("lint", "../designs/chat/flawed chat.yaml", "--format", "github", cwd=repo / "docs")
    files = set(re.findall(r"file=([^,]*),", result.stdout))
    assert files == {"designs/chat/flawed chat.yaml"}


def test_root_option_overrides_the_git_root(repo: Path) -> None:
    result = run("lint", "designs/chat/flawed chat.yaml", "--format", "sarif", "--root", "designs", cwd=repo)
    assert _uris(json.loads(result.stdout)) == {"chat/flawed%20chat.yaml"}


# --- untrusted text (issue 11, classes 11 and 12) ----------------------------------------------

EVIL_NAME = "evil\n::error file=x.yaml::pwned\x1b[31m.yaml"


@pytest.fixture
def evil(tmp_path: Path) -> Path:
    (tmp_path / EVIL_NAME).write_bytes((ROOT / FLAWED).read_bytes())
    return tmp_path


@pytest.mark.parametrize("fmt", ["text", "concise", "markdown", "github"])
def test_a_hostile_file_name_cannot_inject_workflow_commands(evil: Path, fmt: str) -> None:
    result = run("lint", EVIL_NAME, "--format", fmt, cwd=evil)
    assert result.returncode == 1, result.stderr
    assert "\x1b" not in result.stdout
    injected = [line for line in result.stdout.splitlines() if line.startswith("::error file=x.yaml")]
    assert injected == []
    if fmt == "github":
        lines = result.stdout.splitlines()
        assert all(re.match(r"::(error|warning|notice) file=evil%0A%3A%3Aerror file=x.yaml%3A%3Apwned", line) for line in lines)
    else:
        assert "evil\\n::error" in result.stdout


def test_control_characters_from_the_model_are_escaped_on_a_terminal(tmp_path: Path) -> None:
    text = (ROOT / FLAWED).read_text().replace("system:", "# \x1b]0;owned\x07\nsystem:", 1)
    (tmp_path / "m.yaml").write_text(text + "\n  - {id: x, kind: nope\x1b[2J}\n")
    result = run("validate", "m.yaml", "--color", "always", cwd=tmp_path)
    assert result.returncode == 2
    plain = re.sub(r"\x1b\[[0-9;]*m", "", result.stdout)  # rtdiagram's own colours
    assert "\x1b" not in plain and "\x07" not in plain


def test_escaping_helpers() -> None:
    from rtdiagram.model.safetext import escape_controls, line_start, terminal_text

    assert escape_controls("a\x1b[2Jb\x9b\x00\n") == "a\\e[2Jb\\x9b\\x00\\n"
    assert terminal_text("ok\n::error::x\n") == "ok\n\\::error::x\n"
    assert line_start("::x.yaml") == "./::x.yaml"


# --- a full disk (issue 11, class 22) ---------------------------------------------------------

@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full")
@pytest.mark.parametrize("args", [["lint", FLAWED], ["lint", FLAWED, "--format", "sarif"], ["rules", "--format", "json"],
                                  ["schema"], ["new", "-p", "chat"]])
def test_stdout_on_a_full_disk_is_one_clear_error(args: list[str]) -> None:
    with open("/dev/full", "w") as full:
        result = run(*args, stdout=full)
    assert result.returncode == 2
    assert result.stderr.splitlines()[0] == "error: cannot write the output: No space left on device"
    assert "internal error" not in result.stderr and "Traceback" not in result.stderr
    assert "Exception ignored" not in result.stderr


# --- many diagnostics on a terminal -------------------------------------------------------------

def test_code_frames_are_capped(capsys) -> None:
    from rtdiagram.cli import console
    from rtdiagram.model.diagnostics import Diagnostic, Position

    items = [(Diagnostic("M101", f"problem {i}", file="m.yaml", start=Position(1, 1)), "a: 1\n") for i in range(250)]
    console._print_diagnostics(console.PlainConsole(), items, frames=True)
    out = capsys.readouterr().out
    assert out.count("error[M101]") == console.MAX_FRAMES
    assert out.rstrip().endswith("… 50 more not shown; use --format concise or redirect the output to see every one")


# --- explain for meta-codes ---------------------------------------------------------------------

@pytest.mark.parametrize("code", ["X100", "X101", "X102", "X103", "unused-suppression"])
def test_meta_codes_are_explained(code: str) -> None:
    result = run("explain", code)
    assert result.returncode == 0, result.stderr
    assert re.match(r"# [a-z-]+ \(X10[0-3]\)", result.stdout) and "## What it does" in result.stdout
    assert json.loads(run("explain", code, "--format", "json").stdout)["code"].startswith("X10")


def test_explain_meta_golden(golden) -> None:
    golden(run("explain", "X101").stdout, "cli/explain-X101.md")


def test_sarif_meta_help_points_at_a_working_command() -> None:
    document = json.loads(run("lint", FLAWED, "--format", "sarif").stdout)
    helps = [r["help"]["text"] for r in document["runs"][0]["tool"]["driver"]["rules"] if r["id"].startswith("X")]
    for text in helps:
        code = re.search(r"rtdiagram explain (X\d+)", text).group(1)
        assert run("explain", code).returncode == 0


# --- checklist gates ----------------------------------------------------------------------------

def test_checklist_fail_on() -> None:
    from rtdiagram.analysis.gating import checklist_exit_code, failing

    class Item:
        def __init__(self, status: str) -> None:
            self.status = status

    items = [Item("addressed"), Item("partially"), Item("not applicable")]
    assert checklist_exit_code(items, "partially") == 1
    assert checklist_exit_code(items, "missing") == 0
    assert checklist_exit_code(items + [Item("not stated")], "not-stated") == 1
    assert checklist_exit_code(items + [Item("missing")], "never") == 0
    assert failing([Item("some new verdict")], "partially")  # unknown verdicts are not "addressed"


def test_checklist_fail_on_exit_codes() -> None:
    assert run("checklist", FLAWED).returncode == 0  # no gate by default
    assert run("checklist", FLAWED, "--fail-on", "missing", "--format", "json").returncode == 1
    assert run("checklist", "examples/collab-editor.yaml", "--fail-on", "missing").returncode == 0
    assert run("checklist", FLAWED, "--fail-on", "sometimes").returncode == 2


# --- the editor schema --------------------------------------------------------------------------

def test_schema_path_is_the_shipped_schema() -> None:
    result = run("schema", "--path")
    path = Path(result.stdout.strip())
    assert result.returncode == 0 and path.is_file() and path.name == "rtdiagram.schema.json"
    assert json.loads(path.read_text())["$id"].endswith("rtdiagram.schema.json")


def test_new_writes_a_modeline_that_resolves(tmp_path: Path) -> None:
    result = run("new", "-p", "chat", "-o", str(tmp_path / "chat.rtdiagram.yaml"))
    assert result.returncode == 0, result.stderr
    first = (tmp_path / "chat.rtdiagram.yaml").read_text().splitlines()[0]
    assert first.startswith("# yaml-language-server: $schema=file://")
    from urllib.parse import unquote, urlparse

    assert Path(unquote(urlparse(first.split("$schema=", 1)[1]).path)).is_file()
    custom = run("new", "-p", "chat", "--schema", "https://example.com/s.json").stdout.splitlines()[0]
    assert custom == "# yaml-language-server: $schema=https://example.com/s.json"


def test_pattern_templates_point_at_the_shipped_schema() -> None:
    for template in sorted((ROOT / "templates" / "patterns").glob("*.yaml")):
        first = template.read_text().splitlines()[0]
        target = first.split("$schema=", 1)[1]
        assert (template.parent / target).resolve() == (ROOT / "schemas" / "rtdiagram.schema.json"), template


def test_schema_is_editor_friendly() -> None:
    from rtdiagram.model.jsonschema import STEP_MESSAGE, _walk, json_schema

    schema = json_schema()
    assert "title" not in schema  # the YAML language server repeats the nearest title on every hover
    steps = [n for n in _walk(schema) if isinstance(n.get("pattern"), str) and "--?>" in n["pattern"]]
    assert steps and all(n["patternErrorMessage"] == STEP_MESSAGE for n in steps)
    catalog = json.loads(run("schema", "--catalog").stdout)
    assert catalog["schemas"][0]["fileMatch"] == ["*.rtdiagram.yaml", "*.rtdiagram.yml"]


# --- rtdiagram tech (issue 9's request) -----------------------------------------------------------

def test_tech_describes_lists_and_filters(golden) -> None:
    described = run("tech", "Socket.IO")
    assert described.returncode == 0 and described.stdout.startswith("Socket.IO  (socketio)")
    listing = run("tech").stdout.splitlines()
    assert len(listing) > 20 and any(line.startswith("socketio ") for line in listing)
    brokers = run("tech", "--category", "broker").stdout.splitlines()
    assert brokers and len(brokers) < len(listing)
    unknown = run("tech", "--category", "brokr")
    assert unknown.returncode == 2 and "did you mean 'broker'?" in unknown.stderr
    assert "is not in the knowledge base" in run("tech", "no-such-thing").stdout
