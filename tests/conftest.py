"""Shared fixtures: the site, built once per session from a cold cache."""

from __future__ import annotations

import os
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


@pytest.fixture(scope="session")
def built_again(tmp_path_factory: pytest.TempPathFactory, built: Build) -> Build:
    """A second clean build, to compare bytes with the first."""
    return _cold_build(tmp_path_factory, "second")
