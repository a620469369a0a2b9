"""Collect the documentation's code blocks and the package's docstring examples."""

import os
from pathlib import Path

os.environ.setdefault("MPLBACKEND", "Agg")

from tests.docs_harness import docs_sybil, package_sybil  # noqa: E402

ROOT = Path(__file__).resolve().parent
# Optional tools (PyTorch, Chromium): one install hint per skip, a closing line that
# says what did not run, and a failure instead of a skip under CI=true.
pytest_plugins = ["tests._optional"]
pytest_collect_file = (docs_sybil(ROOT / "docs") + package_sybil(ROOT / "gdtheory")).pytest()
