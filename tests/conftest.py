"""Shared fixtures: the site, built once per session from a cold cache, and a rebuild."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Build:
    site: Path
    cache: Path
    seconds: float
    log: str


def build_site(
    site: Path, cache: Path, *args: str, cwd: Path = ROOT
) -> subprocess.CompletedProcess:
    env = dict(os.environ, GDTHEORY_CACHE_DIR=str(cache), NO_MKDOCS_2_WARNING="1")
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site), *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
    )


def _cold_build(tmp_path_factory: pytest.TempPathFactory, name: str) -> Build:
    site = tmp_path_factory.mktemp(f"{name}-site")
    cache = tmp_path_factory.mktemp(f"{name}-cache")
    start = time.perf_counter()
    result = build_site(site, cache)
    seconds = time.perf_counter() - start
    if result.returncode != 0:
        pytest.fail(
            f"mkdocs build --strict failed:\n{result.stdout}\n{result.stderr}", pytrace=False
        )
    return Build(site, cache, seconds, result.stderr)


@pytest.fixture(scope="session")
def built(tmp_path_factory: pytest.TempPathFactory) -> Build:
    """``mkdocs build --strict`` with an empty cache, so every figure and notebook runs."""
    return _cold_build(tmp_path_factory, "first")


# What the rebuild draws and executes again from nothing: every fourth figure, and
# the two quickest notebooks (one with printed output, one with figures).
REDRAWN_FIGURES = sorted(p.stem for p in (ROOT / "docs" / "figures").glob("*.py"))[::4]
REEXECUTED_NOTEBOOKS = ["quickstart.ipynb", "01-gd-rates.ipynb"]


@pytest.fixture(scope="session")
def built_again(tmp_path_factory: pytest.TempPathFactory, built: Build) -> Build:
    """A second build, to compare bytes with the first, at a fraction of a cold build's cost.

    Every page is rendered again (no HTML cache is reused: not mkdocs-jupyter's, not
    the signature cache), ``REDRAWN_FIGURES`` are drawn again and
    ``REEXECUTED_NOTEBOOKS`` run again in fresh processes, in another order than in
    the first build; the other figures and notebooks come from the first build's cache.
    """
    site = tmp_path_factory.mktemp("second-site")
    cache = tmp_path_factory.mktemp("second-cache")
    for kind in ("figures", "notebooks"):
        shutil.copytree(built.cache / kind, cache / kind)
    for svg in (cache / "figures").glob("*.svg"):
        if svg.stem.rsplit("-", 1)[0] in REDRAWN_FIGURES:
            svg.unlink()
    for executed in (cache / "notebooks").glob("*/*.ipynb"):
        if executed.name in REEXECUTED_NOTEBOOKS:
            shutil.rmtree(executed.parent)
    start = time.perf_counter()
    result = build_site(site, cache)
    seconds = time.perf_counter() - start
    if result.returncode != 0:
        pytest.fail(f"rebuild failed:\n{result.stdout}\n{result.stderr}", pytrace=False)
    return Build(site, cache, seconds, result.stderr)
