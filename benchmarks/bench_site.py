"""Benchmark the site's build, its live rebuild, and the test suite (not a test).

1. a cold ``mkdocs build --strict`` (empty cache: every figure and notebook runs), of
   both editions and of the English one alone, in ``COLD_PAIRS`` interleaved pairs (on
   a noisy host two lone builds minutes apart gave ratios from 1.13 to 1.64): each
   time is the median of its kind, the cost of the Korean edition the median of the
   pairs' ratios;
2. three warm builds (same cache, nothing to draw or execute; the median is kept);
3. under ``mkdocs serve``, the time from editing one Markdown page to the
   rebuilt site (the log's "Reloading browsers"), with a warm cache;
4. the same after editing a docstring in ``gdtheory`` (figures and notebooks
   depend on the package's code, not its prose, so nothing is redrawn);
5. the same after editing a function body in ``gdtheory`` (every figure and notebook
   is then redrawn, in the background): the seconds to the rebuilt API page, the
   seconds until the last figure and notebook is in, and the longest a page request
   waited meanwhile;
6. the whole test suite (``python3 dev.py test``), unless ``--no-tests``.

The live-rebuild timings run on a copy of the project (the edits never touch the tree).

Builds report wall time and CPU time (user+sys of mkdocs and its children). Writes
the times, their goals (issue 13), the machine, the date and the commands to
benchmarks/results/site.json. Run through ``python3 dev.py bench`` on an idle machine.
"""

from __future__ import annotations

import argparse
import ast
import datetime
import json
import os
import platform
import re
import resource
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "benchmarks" / "results" / "site.json"
GOALS = {
    "cold_build_seconds": 30.0,
    "languages_build_ratio": 1.5,  # both editions' cold build / the English one's (issue 17)
    "warm_build_seconds": 5.0,
    "rebuild_seconds": 1.0,
    "docstring_rebuild_seconds": 3.0,
    "code_edit_page_seconds": 3.0,
    "test_suite_seconds": 150.0,
}
BUILD = ["mkdocs", "build", "--strict"]
SERVE = ["mkdocs", "serve", "--livereload", "--dirty"]
SERVE_FLAGS = ["--livereload", "--dirty"]  # what `python3 dev.py serve` uses
EDITED_PAGE = Path("docs") / "basics" / "gradient-descent.md"
EDITED_MODULE = Path("gdtheory") / "schedules.py"  # its module docstring is edited
CODE_MODULE = Path("gdtheory") / "clipping.py"  # a function body is edited
CODE_FUNCTION = "clip_by_value"
CODE_PAGE = "reference/clipping/"
COLD_PAIRS = 3  # English-only and both-editions cold builds, one after the other
# What `mkdocs serve` reads besides the Python environment (copied for the live timings).
PROJECT = ("docs", "hooks", "gdtheory", "overrides", "benchmarks/results", "mkdocs.yml")


def env(cache: Path, project: Path = ROOT) -> dict[str, str]:
    return dict(
        os.environ,
        GDTHEORY_CACHE_DIR=str(cache),
        NO_MKDOCS_2_WARNING="1",
        PYTHONPATH=str(project),  # figure scripts and kernels import the copy's gdtheory
    )


def copy_project(target: Path) -> Path:
    for name in PROJECT:
        src, dst = ROOT / name, target / name
        if src.is_dir():
            shutil.copytree(src, dst, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            dst.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(src, dst)
    return target


def children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def build(cache: Path, site: Path, only: str | None = None) -> tuple[float, float]:
    """(wall seconds, CPU seconds) of one ``mkdocs build --strict`` (``only="en"``: English)."""
    start, cpu = time.perf_counter(), children_cpu()
    subprocess.run(
        [sys.executable, "-m", *BUILD, "--site-dir", str(site)],
        cwd=ROOT,
        env=env(cache) | ({"GDTHEORY_BUILD_ONLY": only} if only else {}),
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


def docstring_edit(original: str, i: int) -> str:
    """``original`` with a sentence added to its module docstring (code unchanged)."""
    at = original.index('"""') + 3
    return original[:at] + f"Benchmark edit {i}. " + original[at:]


def code_edit(original: str, i: int) -> str:
    """``original`` with a statement put first in ``CODE_FUNCTION``'s body."""
    lines = original.splitlines(keepends=True)
    node = next(
        n
        for n in ast.parse(original).body
        if isinstance(n, ast.FunctionDef) and n.name == CODE_FUNCTION
    )
    first = node.body[0]
    lines.insert(first.end_lineno, f"{' ' * first.col_offset}benchmark_edit = {i}\n")
    return "".join(lines)


class Server:
    """``mkdocs serve`` (as ``dev.py serve`` runs it) on ``project``; its log lines counted."""

    def __init__(self, project: Path, cache: Path) -> None:
        self.port = free_port()
        self.proc = subprocess.Popen(
            [sys.executable, "-m", *SERVE, "-a", f"127.0.0.1:{self.port}"],
            cwd=project,
            env=env(cache, project) | {"GDTHEORY_BUILD_ONLY": "en"},  # as dev.py serve
            stderr=subprocess.PIPE,
            stdout=subprocess.DEVNULL,
            text=True,
        )
        self.lines: list[tuple[float, str]] = []
        self._new = threading.Condition()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        for line in self.proc.stderr:
            with self._new:
                self.lines.append((time.perf_counter(), line))
                self._new.notify_all()

    def wait_for(self, pattern: str, after: int, timeout: float) -> tuple[int, float]:
        """The index and time of the first line from ``after`` on that matches ``pattern``."""
        deadline = time.perf_counter() + timeout
        with self._new:
            while True:
                for i in range(after, len(self.lines)):
                    if re.search(pattern, self.lines[i][1]):
                        return i, self.lines[i][0]
                after = len(self.lines)
                left = deadline - time.perf_counter()
                if left <= 0 or self.proc.poll() is not None:
                    raise TimeoutError(f"no {pattern!r} within {timeout} s")
                self._new.wait(min(left, 1.0))

    def settle(self, quiet: float = 2.0, timeout: float = 300) -> int:
        """Wait until the log has been quiet for ``quiet`` seconds; the number of lines."""
        deadline = time.perf_counter() + timeout
        while time.perf_counter() < deadline:
            with self._new:
                last = self.lines[-1][0] if self.lines else 0.0
                if time.perf_counter() - last >= quiet:
                    return len(self.lines)
            time.sleep(0.2)
        raise TimeoutError(f"the server kept logging for {timeout} s")

    def get(self, path: str) -> float:
        """Seconds one request for ``path`` took."""
        start = time.perf_counter()
        url = f"http://127.0.0.1:{self.port}/gdtheory/{path}"
        with urllib.request.urlopen(url, timeout=600) as response:
            response.read()
        return time.perf_counter() - start

    def close(self) -> None:
        self.proc.terminate()
        self.proc.wait(timeout=30)


def serve_rebuild(project: Path, cache: Path, path: Path, edit, repeats: int = 3) -> list[float]:
    """Seconds from saving an edited ``path`` to mkdocs serve's "Reloading browsers"."""
    server = Server(project, cache)
    path = project / path
    original = path.read_text(encoding="utf-8")
    times = []
    try:
        server.wait_for(r"Serving on", 0, timeout=600)
        for i in range(repeats):
            mark = server.settle()  # background work of the last edit (llms.txt) is done
            start = time.perf_counter()
            path.write_text(edit(original, i), encoding="utf-8")
            _, at = server.wait_for(r"Reloading browsers", mark, timeout=300)
            times.append(at - start)
    finally:
        path.write_text(original, encoding="utf-8")
        server.close()
    return times


def serve_code_edit(project: Path, cache: Path) -> dict[str, float]:
    """A function body edited under the server: the API page, then every figure and notebook."""
    server = Server(project, cache)
    path = project / CODE_MODULE
    original = path.read_text(encoding="utf-8")
    slowest = 0.0
    try:
        server.wait_for(r"Serving on", 0, timeout=600)
        mark = server.settle()
        start = time.perf_counter()
        path.write_text(code_edit(original, 0), encoding="utf-8")
        seen, page = server.wait_for(r"Reloading browsers", mark, timeout=300)
        done = threading.Event()
        found: list[float] = []

        def wait_done() -> None:
            found.append(server.wait_for(r"Background jobs done", seen, timeout=1800)[1])
            done.set()

        threading.Thread(target=wait_done, daemon=True).start()
        while not done.wait(0.5):  # a reader browsing meanwhile
            slowest = max(slowest, server.get(CODE_PAGE))
        if not found:
            raise TimeoutError("the background jobs did not finish")
    finally:
        path.write_text(original, encoding="utf-8")
        server.close()
    return {
        "code_edit_page_seconds": round(page - start, 2),
        "code_edit_all_figures_seconds": round(found[0] - start, 1),
        "code_edit_slowest_request_seconds": round(slowest, 2),
    }


def median(xs: list):
    """The middle one of an odd number of times, or of (wall, CPU) runs by wall time."""
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
        # The English edition alone and both, cold, in pairs: the Korean one's cost (goal 1.5x).
        english_runs, cold_runs = [], []
        for _ in range(COLD_PAIRS):
            shutil.rmtree(cache, ignore_errors=True)  # the last pair's cache stays, warm
            english_runs.append(build(Path(tmp) / "cache-en", Path(tmp) / "site-en", "en"))
            shutil.rmtree(Path(tmp) / "cache-en")
            cold_runs.append(build(cache, site))
        english, english_cpu = median(english_runs)
        cold, cold_cpu = median(cold_runs)
        ratios = [both[0] / alone[0] for both, alone in zip(cold_runs, english_runs, strict=True)]
        # Warm: the median of three builds on the same cache (a noisy host varies by 20%).
        warm_runs = [build(cache, site) for _ in range(3)]
        warm, warm_cpu = median(warm_runs)
        project = copy_project(Path(tmp) / "project")
        page = serve_rebuild(
            project, cache, EDITED_PAGE, lambda text, i: text + f"\n<!-- benchmark edit {i} -->\n"
        )
        doc = serve_rebuild(project, cache, EDITED_MODULE, docstring_edit)
        code = serve_code_edit(project, cache)
    results.update(
        cold_build_seconds=round(cold, 2),
        cold_build_cpu_seconds=round(cold_cpu, 2),
        cold_build_samples=[round(t, 2) for t, _ in cold_runs],
        english_cold_build_seconds=round(english, 2),
        english_cold_build_cpu_seconds=round(english_cpu, 2),
        english_cold_build_samples=[round(t, 2) for t, _ in english_runs],
        languages_build_ratio=round(median(ratios), 2),
        languages_build_ratio_samples=[round(r, 2) for r in ratios],
        warm_build_seconds=round(warm, 2),
        warm_build_cpu_seconds=round(warm_cpu, 2),
        warm_build_samples=[round(t, 2) for t, _ in warm_runs],
        rebuild_seconds=round(median(page), 2),
        rebuild_samples=[round(t, 2) for t in page],
        docstring_rebuild_seconds=round(median(doc), 2),
        docstring_rebuild_samples=[round(t, 2) for t in doc],
        **code,
    )
    if not args.no_tests:
        results["test_suite_seconds"] = round(test_suite(), 1)
        now = datetime.datetime.now(datetime.UTC)
        results["test_suite_date"] = now.isoformat(timespec="seconds")
    elif RESULTS.exists():  # keep the last measured suite time
        old = json.loads(RESULTS.read_text())
        if "test_suite_seconds" in old:
            results["test_suite_seconds"] = old["test_suite_seconds"]
            results["test_suite_date"] = old.get("test_suite_date", old["date"])
    for name, goal in GOALS.items():
        if name in results:
            print(f"{name}: {results[name]} (goal <= {goal})")
    results["goals"] = GOALS
    results["machine"] = machine()
    results["date"] = datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds")
    results["commands"] = {
        "cold_build": " ".join(BUILD) + f" (empty cache, both editions, median of {COLD_PAIRS})",
        "english_cold_build": "GDTHEORY_BUILD_ONLY=en "
        + " ".join(BUILD)
        + f" (empty cache, median of {COLD_PAIRS}, each run just before a cold build of both)",
        "languages_build_ratio": "median over the pairs of cold build / English cold build",
        "warm_build": " ".join(BUILD) + " (same cache, median of 3)",
        "rebuild": " ".join(SERVE) + f" + edit {EDITED_PAGE.as_posix()}",
        "docstring_rebuild": " ".join(SERVE) + f" + docstring edit {EDITED_MODULE.as_posix()}",
        "code_edit": " ".join(SERVE)
        + f" + edit the body of {CODE_FUNCTION} in {CODE_MODULE.as_posix()}",
        "test_suite": "python3 dev.py test -q",
    }
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(results, indent=2) + "\n")
    return results


if __name__ == "__main__":
    main()
