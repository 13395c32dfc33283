"""The built wheel works from outside the checkout, with its data files inside the package."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from tests.conftest import ROOT

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    result = subprocess.run(
        [sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", str(out), str(ROOT)],
        capture_output=True, text=True,
    )
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-2000:]
    return next(out.glob("rtdiagram-*.whl"))


def test_wheel_ships_data(wheel: Path) -> None:
    names = zipfile.ZipFile(wheel).namelist()
    assert "rtdiagram/_data/schemas/rtdiagram.schema.json" in names
    assert any(n.startswith("rtdiagram/_data/templates/") for n in names)
    assert any(n.startswith("rtdiagram/_data/prompts/") for n in names)
    assert not any(n.startswith(("tests/", "examples/")) for n in names)


def test_installed_wheel_validates_from_outside(wheel: Path, tmp_path: Path) -> None:
    target = tmp_path / "site"
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--no-index",
         "--target", str(target), str(wheel)],
        check=True, capture_output=True,
    )
    model = tmp_path / "model.yaml"
    model.write_text((ROOT / "examples/collab-editor.yaml").read_text())
    # PYTHONPATH puts the installed copy ahead of the editable checkout; dependencies come
    # from the test environment, so no network is needed.
    env = {**os.environ, "PYTHONPATH": str(target), "NO_COLOR": "1"}
    code = (
        "import rtdiagram, sys; from rtdiagram.model.resources import data_dir;"
        "print(rtdiagram.__file__); print(data_dir('templates'));"
        "from rtdiagram.cli.main import main; sys.argv=['rtdiagram','validate','model.yaml']; main()"
    )
    result = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, env=env,
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].startswith(str(target))
    assert lines[1].startswith(str(target))
    assert lines[-1] == "1 file valid."
