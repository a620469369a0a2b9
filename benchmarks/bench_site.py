"""Benchmark the site's build, its live rebuild, and the test suite (not a test).

1. a cold ``mkdocs build --strict`` (empty cache: every figure and notebook runs);
2. a warm build (same cache, nothing to draw or execute);
3. under ``mkdocs serve``, the time from editing one Markdown page to the
   rebuilt site (the log's "Reloading browsers"), with a warm cache;
4. the same after editing a docstring in ``gdtheory`` (figures and notebooks
   depend on the package's code, not its prose, so nothing is redrawn);
5. the whole test suite (``python3 dev.py test``), unless ``--no-tests``.

Builds report wall time and CPU time (user+sys of mkdocs and its children). Writes
the times, their goals (issue 13), the machine, the date and the commands to
benchmarks/results/site.json. Run through ``python3 dev.py bench`` on an idle machine.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import re
import resource
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "benchmarks" / "results" / "site.json"
GOALS = {
    "cold_build_seconds": 30.0,
    "warm_build_seconds": 5.0,
    "rebuild_seconds": 1.0,
    "docstring_rebuild_seconds": 3.0,
    "test_suite_seconds": 150.0,
}
BUILD = ["mkdocs", "build", "--strict"]
SERVE = ["mkdocs", "serve", "--livereload", "--dirty"]
SERVE_FLAGS = ["--livereload", "--dirty"]  # what `python3 dev.py serve` uses
EDITED_PAGE = ROOT / "docs" / "basics" / "gradient-descent.md"
EDITED_MODULE = ROOT / "gdtheory" / "schedules.py"  # its module docstring is edited


def env(cache: Path) -> dict[str, str]:
    return dict(os.environ, GDTHEORY_CACHE_DIR=str(cache), NO_MKDOCS_2_WARNING="1")


def children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def build(cache: Path, site: Path) -> tuple[float, float]:
    """(wall seconds, CPU seconds) of one ``mkdocs build --strict``."""
    start, cpu = time.perf_counter(), children_cpu()
    subprocess.run(
        [sys.executable, "-m", *BUILD, "--site-dir", str(site)],
        cwd=ROOT,
        env=env(cache),
        check=True,
        capture_output=True,
    )
    return time.perf_counter() - start, children_cpu() - cpu


def machine() -> dict:
    model = platform.processor() or platform.machine()
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        found = re.search(r"^model name\s*:\s*(.+)$", cpuinfo.read_text(), re.M)
        model = found.group(1).strip() if found else model
    return {"nproc": os.cpu_count(), "cpu": model, "python": platform.python_version()}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(proc: subprocess.Popen, pattern: str, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        line = proc.stderr.readline()
        if not line and proc.poll() is not None:
            raise RuntimeError(f"mkdocs serve exited before {pattern!r}")
        if re.search(pattern, line):
            return
    raise TimeoutError(f"no {pattern!r} within {timeout} s")


def docstring_edit(original: str, i: int) -> str:
    """``original`` with a sentence added to its module docstring (code unchanged)."""
    at = original.index('"""') + 3
    return original[:at] + f"Benchmark edit {i}. " + original[at:]


def serve_rebuild(cache: Path, path: Path, edit, repeats: int = 3) -> list[float]:
    """Seconds from saving an edited ``path`` to mkdocs serve's "Reloading browsers"."""
    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", *SERVE, "-a", f"127.0.0.1:{port}"],
        cwd=ROOT,
        env=env(cache),
        stderr=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        text=True,
    )
    original = path.read_text(encoding="utf-8")
    times = []
    try:
        wait_for(proc, r"Serving on", timeout=300)
        for i in range(repeats):
            time.sleep(1.0)
            start = time.perf_counter()
            path.write_text(edit(original, i), encoding="utf-8")
            wait_for(proc, r"Reloading browsers", timeout=300)
            times.append(time.perf_counter() - start)
    finally:
        path.write_text(original, encoding="utf-8")
        proc.terminate()
        proc.wait(timeout=30)
    return times


def median(xs: list[float]) -> float:
    return sorted(xs)[len(xs) // 2]


def test_suite() -> float:
    start = time.perf_counter()
    subprocess.run([sys.executable, str(ROOT / "dev.py"), "test", "-q"], cwd=ROOT, check=False)
    return time.perf_counter() - start


def main() -> dict:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--no-tests", action="store_true", help="skip the test-suite timing")
    args = parser.parse_args()
    results: dict = {}
    with tempfile.TemporaryDirectory() as tmp:
        cache, site = Path(tmp) / "cache", Path(tmp) / "site"
        cold, cold_cpu = build(cache, site)
        warm, warm_cpu = build(cache, site)
        page = serve_rebuild(
            cache, EDITED_PAGE, lambda text, i: text + f"\n<!-- benchmark edit {i} -->\n"
        )
        doc = serve_rebuild(cache, EDITED_MODULE, docstring_edit)
    results.update(
        cold_build_seconds=round(cold, 2),
        cold_build_cpu_seconds=round(cold_cpu, 2),
        warm_build_seconds=round(warm, 2),
        warm_build_cpu_seconds=round(warm_cpu, 2),
        rebuild_seconds=round(median(page), 2),
        rebuild_samples=[round(t, 2) for t in page],
        docstring_rebuild_seconds=round(median(doc), 2),
        docstring_rebuild_samples=[round(t, 2) for t in doc],
    )
    if not args.no_tests:
        results["test_suite_seconds"] = round(test_suite(), 1)
    elif RESULTS.exists():  # keep the last measured suite time
        old = json.loads(RESULTS.read_text())
        if "test_suite_seconds" in old:
            results["test_suite_seconds"] = old["test_suite_seconds"]
    for name, goal in GOALS.items():
        if name in results:
            print(f"{name}: {results[name]} (goal <= {goal})")
    results["goals"] = GOALS
    results["machine"] = machine()
    results["date"] = datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds")
    results["commands"] = {
        "cold_build": " ".join(BUILD) + " (empty cache)",
        "warm_build": " ".join(BUILD) + " (same cache)",
        "rebuild": " ".join(SERVE) + f" + edit {EDITED_PAGE.relative_to(ROOT)}",
        "docstring_rebuild": " ".join(SERVE)
        + f" + docstring edit {EDITED_MODULE.relative_to(ROOT)}",
        "test_suite": "python3 dev.py test -q",
    }
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(results, indent=2) + "\n")
    return results


if __name__ == "__main__":
    main()
