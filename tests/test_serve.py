"""The developer commands as a newcomer meets them: what the test run says it skipped.

Each check runs a small pytest session in a subprocess, with the optional tool made
missing inside it, and reads what that session prints.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

TORCH_HINT = "PyTorch is not installed: run `python3 dev.py setup --torch`"
CHROMIUM_HINT = "Chromium is not installed: apt-get install chromium"

# Inner test files. ``sys.modules["torch"] = None`` makes ``import torch`` raise
# ImportError; an empty PATH hides Chromium.
NO_TORCH = """
    import sys
    sys.modules["torch"] = None
    from tests._optional import need_torch
    torch = need_torch()

    def test_uses_torch():
        assert torch is not None
"""
NO_CHROMIUM = """
    from tests._optional import need_chromium

    def test_browser(monkeypatch):
        monkeypatch.setenv("PATH", "")
        need_chromium()

    def test_other():
        pass
"""
OK = """
    def test_ok():
        pass
"""


def inner_pytest(tmp_path: Path, files: dict[str, str], *, ci: bool) -> subprocess.CompletedProcess:
    """Run pytest on ``files`` in ``tmp_path`` with this project's optional-tool plugin."""
    for name, text in files.items():
        (tmp_path / name).write_text(textwrap.dedent(text))
    env = {k: v for k, v in os.environ.items() if k not in {"CI", "PYTEST_ADDOPTS"}}
    env["PYTHONPATH"] = str(ROOT)
    if ci:
        env["CI"] = "true"
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-p",
            "tests._optional",
            "-q",
            "-ra",
            "-p",
            "no:cacheprovider",
        ],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_missing_torch_skips_with_the_readme_hint(tmp_path: Path) -> None:
    run = inner_pytest(tmp_path, {"test_t.py": NO_TORCH, "test_ok.py": OK}, ci=False)
    assert run.returncode == 0, run.stdout + run.stderr
    assert "1 passed, 1 skipped" in run.stdout, run.stdout
    assert TORCH_HINT in run.stdout, run.stdout


def test_missing_chromium_skips_with_the_install_hint(tmp_path: Path) -> None:
    run = inner_pytest(tmp_path, {"test_b.py": NO_CHROMIUM}, ci=False)
    assert run.returncode == 0, run.stdout + run.stderr
    assert "1 passed, 1 skipped" in run.stdout, run.stdout
    assert CHROMIUM_HINT in run.stdout, run.stdout


@pytest.mark.parametrize("files", [{"test_t.py": NO_TORCH}, {"test_b.py": NO_CHROMIUM}])
def test_under_ci_a_missing_tool_fails_the_run(tmp_path: Path, files: dict[str, str]) -> None:
    run = inner_pytest(tmp_path, files, ci=True)
    assert run.returncode != 0, run.stdout
    hint = TORCH_HINT if "test_t.py" in files else CHROMIUM_HINT
    assert hint in run.stdout, run.stdout
    assert "skipped" not in run.stdout.splitlines()[-1], run.stdout


def test_the_run_ends_saying_what_did_not_run(tmp_path: Path) -> None:
    run = inner_pytest(tmp_path, {"test_t.py": NO_TORCH, "test_b.py": NO_CHROMIUM}, ci=False)
    assert run.returncode == 0, run.stdout + run.stderr
    lines = run.stdout.rstrip().splitlines()
    # The last line is pytest's count; the one above it names each missing tool and its fix.
    summary = lines[-2]
    assert summary.lower().count("did not run") == 1, run.stdout
    assert "PyTorch" in summary and "python3 dev.py setup --torch" in summary, run.stdout
    assert "browser" in summary and "apt-get install chromium" in summary, run.stdout


def test_a_full_run_says_nothing_about_skips(tmp_path: Path) -> None:
    run = inner_pytest(tmp_path, {"test_ok.py": OK}, ci=False)
    assert run.returncode == 0, run.stdout + run.stderr
    assert "did not run" not in run.stdout.lower(), run.stdout


# --- Set-up: the editable install prints nothing a newcomer cannot act on ---------------


def test_the_editable_install_prints_no_warning(tmp_path: Path) -> None:
    """``dev.py setup``'s editable-install step, on a copy of the project into a fresh venv."""
    import venv

    import dev

    project = tmp_path / "project"
    project.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, project / name)
    shutil.copytree(
        ROOT / "gdtheory", project / "gdtheory", ignore=shutil.ignore_patterns("__pycache__")
    )
    target = tmp_path / "venv"
    venv.create(target, with_pip=False)
    python = target / ("Scripts" if os.name == "nt" else "bin") / "python"
    run = subprocess.run(
        [sys.executable, "-m", "pip", "--python", str(python), *dev.EDITABLE, "."],
        cwd=project,
        capture_output=True,
        text=True,
        timeout=300,
    )
    output = run.stdout + run.stderr
    assert run.returncode == 0, output
    assert "warning" not in output.lower(), output
