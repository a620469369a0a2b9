"""The code is ruff clean, as CONTRIBUTING asks: lint and format, over the whole repository."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize("command", [["check", "."], ["format", "--check", "."]])
def test_ruff_is_clean(command: list[str]) -> None:
    """``ruff format .`` must not touch the pages either: it would rewrite the snippet
    lines in their Python fences (``--8<-- "docs/figures/x.py"`` to ``--8 < --"..."``)."""
    result = subprocess.run(
        [sys.executable, "-m", "ruff", *command], cwd=ROOT, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-2000:]
