"""Collect the documentation's code blocks and the package's docstring examples."""

import os
import sys
from pathlib import Path

os.environ.setdefault("MPLBACKEND", "Agg")

from tests.docs_harness import docs_sybil, package_sybil  # noqa: E402

ROOT = Path(__file__).resolve().parent
# Optional tools (PyTorch, Chromium): one install hint per skip, a closing line that
# says what did not run, and a failure instead of a skip under CI=true.
pytest_plugins = ["tests._optional"]
SYBILS = docs_sybil(ROOT / "docs") + package_sybil(ROOT / "gdtheory")
# The build's hooks, importable as MkDocs arranges (``from sitebuild import figures``), in
# every test process: the tests use their functions, and their docstrings hold examples.
sys.path.insert(0, str(ROOT / "hooks"))
SYBILS.append(package_sybil(ROOT / "hooks", name="hook docstrings"))
pytest_collect_file = SYBILS.pytest()
