"""The developer commands as a newcomer meets them: what the test run says it skipped.

Each check runs a small pytest session in a subprocess, with the optional tool made
missing inside it, and reads what that session prints.
"""

from __future__ import annotations

import importlib.util
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import textwrap
import time
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.conftest import renders

ROOT = Path(__file__).resolve().parent.parent

TORCH_HINT = "PyTorch is not installed: run `python3 dev.py setup --torch`"
CHROMIUM_HINT = "Chromium is not installed: apt-get install chromium"

# Inner test files. ``sys.modules["torch"] = None`` makes ``import torch`` raise
# ImportError; an empty PATH hides Chromium.
NO_TORCH = """
    import sys
    sys.modules["torch"] = None
    from tests._optional import need_torch
    torch = need_torch()

    def test_uses_torch():
        assert torch is not None
"""
NO_CHROMIUM = """
    from tests._optional import need_chromium

    def test_browser(monkeypatch):
        monkeypatch.setenv("PATH", "")
        need_chromium()

    def test_other():
        pass
"""
OK = """
    def test_ok():
        pass
"""


def inner_pytest(tmp_path: Path, files: dict[str, str], *, ci: bool) -> subprocess.CompletedProcess:
    """Run pytest on ``files`` in ``tmp_path`` with this project's optional-tool plugin."""
    for name, text in files.items():
        (tmp_path / name).write_text(textwrap.dedent(text))
    env = {k: v for k, v in os.environ.items() if k not in {"CI", "PYTEST_ADDOPTS"}}
    env["PYTHONPATH"] = str(ROOT)
    if ci:
        env["CI"] = "true"
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-p",
            "tests._optional",
            "-q",
            "-ra",
            "-p",
            "no:cacheprovider",
        ],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_missing_torch_skips_with_the_readme_hint(tmp_path: Path) -> None:
    run = inner_pytest(tmp_path, {"test_t.py": NO_TORCH, "test_ok.py": OK}, ci=False)
    assert run.returncode == 0, run.stdout + run.stderr
    assert "1 passed, 1 skipped" in run.stdout, run.stdout
    assert TORCH_HINT in run.stdout, run.stdout


def test_missing_chromium_skips_with_the_install_hint(tmp_path: Path) -> None:
    run = inner_pytest(tmp_path, {"test_b.py": NO_CHROMIUM}, ci=False)
    assert run.returncode == 0, run.stdout + run.stderr
    assert "1 passed, 1 skipped" in run.stdout, run.stdout
    assert CHROMIUM_HINT in run.stdout, run.stdout


@pytest.mark.parametrize("files", [{"test_t.py": NO_TORCH}, {"test_b.py": NO_CHROMIUM}])
def test_under_ci_a_missing_tool_fails_the_run(tmp_path: Path, files: dict[str, str]) -> None:
    run = inner_pytest(tmp_path, files, ci=True)
    assert run.returncode != 0, run.stdout
    hint = TORCH_HINT if "test_t.py" in files else CHROMIUM_HINT
    assert hint in run.stdout, run.stdout
    assert "skipped" not in run.stdout.splitlines()[-1], run.stdout


def test_the_run_ends_saying_what_did_not_run(tmp_path: Path) -> None:
    run = inner_pytest(tmp_path, {"test_t.py": NO_TORCH, "test_b.py": NO_CHROMIUM}, ci=False)
    assert run.returncode == 0, run.stdout + run.stderr
    lines = run.stdout.rstrip().splitlines()
    # The last line is pytest's count; the one above it names each missing tool and its fix.
    summary = lines[-2]
    assert summary.lower().count("did not run") == 1, run.stdout
    assert "PyTorch" in summary and "python3 dev.py setup --torch" in summary, run.stdout
    assert "browser" in summary and "apt-get install chromium" in summary, run.stdout


def test_a_full_run_says_nothing_about_skips(tmp_path: Path) -> None:
    run = inner_pytest(tmp_path, {"test_ok.py": OK}, ci=False)
    assert run.returncode == 0, run.stdout + run.stderr
    assert "did not run" not in run.stdout.lower(), run.stdout


# --- Set-up: the editable install prints nothing a newcomer cannot act on ---------------


def test_the_editable_install_prints_no_warning(tmp_path: Path) -> None:
    """``dev.py setup``'s editable-install step, on a copy of the project into a fresh venv."""
    import venv

    import dev

    project = tmp_path / "project"
    project.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, project / name)
    shutil.copytree(
        ROOT / "gdtheory", project / "gdtheory", ignore=shutil.ignore_patterns("__pycache__")
    )
    target = tmp_path / "venv"
    venv.create(target, with_pip=False)
    python = target / ("Scripts" if os.name == "nt" else "bin") / "python"
    run = subprocess.run(
        [sys.executable, "-m", "pip", "--python", str(python), *dev.EDITABLE, "."],
        cwd=project,
        capture_output=True,
        text=True,
        timeout=300,
    )
    output = run.stdout + run.stderr
    assert run.returncode == 0, output
    assert "warning" not in output.lower(), output


# --- Live preview: a page rebuilt by `mkdocs serve --dirty` links like a full build -----

# What `dev.py serve` reads besides the Python environment.
PROJECT = ("docs", "hooks", "gdtheory", "overrides", "benchmarks/results", "mkdocs.yml")
RAW_REF = re.compile(r"\]\[gdtheory\.[\w.]*\]")
HREF = re.compile(r'<a [^>]*href="([^"]+)"')


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Serve:
    """``mkdocs serve --livereload --dirty`` on a copy of the project, its log kept."""

    def __init__(
        self, tmp: Path, cache: Path, prepare: Callable[[Path], None] | None = None
    ) -> None:
        self.root = tmp / "project"
        for name in PROJECT:
            src, dst = ROOT / name, self.root / name
            if src.is_dir():
                shutil.copytree(src, dst, ignore=shutil.ignore_patterns("__pycache__"))
            else:
                dst.parent.mkdir(parents=True, exist_ok=True)
                shutil.copy(src, dst)
        if prepare is not None:
            prepare(self.root)
        self.slowest_request = 0.0
        self.cache = tmp / "cache"
        shutil.copytree(cache, self.cache)
        self.port = free_port()
        self.log_path = tmp / "serve.log"
        self.log_file = self.log_path.open("w")
        env = dict(os.environ, GDTHEORY_CACHE_DIR=str(self.cache), NO_MKDOCS_2_WARNING="1")
        env["DISABLE_MKDOCS_2_WARNING"] = "true"
        env["GDTHEORY_BUILD_ONLY"] = "en"  # as `dev.py serve` runs it (one edition)
        # Figure scripts and notebook kernels import the copy's gdtheory, not the tree's.
        env["PYTHONPATH"] = str(self.root)
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "mkdocs", "serve", "--livereload", "--dirty"]
            + ["-a", f"127.0.0.1:{self.port}"],
            cwd=self.root,
            env=env,
            stdout=self.log_file,
            stderr=subprocess.STDOUT,
        )

    def log(self) -> str:
        return self.log_path.read_text()

    def wait_for(self, text: str, count: int, timeout: float) -> float:
        """Wait until ``text`` occurs ``count`` times in the log; return the seconds waited."""
        start = time.perf_counter()
        while self.log().count(text) < count:
            if self.proc.poll() is not None:
                pytest.fail(f"mkdocs serve exited ({self.proc.returncode}):\n{self.log()}")
            if time.perf_counter() - start > timeout:
                pytest.fail(f"no {text!r} x{count} within {timeout} s:\n{self.log()}")
            time.sleep(0.05)
        return time.perf_counter() - start

    def get(self, path: str) -> str:
        return self.get_bytes(path).decode()

    def get_bytes(self, path: str) -> bytes:
        """The served file; the slowest request so far is kept in ``slowest_request``."""
        url = f"http://127.0.0.1:{self.port}/gdtheory/{path}"
        start = time.perf_counter()
        with urllib.request.urlopen(url, timeout=300) as response:
            body = response.read()
        self.slowest_request = max(self.slowest_request, time.perf_counter() - start)
        return body

    def close(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        self.log_file.close()


@pytest.fixture(scope="module")
def serve(tmp_path_factory: pytest.TempPathFactory, built) -> Iterator[Serve]:
    """A live server whose first build is warm: it starts from the session build's cache."""
    server = Serve(tmp_path_factory.mktemp("serve"), built.cache)
    try:
        server.wait_for("Serving on", 1, timeout=900)
        if "in the background" in server.log():  # the tree changed since the build
            server.wait_for("Background jobs done", 1, timeout=1800)
            time.sleep(2)
        yield server
    finally:
        server.close()


def content_links(html: str) -> list[str]:
    """The links of a page's article (navigation and footer left out)."""
    article = html.split('<article class="md-content__inner', 1)[1].split("</article>", 1)[0]
    return HREF.findall(article)


def check_page_edit(serve: Serve) -> float:
    """Edit a page under the server; check what it serves; return the seconds to the reload."""
    page = "basics/stochastic/"
    before = serve.get(page)
    assert not RAW_REF.findall(before)
    links = content_links(before)
    assert any("reference/" in link for link in links), "the page links no API entry"
    log_start = len(serve.log())
    reloads = serve.log().count("Reloading browsers")
    with (serve.root / "docs/basics/stochastic.md").open("a") as f:
        f.write("\nA sentence added while the server runs.\n")
    body, seconds = poll(
        lambda: serve.get_bytes(page),
        lambda b: b"A sentence added while the server runs." in b,
        serve,
        timeout=300,
    )
    assert serve.log().count("Reloading browsers") > reloads
    after = body.decode()

    assert "A sentence added while the server runs." in after
    # The page's Markdown edition (llms-full.txt) follows: converted in the background.
    poll(
        lambda: serve.get_bytes(page + "index.md"),
        lambda b: b"A sentence added while the server runs." in b,
        serve,
        timeout=300,
    )
    assert RAW_REF.findall(after) == [], "raw cross-references on the rebuilt page"
    assert content_links(after) == links
    rebuild_log = serve.log()[log_start:]
    assert "autorefs" not in rebuild_log and "WARNING" not in rebuild_log, rebuild_log
    assert "Evicted" not in rebuild_log, "notebook renderings dropped from the cache"
    return seconds


@pytest.mark.site
def test_serve_starts_without_a_warning(serve: Serve) -> None:
    start = serve.log().split("Serving on", 1)[0]
    assert "WARNING" not in start, start


@pytest.mark.site
def test_a_page_rebuilt_under_serve_links_like_the_full_build(serve: Serve) -> None:
    seconds = check_page_edit(serve)
    print(f"page edit served after {seconds:.2f} s")


DOCSTRING = "Cosine annealing from ``init_value`` down to ``min_value`` over ``T_max`` steps."
ADDED = "A sentence added to the docstring while the server runs."


def check_docstring_edit(serve: Serve) -> float:
    """Edit a docstring under the server: the API page shows it, nothing is redrawn."""
    log_start = len(serve.log())
    reloads = serve.log().count("Reloading browsers")
    edit(serve.root / "gdtheory/schedules.py", DOCSTRING, f"{DOCSTRING} {ADDED}")
    _, seconds = poll(
        lambda: serve.get_bytes("reference/schedules/"), lambda b: ADDED.encode() in b, serve, 600
    )
    assert serve.log().count("Reloading browsers") > reloads
    rebuild_log = serve.log()[log_start:]
    for redraw in ("Drawing", "Executing"):
        assert redraw not in rebuild_log, f"a docstring edit started {redraw}:\n{rebuild_log}"
    assert "WARNING" not in rebuild_log, rebuild_log
    return seconds


@pytest.mark.site
def test_a_docstring_edit_under_serve_rerenders_the_api_pages_only(serve: Serve) -> None:
    seconds = check_docstring_edit(serve)
    print(f"docstring edit served after {seconds:.2f} s")


# --- A code edit under serve: the pages at once, figures and notebooks as they finish -----

# A figure script that stands for a slow figure: it draws only once the test opens its
# gate (a file), and writes what the gate says. Its name sorts it first among the figures,
# so the test waits for the notebooks queued before it, not for every figure.
GATE_FIGURE = "aaa_serve_gate"
GATE_SCRIPT = """\
from pathlib import Path
import time

import matplotlib.pyplot as plt

import gdtheory  # noqa: F401  (figures depend on the package's code)

gate = Path({gate!r})
deadline = time.monotonic() + 900
while not gate.exists() and time.monotonic() < deadline:
    time.sleep(0.1)
fig, ax = plt.subplots()
ax.set_title(gate.read_text() if gate.exists() else "the gate never opened")
"""
PLACEHOLDER = "gdtheory-placeholder"  # what marks a stand-in (hooks/sitebuild/jobs.py)
EDITED_FUNCTION = "clip_by_value"  # in gdtheory/clipping.py, shown with its source on the page
CODE_MARK = "edited_while_serving"


def edit_function_body(module: Path, function: str, statement: str) -> None:
    """Put ``statement`` first in ``function``'s body (after its docstring)."""
    import ast

    lines = module.read_text().splitlines(keepends=True)
    tree = ast.parse("".join(lines))
    node = next(n for n in tree.body if isinstance(n, ast.FunctionDef) and n.name == function)
    first = node.body[0]
    indent = " " * first.col_offset
    lines.insert(first.end_lineno, f"{indent}{statement}\n")
    module.write_text("".join(lines))


def poll(fetch: Callable[[], bytes], done: Callable[[bytes], bool], serve: Serve, timeout: float):
    """Fetch until ``done(body)``; return the body and the seconds it took."""
    start = time.perf_counter()
    while True:
        body = fetch()
        if done(body):
            return body, time.perf_counter() - start
        if serve.proc.poll() is not None:
            pytest.fail(f"mkdocs serve exited ({serve.proc.returncode}):\n{serve.log()}")
        if time.perf_counter() - start > timeout:
            pytest.fail(f"not served within {timeout} s:\n{serve.log()[-6000:]}")
        time.sleep(0.2)


def check_code_edit(serve: Serve, gate: Path) -> dict[str, float]:
    """A code edit under the server: nothing waits for the figure the edit makes stale.

    The gate figure cannot finish while its gate is closed, so a page served with the gate
    closed was served before that figure job finished.
    """
    figure = f"figures/{GATE_FIGURE}.svg"
    # The first build did not wait for the new figure either: a marked placeholder.
    serve.wait_for("Serving on", 1, timeout=600)
    assert PLACEHOLDER.encode() in serve.get_bytes(figure)
    gate.write_text("before the edit")
    first, _ = poll(
        lambda: serve.get_bytes(figure), lambda b: PLACEHOLDER.encode() not in b, serve, timeout=600
    )

    gate.unlink()
    reloads = serve.log().count("Reloading browsers")
    log_start = len(serve.log())
    api = "reference/clipping/"
    assert CODE_MARK not in serve.get(api)
    edit_function_body(
        serve.root / "gdtheory/clipping.py", EDITED_FUNCTION, f'{CODE_MARK} = "a code edit"'
    )
    page, seconds = poll(
        lambda: serve.get_bytes(api), lambda b: CODE_MARK.encode() in b, serve, timeout=300
    )
    assert serve.log().count("Reloading browsers") > reloads
    # Served before the figure job finished (its gate is closed): the previous figure.
    assert serve.get_bytes(figure) == first
    assert "in the background" in serve.log()[log_start:], serve.log()[log_start:]
    # The rebuild rendered the edited module's page alone (the pages of modules that
    # import clipping.py show none of its code), and each of its objects once.
    serve.wait_for("Reloading browsers", reloads + 1, timeout=60)
    rebuild = serve.log()[log_start:].split("Reloading browsers", 1)[0]
    objects = re.findall(r"^::: ", (serve.root / "docs/reference/clipping.md").read_text(), re.M)
    assert renders(rebuild)[0]["rendered"] == len(objects), rebuild

    reloads = serve.log().count("Reloading browsers")
    log_start = len(serve.log())
    gate.write_text("after the edit")
    second, later = poll(lambda: serve.get_bytes(figure), lambda b: b != first, serve, timeout=900)
    assert PLACEHOLDER.encode() not in second
    assert serve.log().count("Reloading browsers") > reloads, "the figure came without a reload"
    # The reload for the figure renders no API object again (the log counts this build's).
    assert renders(serve.log()[log_start:])[0]["rendered"] == 0, serve.log()[log_start:]
    # A rebuild never holds a request for long (a blocking rebuild redraws every figure).
    assert serve.slowest_request < 60, f"a request waited {serve.slowest_request:.1f} s"
    return {"page": seconds, "figure": later, "slowest_request": serve.slowest_request}


def test_until_a_job_is_done_the_site_serves_the_last_version_or_a_marked_placeholder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GDTHEORY_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.syspath_prepend(str(ROOT / "hooks"))
    from sitebuild import jobs

    old, new = tmp_path / "fig-old.svg", tmp_path / "fig-new.svg"
    stand_in = jobs.serving(old, "figures/fig.svg")
    assert stand_in != old and PLACEHOLDER in stand_in.read_text()
    assert "Figure being drawn: fig" in stand_in.read_text()

    old.write_text("<svg>old</svg>")
    assert jobs.serving(old, "figures/fig.svg") == old
    old.unlink()  # the cache is pruned once the key changes
    kept = jobs.serving(new, "figures/fig.svg")
    assert kept.read_text() == "<svg>old</svg>"
    new.write_text("<svg>new</svg>")
    assert jobs.serving(new, "figures/fig.svg") == new
    assert jobs.serving(tmp_path / "newer.svg", "figures/fig.svg").read_text() == "<svg>new</svg>"

    source = ROOT / "docs" / "quickstart.ipynb"
    nb = jobs.serving(tmp_path / "missing.ipynb", "quickstart.ipynb", source)
    cells = json.loads(nb.read_text())["cells"]
    assert PLACEHOLDER in "".join(cells[0]["source"])
    code = [c for c in cells if c["cell_type"] == "code"]
    assert code and all(c["outputs"] == [] for c in code)
    data = jobs.serving(tmp_path / "explore_x.json", "figures/explore_x.json")
    assert PLACEHOLDER in json.loads(data.read_text())


def add_gate_figure(root: Path, gate: Path) -> None:
    script = root / "docs" / "figures" / f"{GATE_FIGURE}.py"
    script.write_text(GATE_SCRIPT.format(gate=str(gate)))


@pytest.mark.site
def test_a_code_edit_under_serve_serves_pages_first_and_figures_as_they_finish(
    tmp_path: Path, built
) -> None:
    gate = tmp_path / "gate"
    server = Serve(tmp_path, built.cache, prepare=lambda root: add_gate_figure(root, gate))
    try:
        times = check_code_edit(server, gate)
    finally:
        gate.write_text("released")  # the figure script ends even if the test failed
        server.close()
    print(
        f"code edit: page served after {times['page']:.2f} s, the figure "
        f"{times['figure']:.1f} s after its job could finish; "
        f"slowest request {times['slowest_request']:.2f} s"
    )


# --- Cache keys: figures and notebooks depend on the package's code, not its prose -------


def load_cache_module():
    """``hooks/_cache.py`` as a module (the hooks directory is not a package)."""
    spec = importlib.util.spec_from_file_location("_cache_under_test", ROOT / "hooks" / "_cache.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1))


@pytest.fixture
def package(tmp_path: Path) -> Path:
    """A copy of ``gdtheory`` to edit."""
    copy = tmp_path / "gdtheory"
    shutil.copytree(ROOT / "gdtheory", copy, ignore=shutil.ignore_patterns("__pycache__"))
    return copy


def test_prose_edits_keep_the_artifact_key_and_code_edits_change_it(package: Path) -> None:
    cache = load_cache_module()
    code = cache.package_digest(package)
    assert code == cache.package_digest(ROOT / "gdtheory")
    module = package / "schedules.py"

    edit(module, "Learning-rate schedules: ", "Learning-rate schedules, a sentence more: ")
    assert cache.package_digest(package) == code, "a module docstring edit changed the key"

    edit(module, "\ndef _steps(", "\ndef _steps(\n    # a comment inside the signature\n")
    edit(module, "\ndef _increasing(", "\n# A comment line.\ndef _increasing(")
    assert cache.package_digest(package) == code, "a comment changed the key"

    edit(module, DOCSTRING, f"{DOCSTRING} {ADDED}")
    assert cache.package_digest(package) == code, "a class docstring edit changed the key"

    edit(module, "\ndef _steps(", "\nUNUSED = 1\n\n\ndef _steps(")
    assert cache.package_digest(package) != code, "a code edit kept the key"


# --- CI: .ci/run installs both extras and runs the tests with CI=true --------------------


def test_ci_runs_the_tests_with_both_extras_required(tmp_path: Path) -> None:
    """``.ci/run`` with stand-ins for python3 and chromium that record their calls."""
    calls = tmp_path / "calls"
    stub = tmp_path / "bin"
    stub.mkdir()
    (stub / "python3").write_text(f'#!/bin/sh\necho "CI=$CI $*" >> {calls}\nexit 0\n')
    (stub / "chromium").write_text("#!/bin/sh\nexit 0\n")
    for f in stub.iterdir():
        f.chmod(0o755)
    env = {k: v for k, v in os.environ.items() if k != "CI"}
    env["PATH"] = f"{stub}{os.pathsep}{env['PATH']}"
    run = subprocess.run(
        ["bash", str(ROOT / ".ci" / "run")], env=env, capture_output=True, text=True, timeout=60
    )
    assert run.returncode == 0, run.stdout + run.stderr
    lines = calls.read_text().splitlines()
    assert "CI=true dev.py setup --all" in lines, lines
    assert lines[-1] == "CI=true dev.py test", lines


def load_hook(name: str):
    """``hooks/<name>.py`` as a module, with ``hooks/`` importable as MkDocs arranges."""
    sys.path.insert(0, str(ROOT / "hooks"))
    try:
        spec = importlib.util.spec_from_file_location(
            f"{name}_under_test", ROOT / "hooks" / f"{name}.py"
        )
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
    finally:
        sys.path.remove(str(ROOT / "hooks"))
    return module


def test_a_module_edit_rerenders_only_the_api_pages_that_document_it() -> None:
    dirty = load_hook("dirty")
    pages = {
        f"reference/{p.name}": p.read_text() for p in (ROOT / "docs" / "reference").glob("*.md")
    }
    package = ROOT / "gdtheory"

    # The schedules page and its Korean translation (which shows the same docstrings).
    assert dirty.api_pages_to_rerender(pages, package, {"schedules.py"}) == {
        "reference/schedules.md",
        "reference/schedules.ko.md",
    }
    with_api = {uri for uri, text in pages.items() if "\n::: gdtheory" in "\n" + text}
    assert dirty.api_pages_to_rerender(pages, package, {"__init__.py"}) == with_api
    # A module the documented code only imports from changes no page: the benchmark's
    # code edit (clipping.py) re-rendered the bounds, convergence, run and search pages.
    assert dirty.api_pages_to_rerender(pages, package, {"clipping.py"}) == {
        "reference/clipping.md",
        "reference/clipping.ko.md",
    }
    # The argument checks are shown on no page (value_at, which lives there, is).
    with_value_at = {uri for uri, text in pages.items() if "::: gdtheory.value_at" in text}
    assert with_value_at
    assert dirty.api_pages_to_rerender(pages, package, {"_validation.py"}) == with_value_at
    # Newton's base class is optimizers._Base: its inherited __init__ is shown in Newton's.
    with_newton = {uri for uri, text in pages.items() if "::: gdtheory.Newton\n" in text}
    assert with_newton
    assert with_newton <= dirty.api_pages_to_rerender(pages, package, {"optimizers.py"})
    assert dirty.api_pages_to_rerender(pages, package, set()) == set()


def test_an_api_page_depends_on_its_objects_modules_and_their_bases(tmp_path: Path) -> None:
    """Which module edits re-render a page, on a package made for each case."""
    dirty = load_hook("dirty")
    package = tmp_path / "pkg"
    package.mkdir()
    modules = {
        "__init__.py": "from .leaf import Leaf, helper_user\nfrom .chain import Chained\n",
        "checks.py": "def check(x):\n    return x\n",
        "base.py": "from .checks import check\n\nclass Root:\n    def __init__(self, x): ...\n",
        "middle.py": "from .base import Root\n\nclass Middle(Root):\n    pass\n",
        "reexport.py": "from .middle import Middle as Mid\n",
        "leaf.py": (
            "from . import base\nfrom .checks import check\nfrom .reexport import Mid\n\n"
            "class Local(Mid):\n    pass\n\nclass Leaf(Local):\n    pass\n\n"
            "class ByModule(base.Root):\n    pass\n\n"
            "def helper_user(x):\n    return check(x)\n"
        ),
        "chain.py": "from . import base\n\nclass Chained(base.Root):\n    pass\n",
        "whole.py": "from .checks import check\n",
    }
    for name, text in modules.items():
        (package / name).write_text(text)
    pages = {
        "leaf.md": "# Leaf\n\n::: pkg.Leaf\n",
        "helper.md": "::: pkg.helper_user\n",
        "chain.md": "::: pkg.Chained\n",
        "bymodule.md": "::: pkg.leaf.ByModule\n",
        "whole.md": "::: pkg.whole\n",
        "prose.md": "# No API here\n",
        "missing.md": "::: pkg.Nowhere\n",
    }

    def rerendered(*changed: str) -> set[str]:
        return dirty.api_pages_to_rerender(pages, package, set(changed))

    # Leaf -> Local (same module) -> Mid, re-exported -> Middle -> Root: every module on it.
    assert rerendered("middle.py") == {"leaf.md", "missing.md"}
    assert rerendered("reexport.py") == {"leaf.md", "missing.md"}
    assert rerendered("base.py") == {"leaf.md", "chain.md", "bymodule.md", "missing.md"}
    # A module imported only for what the code calls: only the page of a module shown whole.
    assert rerendered("checks.py") == {"whole.md", "missing.md"}
    # The defining module re-renders every page of its objects.
    assert rerendered("leaf.py") == {"leaf.md", "helper.md", "bymodule.md", "missing.md"}
    assert rerendered("__init__.py") == set(pages) - {"prose.md"}
    assert rerendered() == set()


def test_compiled_templates_are_kept_for_the_next_process(tmp_path: Path) -> None:
    """A new build (a new process, a new cache object) compiles no template it compiled
    before; an edited template is compiled again."""
    import jinja2

    dirty = load_hook("dirty")
    sources = {"page.html": "<h1>{{ title }}</h1>{% for x in xs %}<p>{{ x }}</p>{% endfor %}"}
    compiled: list[str] = []

    class Counting(jinja2.Environment):
        def _compile(self, source, filename):
            compiled.append(source)
            return super()._compile(source, filename)

    # The hook's cache is on disk, in the build cache; here one of its kind in a folder of
    # the test's own, made anew for each render as a new process makes it.
    assert isinstance(dirty._bytecode, jinja2.FileSystemBytecodeCache)
    assert Path(dirty._bytecode.directory) == dirty.cache_dir("jinja")
    (tmp_path / "jinja").mkdir()

    def render() -> str:
        env = Counting(
            loader=jinja2.DictLoader(sources),
            bytecode_cache=type(dirty._bytecode)(str(tmp_path / "jinja")),
        )
        return env.get_template("page.html").render(title="T", xs=[1, 2])

    first = render()
    assert len(compiled) == 1
    assert render() == first and len(compiled) == 1  # from the file
    sources["page.html"] = sources["page.html"].replace("<h1>", "<h2>").replace("</h1>", "</h2>")
    assert render() == "<h2>T</h2><p>1</p><p>2</p>"
    assert len(compiled) == 2


def test_folders_watched_after_on_serve_are_polled_as_often_as_the_docs(
    tmp_path: Path,
) -> None:
    """MkDocs watches the ``watch:`` folders (the package) after ``on_serve``: they must
    not be polled at the observer's default half second."""
    import watchdog.events
    import watchdog.observers.polling

    dirty = load_hook("dirty")
    observer = watchdog.observers.polling.PollingObserver(timeout=0.5)  # as MkDocs makes it
    handler = watchdog.events.FileSystemEventHandler()
    (tmp_path / "docs").mkdir()
    (tmp_path / "gdtheory").mkdir()
    observer.schedule(handler, str(tmp_path / "docs"), recursive=True)  # before on_serve
    dirty.poll_faster(observer)
    observer.schedule(handler, str(tmp_path / "gdtheory"), recursive=True)  # after it
    timeouts = {Path(e.watch.path).name: e.timeout for e in observer.emitters}
    assert timeouts == {"docs": dirty.POLL_SECONDS, "gdtheory": dirty.POLL_SECONDS}


def test_jobs_finishing_together_start_one_rebuild(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Under serve, five jobs finishing at once touch the server's signal file at most twice."""
    monkeypatch.setenv("GDTHEORY_CACHE_DIR", str(tmp_path))
    dirty = load_hook("dirty")
    monkeypatch.setattr(dirty, "SIGNAL_GAP", 0.5)
    writes: list[float] = []
    write = dirty._write_signal
    monkeypatch.setattr(dirty, "_write_signal", lambda: (writes.append(time.monotonic()), write()))
    for _ in range(5):
        dirty._signal()
    time.sleep(1.5)
    assert 1 <= len(writes) <= 2, writes
    assert all(b - a >= 0.45 for a, b in zip(writes, writes[1:], strict=False)), writes
    assert dirty._signal_file().exists()


def test_setup_knows_every_optional_extra_and_refuses_an_unknown_one(capsys) -> None:
    """Each ``requirements-NAME.lock`` is an extra ``dev.py setup --NAME`` installs."""
    import dev

    locks = {
        p.name.removeprefix("requirements-").removesuffix(".lock")
        for p in ROOT.glob("requirements-*.lock")
    }
    assert {"torch"} <= locks
    assert set(dev.extras()) == locks
    assert dev.main(["setup", "--no-such-extra"]) == 2
    err = capsys.readouterr().err
    assert "--no-such-extra" in err and all(f"--{name}" in err for name in locks), err


def test_undoing_a_code_edit_finds_the_figures_and_notebooks_of_before(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Pruning keeps the last two versions of the package's figures and notebooks: an
    author who tries a change and takes it back gets the old ones at once (before, the
    redrawn set replaced them and undoing an edit redrew every figure again: 105 s)."""
    monkeypatch.setenv("GDTHEORY_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.syspath_prepend(str(ROOT / "hooks"))
    from sitebuild import cache_module, figures, notebooks

    cache = cache_module()
    svgs, runs = cache.cache_dir("figures"), cache.cache_dir("notebooks")
    script = Path("docs/figures/a.py")

    def version(name: str) -> tuple[dict[Path, Path], dict[Path, Path]]:
        """The figure and the notebook one version of the package draws and runs."""
        (svgs / f"a-{name}.svg").write_text(name)
        (runs / name).mkdir(exist_ok=True)
        (runs / name / "nb.ipynb").write_text(name)
        return {script: svgs / f"a-{name}.svg"}, {Path("nb.ipynb"): runs / name / "nb.ipynb"}

    def kept() -> tuple[set[str], set[str]]:
        return {p.stem for p in svgs.glob("*.svg")}, {p.name for p in runs.iterdir() if p.is_dir()}

    for name in ("before", "edited", "before", "other"):
        figure, notebook = version(name)
        figures.prune(figure)
        notebooks.prune(notebook)
        if name == "edited":
            assert kept() == ({"a-before", "a-edited"}, {"before", "edited"})
        if name == "before":  # taken back: both versions stay
            assert {"a-before"} <= kept()[0] and "before" in kept()[1]
    assert kept() == ({"a-before", "a-other"}, {"before", "other"})  # the oldest went
