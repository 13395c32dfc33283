"""Issue 14: clean --help (click-style metavars, no Python types, examples kept), fast --help,
and shell completion."""

from __future__ import annotations

import os
import re
import subprocess
import sys

import pytest

from tests.conftest import ROOT

COMMANDS = ["", "render", "lint", "rules", "explain", "tech", "checklist", "diff", "capacity", "report",
            "validate", "schema", "draft", "prompt", "new", "import", "export"]


def run(*args: str, **env: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "rtdiagram", *args], cwd=ROOT, capture_output=True, text=True,
                          env={"PATH": "/usr/bin:/bin", "NO_COLOR": "1", "COLUMNS": "100", **env})


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: c or "main")
def test_help_golden(command: str, golden) -> None:
    result = run(*([command] if command else []), "--help")
    assert result.returncode == 0, result.stderr
    golden(result.stdout, f"cli/help-{command or 'main'}.txt")


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: c or "main")
def test_help_has_no_python_types_and_one_usage_style(command: str) -> None:
    text = run(*([command] if command else []), "--help").stdout
    assert not re.search(r"<(bool|str|int|float|path|list\[[^>]*\])>|list\[|\[\[|\{[A-Z]", text), text
    usage = text.splitlines()[0]
    assert re.fullmatch(r"Usage: rtdiagram( [a-z]+)? \[OPTIONS\]( (\[?[A-Z|]+(\.\.\.)?\]?|COMMAND \[ARGS\]\.\.\.))*", usage), usage
    assert "[bold]" not in text and "Example" in text


def test_fast_help_is_what_typer_prints() -> None:
    from rtdiagram.cli.helptext import HELP, render_all

    assert HELP == render_all(), "refresh with: python -m rtdiagram.cli.helptext"


@pytest.mark.parametrize("columns", ["60", "100"])
@pytest.mark.parametrize("command", ["", "lint"])
def test_help_at_any_width_is_typer_help(columns: str, command: str) -> None:
    args = [command, "--help"] if command else ["--help"]
    fast = run(*args, COLUMNS=columns).stdout
    slow = subprocess.run([sys.executable, "-c", f"import sys; sys.argv = ['rtdiagram', *{args!r}]\n"
                           "from rtdiagram.cli.commands import register; register()\n"
                           "from rtdiagram.cli.app import run\nrun()"],
                          cwd=ROOT, capture_output=True, text=True,
                          env={"PATH": "/usr/bin:/bin", "NO_COLOR": "1", "COLUMNS": columns}).stdout
    assert fast == slow


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full")
def test_fast_help_on_a_full_disk() -> None:
    with open("/dev/full", "w") as full:
        result = subprocess.run([sys.executable, "-m", "rtdiagram", "--help"], cwd=ROOT, stdout=full,
                                stderr=subprocess.PIPE, text=True, env={"PATH": "/usr/bin:/bin", "NO_COLOR": "1"})
    assert result.returncode == 2 and result.stderr.startswith("error: cannot write the output")


def test_wide_choice_lists_are_not_split_mid_word() -> None:
    text = run("render", "--help", COLUMNS="100").stdout
    assert "-f, --format [svg|png|pdf|dot|mermaid|d2|drawio]" in text


def test_help_does_not_import_rich() -> None:
    code = ("import sys; sys.argv = ['rtdiagram', '--help']\nfrom rtdiagram.cli.main import main\n"
            "try: main()\nexcept SystemExit: pass\n"
            "print(sorted(m for m in sys.modules if m.startswith(('rich', 'typer.rich_utils', 'pydantic'))), file=sys.stderr)")
    for columns in ("60", "100"):  # typer's own help path, and the fast path
        result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True,
                                env={"PATH": "/usr/bin:/bin", "NO_COLOR": "1", "COLUMNS": columns})
        assert result.stderr.strip().endswith("[]"), result.stderr


@pytest.mark.parametrize("shell", ["bash", "zsh", "fish"])
def test_show_completion_for_each_shell(shell: str) -> None:
    result = run("--show-completion", shell, _TYPER_COMPLETE_TEST_DISABLE_SHELL_DETECTION="1")
    assert result.returncode == 0, result.stderr
    assert "_RTDIAGRAM_COMPLETE" in result.stdout and "rtdiagram" in result.stdout


def test_install_completion_is_offered() -> None:
    assert "--install-completion" in run("--help").stdout


@pytest.mark.parametrize(
    ("words", "cword", "expected"),
    [("rtdiagram li", "1", "lint"), ("rtdiagram lint --format s", "3", "sarif"),
     ("rtdiagram checklist x.yaml --fail-on mi", "4", "missing"), ("rtdiagram explain X10", "2", "X103"),
     ("rtdiagram explain sticky", "2", "sticky-session-required")],
)
def test_completion_completes_commands_and_choices(words: str, cword: str, expected: str) -> None:
    result = run(_RTDIAGRAM_COMPLETE="complete_bash", COMP_WORDS=words, COMP_CWORD=cword)
    assert expected in result.stdout.split(), result.stdout + result.stderr


def test_model_arguments_complete_file_names() -> None:
    result = run(_RTDIAGRAM_COMPLETE="complete_zsh", _TYPER_COMPLETE_ARGS="rtdiagram lint exa")
    assert result.stdout.strip() == "_files", result.stdout + result.stderr


@pytest.mark.skipif(not os.path.exists("/usr/bin/time"), reason="needs /usr/bin/time")
def test_help_is_fast_enough_to_measure() -> None:
    """Not a benchmark (a loaded machine is slow); a guard against rich or pydantic coming back."""
    result = subprocess.run(["/usr/bin/time", "-f", "%e", sys.executable, "-m", "rtdiagram", "--help"], cwd=ROOT,
                            capture_output=True, text=True, env={"PATH": "/usr/bin:/bin", "NO_COLOR": "1"})
    assert result.returncode == 0 and float(result.stderr.strip().splitlines()[-1]) < 1.0
