"""Every test that needs an optional tool asks tests/_optional.py, so a reader meets one
install hint per tool (the README's) and CI=true turns a missing tool into a failure."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import textwrap
from pathlib import Path

from tests._optional import TORCH_HINT
from tests.conftest import ROOT

DIRECT = re.compile(r"importorskip\(\s*[\"'](torch|playwright|optax|keras|jax)")


def test_no_test_imports_an_optional_tool_on_its_own() -> None:
    offenders = [
        f"{path.relative_to(ROOT)}: importorskip({m.group(1)!r})"
        for path in sorted((ROOT / "tests").glob("*.py"))
        for m in DIRECT.finditer(path.read_text())
    ]
    assert not offenders, "use tests._optional.need_*():\n" + "\n".join(offenders)


NO_TORCH = """
    import sys
    sys.modules["torch"] = None  # ``import torch`` raises ImportError
    from tests._optional import need_torch
    torch = need_torch()

    def test_uses_torch():
        assert torch is not None
"""


def test_under_xdist_the_run_still_ends_saying_what_did_not_run(tmp_path: Path) -> None:
    """``python3 dev.py test`` runs workers: their skips reach the closing line too."""
    (tmp_path / "test_t.py").write_text(textwrap.dedent(NO_TORCH))
    (tmp_path / "test_ok.py").write_text("def test_ok():\n    pass\n")
    env = {k: v for k, v in os.environ.items() if k not in {"CI", "PYTEST_ADDOPTS"}}
    env["PYTHONPATH"] = str(ROOT)
    run = subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "tests._optional", "-p", "no:cacheprovider"]
        + ["-q", "-n", "2"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    out = run.stdout + run.stderr
    assert run.returncode == 0, out
    lines = run.stdout.rstrip().splitlines()
    assert "1 passed, 1 skipped" in lines[-1], out
    assert "Did not run" in lines[-2] and TORCH_HINT in lines[-2], out


def test_dev_test_runs_the_suite_on_every_core_with_the_site_on_one_worker(monkeypatch) -> None:
    """``python3 dev.py test`` asks pytest-xdist for workers unless the caller picked ``-n``.

    Whole files per worker (``loadfile``): a module's fixtures (the browser pass) run once.
    """
    import dev

    monkeypatch.setattr(os, "cpu_count", lambda: 2)
    assert dev.parallel([]) == ["-n", "2", "--dist", "loadfile"]
    assert dev.parallel(["-k", "site"]) == ["-n", "2", "--dist", "loadfile"]
    assert dev.parallel(["-n", "0"]) == [] and dev.parallel(["-n3"]) == []
    assert dev.parallel(["-p", "no:xdist"]) == []
    monkeypatch.setattr(os, "cpu_count", lambda: 1)
    assert dev.parallel([]) == []


# An inner run with this project's cold-build hooks and a stand-in builder that records
# each build it makes (a real cold build takes minutes).
FAKE_BUILDER = """
import json, os, sys, time
site, cache, out = sys.argv[1:4]
os.makedirs(site, exist_ok=True)
with open(os.environ["BUILDS_LOG"], "a") as f:
    f.write(f"{os.getpid()}\\n")
time.sleep(1)
for name in (".stdout", ".stderr"):
    open(out + name, "w").close()
with open(out, "w") as f:
    json.dump({"returncode": 0, "seconds": 1.0}, f)
"""
INNER_CONFTEST = f"""
import tests.conftest as c
from tests.conftest import built, pytest_collection_finish, pytest_sessionfinish  # noqa: F401

c.COLD_BUILDER = {FAKE_BUILDER!r}
"""
SITE_TEST = """
def test_reads_the_build(built):
    assert built.site.is_dir()
"""


def test_one_cold_build_per_run_shared_by_the_xdist_workers(tmp_path: Path) -> None:
    """Site tests in three files on two workers: one build, started once, read by all."""
    (tmp_path / "conftest.py").write_text(INNER_CONFTEST)
    for name in ("a", "b", "c"):
        (tmp_path / f"test_site_{name}.py").write_text(SITE_TEST)
        (tmp_path / f"test_other_{name}.py").write_text("def test_other():\n    pass\n")
    env = {k: v for k, v in os.environ.items() if k != "PYTEST_ADDOPTS"}
    env["PYTHONPATH"] = str(ROOT)
    env["BUILDS_LOG"] = str(tmp_path / "builds.txt")
    run = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider"]
        + ["-n", "2", "--dist", "loadfile"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    assert "6 passed" in run.stdout, run.stdout
    builds = (tmp_path / "builds.txt").read_text().split()
    assert len(builds) == 1, builds


def test_ids_with_memory_addresses_run_under_xdist(tmp_path: Path) -> None:
    """``ids=repr`` of a lambda differs per process; the workers must still agree on ids."""
    (tmp_path / "conftest.py").write_text(
        "from tests.conftest import pytest_collection_modifyitems  # noqa: F401\n"
    )
    (tmp_path / "test_ids.py").write_text(
        "import pytest\n\n"
        "@pytest.mark.parametrize('f', [lambda t: t, lambda t: 2 * t], ids=repr)\n"
        "def test_f(f):\n    assert f(1) >= 1\n"
    )
    env = {k: v for k, v in os.environ.items() if k != "PYTEST_ADDOPTS"}
    env["PYTHONPATH"] = str(ROOT)
    run = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-n", "2"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 0 and "2 passed" in run.stdout, run.stdout + run.stderr
