"""Shared fixtures: the site, built once per session from a cold cache; a rebuild; a browser.

Fixtures for tests of the built site:

- ``built``: the ``Build`` of ``mkdocs build --strict`` from an empty cache, once per
  run (every site, browser, engine, notebook and link test reads this one build);
- ``built_again``: a second build, for the reproducibility test;
- ``server``: the base URL (no trailing slash) of ``built.site`` served over HTTP on
  127.0.0.1, once per run;
- ``browser``: headless Chromium through Playwright, once per test module (skips
  with the install hint without Playwright or Chromium; fails under ``CI=true``);
- ``visit``: opens a page of the built site in a fresh browser context and returns a
  ``Visit`` (``.page`` is the Playwright page; ``.errors``, ``.blocked``, ``.failed``
  collect console errors, requests that tried to leave the site, failed requests)::

      def test_slider(visit) -> None:
          v = visit("explorables/step-size/")   # or visit(path, color_scheme="dark")
          v.page.locator("input[type=range]").fill("0.5")
          assert not v.errors and not v.blocked
"""

from __future__ import annotations

import functools
import http.server
import importlib.util
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests._optional import need_chromium, need_playwright

ROOT = Path(__file__).resolve().parent.parent
# The path the site is hosted at (mkdocs.yml's site_url: https://gdtheory.github.io/gdtheory/).
SITE_PATH = "/gdtheory/"


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


ADDRESS = re.compile(r" at 0x[0-9a-fA-F]+")


def _without_addresses(items: list[pytest.Item]) -> None:
    """Drop memory addresses (``<lambda> at 0x7f...``) from test ids, which ``ids=repr``

    and ``id=f"{bad!r}"`` put there: every pytest-xdist worker must collect the same ids,
    and an address differs from process to process. pytest has no public way to rename
    a collected test, hence its private id (``_id`` in pytest 9, ``_nodeid`` before).
    """
    for item in items:
        if not ADDRESS.search(item.nodeid):
            continue
        stable = ADDRESS.sub("", item.nodeid)
        if hasattr(item, "_id"):
            from _pytest.nodeid import coerce_node_id

            item._id = coerce_node_id(stable)
        else:
            item._nodeid = stable


def needs_the_site(item: pytest.Item) -> bool:
    """The test reads the cold build: through ``built``, or a ``site`` fixture built on it.

    By fixtures, not by the ``site`` mark: a marked test that needs no build (one that
    runs an inner pytest, say) must not start one; nor does a test whose module gives
    its ``site`` from elsewhere (``PREBUILT_SITE``, see ``tests/test_explorables.py``).
    """
    if "built" in item.fixturenames:
        return True
    # A module whose ``site`` is a site built before says so in ``PREBUILT_SITE``.
    return "site" in item.fixturenames and not getattr(item.module, "PREBUILT_SITE", None)


# The cold build runs in its own process, started by the first pytest process (the run
# itself, or the first pytest-xdist worker) whose collection holds a test that needs it:
# the other tests run meanwhile, and every worker reads the same build.
COLD_BUILDER = """
import json, os, subprocess, sys, time
site, cache, out = sys.argv[1:4]
env = dict(os.environ, GDTHEORY_CACHE_DIR=cache, NO_MKDOCS_2_WARNING="1")
start = time.perf_counter()
with open(out + ".stdout", "w") as stdout, open(out + ".stderr", "w") as stderr:
    code = subprocess.call(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", site],
        env=env, stdout=stdout, stderr=stderr, timeout=900,
    )
with open(out + ".tmp", "w") as f:
    json.dump({"returncode": code, "seconds": time.perf_counter() - start}, f)
os.replace(out + ".tmp", out)
"""
COLD_BUILD_TIMEOUT = 1200  # seconds a test waits for the cold build


class ColdBuild:
    """``mkdocs build --strict`` from an empty cache, one per run, shared by every worker."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.site, self.cache, self.result = folder / "site", folder / "cache", folder / "result"
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        """Start the build unless a process of this run already did (``mkdir`` is atomic)."""
        try:
            self.folder.mkdir(parents=True)
        except FileExistsError:
            return
        self.cache.mkdir()
        command = [sys.executable, "-c", COLD_BUILDER, self.site, self.cache, self.result]
        self.process = subprocess.Popen([str(a) for a in command], cwd=ROOT)

    def wait(self) -> Build:
        deadline = time.monotonic() + COLD_BUILD_TIMEOUT
        while not self.result.exists():
            if time.monotonic() > deadline:
                pytest.fail(f"the cold build gave no result in {COLD_BUILD_TIMEOUT} s")
            if self.process is not None and self.process.poll() not in (None, 0):
                pytest.fail(f"the cold build's process died ({self.process.returncode})")
            time.sleep(0.2)
        result = json.loads(self.result.read_text())
        stdout = Path(f"{self.result}.stdout").read_text()
        stderr = Path(f"{self.result}.stderr").read_text()
        if result["returncode"] != 0:
            pytest.fail(f"mkdocs build --strict failed:\n{stdout}\n{stderr}", pytrace=False)
        return Build(self.site, self.cache, result["seconds"], stderr)

    def finish(self, stopped: bool) -> None:
        """At the end of the process that started it: let the build finish for the other

        workers, or end it if the run was stopped (interrupted, ``-x``).
        """
        if self.process is None or self.process.poll() is not None:
            return
        if stopped:
            self.process.terminate()
        self.process.wait(timeout=COLD_BUILD_TIMEOUT)


def cold_build(config: pytest.Config) -> ColdBuild | None:
    """This run's ``ColdBuild``: in the run's temporary folder, shared by xdist workers."""
    factory = getattr(config, "_tmp_path_factory", None)  # what ``tmp_path_factory`` gives
    if factory is None:
        return None
    if not hasattr(config, "_gdtheory_cold_build"):
        base = factory.getbasetemp()
        shared = base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base
        config._gdtheory_cold_build = ColdBuild(shared / "cold-build")
    return config._gdtheory_cold_build


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Run the tests of the built site last, so the others run while it builds."""
    _without_addresses(items)
    items.sort(key=needs_the_site)  # stable: the order within each part stays


def pytest_collection_finish(session: pytest.Session) -> None:
    if any(needs_the_site(item) for item in session.items):
        cold = cold_build(session.config)
        if cold is not None:
            cold.start()


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    cold = getattr(session.config, "_gdtheory_cold_build", None)
    if cold is not None:
        stopped = exitstatus == pytest.ExitCode.INTERRUPTED or bool(session.shouldstop)
        cold.finish(stopped or bool(session.shouldfail))


_FILE_SECONDS: dict[str, float] = {}


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    """Sum each test file's setup, call and teardown time (under xdist: on the controller)."""
    path = report.nodeid.split("::", 1)[0]
    _FILE_SECONDS[path] = _FILE_SECONDS.get(path, 0.0) + report.duration


def pytest_terminal_summary(terminalreporter, exitstatus: int, config: pytest.Config) -> None:
    """The ten test files that took longest: with ``--dist loadfile`` a file is the unit
    a worker runs, so the slowest file bounds the suite's wall time (issue #13)."""
    if not _FILE_SECONDS:
        return
    slowest = sorted(_FILE_SECONDS.items(), key=lambda kv: -kv[1])[:10]
    total = sum(_FILE_SECONDS.values())
    terminalreporter.write_sep("=", f"slowest test files (of {total:.0f} s of test time in all)")
    for path, seconds in slowest:
        terminalreporter.write_line(f"{seconds:8.1f} s  {path}")


@pytest.fixture(scope="session")
def built(pytestconfig: pytest.Config, tmp_path_factory: pytest.TempPathFactory) -> Build:
    """``mkdocs build --strict`` with an empty cache, so every figure and notebook runs.

    Started in the background when collection ends (see ``ColdBuild``); one per run.
    """
    cold = cold_build(pytestconfig) or ColdBuild(tmp_path_factory.mktemp("first") / "build")
    cold.start()
    return cold.wait()


# What the rebuild draws and executes again from nothing: every fourth figure, and
# the two quickest notebooks (one with printed output, one with figures).
REDRAWN_FIGURES = sorted(p.stem for p in (ROOT / "docs" / "figures").glob("*.py"))[::4]
REEXECUTED_NOTEBOOKS = ["quickstart.ipynb", "01-gd-rates.ipynb"]


@pytest.fixture(scope="session")
def built_again(tmp_path_factory: pytest.TempPathFactory, built: Build) -> Build:
    """A second build, to compare bytes with the first, at a fraction of a cold build's cost.

    Every page is rendered again (not mkdocs-jupyter's HTML cache, not the signature
    cache, not the search entries are reused), ``REDRAWN_FIGURES`` are drawn again and
    ``REEXECUTED_NOTEBOOKS`` run again in fresh processes, in another order than in
    the first build; the other figures and notebooks come from the first build's cache,
    and so do its highlighted code and API renders (``sitebuild.rendering``) and its
    compiled templates (``hooks/dirty.py``): the comparison shows that what a warm build
    takes from disk is what rendering gives.
    """
    site = tmp_path_factory.mktemp("second-site")
    cache = tmp_path_factory.mktemp("second-cache")
    for kind in ("figures", "notebooks", "rendering", "jinja"):
        shutil.copytree(built.cache / kind, cache / kind)
    for svg in (cache / "figures").glob("*.svg"):
        if svg.stem.rsplit("-", 1)[0] in REDRAWN_FIGURES:
            svg.unlink()
    for executed in (cache / "notebooks").glob("*/*.ipynb"):  # and their translations
        if executed.name.replace(".ko.ipynb", ".ipynb") in REEXECUTED_NOTEBOOKS:
            shutil.rmtree(executed.parent)
    start = time.perf_counter()
    result = build_site(site, cache)
    seconds = time.perf_counter() - start
    if result.returncode != 0:
        pytest.fail(f"rebuild failed:\n{result.stdout}\n{result.stderr}", pytrace=False)
    return Build(site, cache, seconds, result.stderr)


# --- The browser: Chromium through Playwright, on the built site ---------------------------

BROWSER_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    """The built site at ``/``, and at the path of its ``site_url`` too (``/gdtheory/``).

    Pages link relatively, but Material's language switcher fetches the sitemap at the
    absolute path of ``site_url`` (``/gdtheory/sitemap.xml``), where the site is hosted.
    """

    def translate_path(self, path: str) -> str:
        if path == SITE_PATH.rstrip("/") or path.startswith(SITE_PATH):
            path = "/" + path[len(SITE_PATH) :]
        return super().translate_path(path)

    def log_message(self, *args) -> None:  # keep pytest output clean
        pass


@contextmanager
def serving(folder: Path) -> Iterator[str]:
    """``folder`` over HTTP on 127.0.0.1: its base URL, without a trailing slash."""
    handler = functools.partial(QuietHandler, directory=str(folder))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()


@pytest.fixture(scope="session")
def server(built: Build) -> Iterator[str]:
    """The built site over HTTP on 127.0.0.1: its base URL, without a trailing slash."""
    with serving(built.site) as base:
        yield base


@pytest.fixture(scope="module")
def browser():
    """Headless Chromium (Debian's) driven by Playwright, one per test module."""
    sync_api = need_playwright()  # skips with the install hint, or fails under CI=true
    chromium = need_chromium()  # skips with the install hint, or fails under CI=true
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=chromium, args=BROWSER_ARGS, env=browser_env())
        yield b
        b.close()


def browser_env() -> dict[str, str]:
    """Chromium's environment, with a Korean font it can find.

    A Korean reader's system has Hangul fonts; a bare test machine may have none, and
    the Korean pages' screenshots would show boxes. Fontconfig is pointed at the
    NanumGothic files that the locked koreanize-matplotlib package brings (the same the
    Korean figures are drawn with), besides the system's own fonts. The folder is found
    without importing the package, which would register its fonts with matplotlib and
    change the rc parameters of the test process.
    """
    spec = importlib.util.find_spec("koreanize_matplotlib")
    assert spec is not None and spec.submodule_search_locations, "koreanize-matplotlib missing"
    fonts = Path(spec.submodule_search_locations[0]) / "fonts"
    folder = Path(tempfile.gettempdir()) / f"gdtheory-fontconfig-{os.getuid()}"
    folder.mkdir(exist_ok=True)
    conf = folder / "fonts.conf"
    conf.write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "fonts.dtd">\n<fontconfig>\n'
        '  <include ignore_missing="yes">/etc/fonts/fonts.conf</include>\n'
        f"  <dir>{fonts}</dir>\n  <cachedir>{folder / 'cache'}</cachedir>\n</fontconfig>\n",
        encoding="utf-8",
    )
    return {**os.environ, "FONTCONFIG_FILE": str(conf)}


class Visit:
    """A page opened with every request checked and every console error kept.

    Requests to anything but ``base`` (and ``data:`` URLs) are aborted and listed in
    ``blocked``: no request may leave the site.
    """

    def __init__(
        self,
        browser,
        base: str,
        permissions: tuple[str, ...] = (),
        color_scheme: str = "light",
    ) -> None:
        self.base = base
        self.errors: list[str] = []
        self.blocked: list[str] = []
        self.failed: list[str] = []
        self.context = browser.new_context(
            viewport={"width": 1280, "height": 900}, color_scheme=color_scheme
        )
        if permissions:
            self.context.grant_permissions(list(permissions), origin=base)
        self.page = self.context.new_page()
        self.page.on("console", self._console)
        self.page.on("pageerror", lambda exc: self.errors.append(f"page error: {exc}"))
        self.page.on("requestfailed", lambda r: self.failed.append(f"{r.url} ({r.failure})"))
        self.page.route("**/*", self._route)

    def _console(self, msg) -> None:
        if msg.type == "error":
            self.errors.append(msg.text)

    def _route(self, route) -> None:
        if route.request.url.startswith(self.base) or route.request.url.startswith("data:"):
            route.continue_()
        else:
            self.blocked.append(route.request.url)
            route.abort()

    def open(self, path: str) -> None:
        """Go to ``path`` (relative to the site root) and wait until MathJax has typeset."""
        self.page.goto(f"{self.base}/{path}", wait_until="load")
        self.page.evaluate(
            "() => window.MathJax && MathJax.startup && MathJax.startup.promise"
            " ? MathJax.startup.promise.then(() => true) : true"
        )

    def close(self) -> None:
        self.context.close()


@pytest.fixture
def visit(browser, server: str) -> Iterator[Callable[..., Visit]]:
    """``visit(path, color_scheme="light", permissions=())``: a ``Visit`` of a built page.

    Each call opens a fresh browser context; all are closed when the test ends.
    """
    opened: list[Visit] = []

    def open_page(
        path: str, color_scheme: str = "light", permissions: tuple[str, ...] = ()
    ) -> Visit:
        v = Visit(browser, server, permissions=permissions, color_scheme=color_scheme)
        opened.append(v)
        v.open(path)
        return v

    yield open_page
    for v in opened:
        v.close()


# What a build's log says it rendered (hooks/search_view.py logs it once per build).
RENDERS = re.compile(
    r"API objects (\d+) rendered, (\d+) reused \((\d+) from the last build\); "
    r"code blocks (\d+) highlighted, (\d+) reused \((\d+) from the last build\)"
)


def renders(log: str) -> tuple[dict[str, int], dict[str, int]]:
    """What a build's log says it rendered and reused, for API objects and for code blocks."""
    found = RENDERS.search(log)
    assert found, log[-2000:]
    n = list(map(int, found.groups()))
    names = ("rendered", "reused", "stored")
    return dict(zip(names, n[:3], strict=True)), dict(zip(names, n[3:], strict=True))
