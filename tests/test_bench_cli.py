"""``python3 dev.py bench`` runs for tens of minutes and rewrites the results files that
the Performance page plots, so an option it does not know must stop it before it starts."""

from __future__ import annotations

import subprocess
import sys

from tests.conftest import ROOT

RUN_ALL = ROOT / "benchmarks" / "run_all.py"


def run_all(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, str(RUN_ALL), *args], capture_output=True, text=True, timeout=60
    )


def test_help_prints_the_options_and_runs_nothing() -> None:
    done = run_all("--help")
    assert done.returncode == 0, done.stderr
    assert "--quick" in done.stdout and "--no-tests" in done.stdout
    assert "benchmark" in done.stdout.lower()
    assert "speedup" not in done.stdout  # the optimizer benchmark's table did not start


def test_an_unknown_option_is_refused_by_name() -> None:
    done = run_all("--no-test")  # a typo of --no-tests
    assert done.returncode == 2
    assert "--no-test" in done.stderr and "unrecognized" in done.stderr
    assert done.stdout == ""
