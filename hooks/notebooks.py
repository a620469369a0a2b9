"""MkDocs hook: execute every ``docs/**/*.ipynb`` at build time, cached on what it depends on.

mkdocs-jupyter's own cache is keyed on the notebook's bytes only, so a change to
``gdtheory`` would not re-run a notebook. Here each notebook is executed with
nbclient into a cache keyed on the notebook, the ``gdtheory`` sources and the
kernel's package versions; mkdocs-jupyter (``execute: false``) then renders the
executed copy. A cell that raises fails the build. Stale notebooks run in
parallel, one kernel per core.

Kernels draw with matplotlib's inline backend (PNG, whose bytes are the same on every
run), whatever ``MPLBACKEND`` the build itself runs with, and talk to the build over
local IPC sockets, not TCP. On each notebook page the solution (from the heading
"Solution" to the end) is folded into a ``<details>`` block, and a download link
serves the executed ``.ipynb``, handed to MkDocs as a generated file.
"""

from __future__ import annotations

import hashlib
import logging
import os
import posixpath
import re
import shutil
import tempfile
from concurrent.futures import ThreadPoolExecutor
from importlib.metadata import version
from pathlib import Path

import mkdocs.plugins
import nbformat
from _cache import SINGLE_THREADED, cache_dir, key, package_digest
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError
from traitlets.config import Config

log = logging.getLogger("mkdocs.hooks.notebooks")
TIMEOUT = 600

# What the kernels get on top of the build's environment. The build may run with
# MPLBACKEND=Agg (figure scripts, tests), under which plt.show() draws nothing.
KERNEL_ENV = {**SINGLE_THREADED, "MPLBACKEND": "module://matplotlib_inline.backend_inline"}
# PNG whatever the reader's IPython profile says (an SVG would inline text and ids).
KERNEL_ARGS = ["--InlineBackend.figure_formats=png"]

# mkdocs-jupyter inlines ~600 KB of identical CSS into every notebook page. It is
# moved into one shared stylesheet: pages stay light, and the search plugin no
# longer parses it once per notebook.
STYLE = re.compile(r"<style[^>]*>.*?</style>", re.DOTALL)
NOTEBOOK_CSS = "assets/notebook.css"
_styles: dict[str, None] = {}  # the CSS blocks met in this build, in order (a set that keeps order)
# The download button's icon, at the size of the text beside it.
OWN_CSS = """
.nb-download .md-button svg { width: 1.2em; height: 1.2em; fill: currentColor;
  vertical-align: -0.25em; }
"""
_nav_titles: dict[str, str] = {}  # src_uri -> the title the nav gives a notebook page


def coalesce_streams(outputs: list) -> list:
    """Merge adjacent stdout (or stderr) chunks into one output.

    How a kernel splits its stream into messages depends on timing, so without
    this two builds of the same notebook can differ in bytes.
    """
    merged: list = []
    for out in outputs:
        last = merged[-1] if merged else None
        if (
            out.get("output_type") == "stream"
            and last is not None
            and last.get("output_type") == "stream"
            and last.get("name") == out.get("name")
        ):
            last["text"] += out["text"]
        else:
            merged.append(out)
    return merged


def execute(source: Path, target: Path) -> None:
    """Run ``source`` top to bottom in a fresh kernel and write the result to ``target``."""
    nb = nbformat.read(source, as_version=4)
    # IPC sockets in a private folder: over TCP the kernel warns on every start that
    # its traffic is unencrypted, and the sockets must not land in docs/. (Windows has
    # no IPC transport in ZeroMQ: TCP there.)
    with tempfile.TemporaryDirectory(prefix="gdtheory-kernel-") as sockets:
        manager = {"transport": "ipc", "ip": f"{sockets}/kernel"} if os.name != "nt" else {}
        ipc = Config({"KernelManager": manager})
        client = NotebookClient(
            nb,
            timeout=TIMEOUT,
            kernel_name="python3",
            allow_errors=False,
            record_timing=False,
            resources={"metadata": {"path": str(source.parent)}},
            config=ipc,
            extra_arguments=KERNEL_ARGS,
        )
        try:
            client.execute(env={**os.environ, **KERNEL_ENV})  # passed to the kernel
        except CellExecutionError as exc:
            raise PluginError(f"Notebook {source} failed:\n{exc}") from None
    nb.metadata.pop("widgets", None)
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.outputs = coalesce_streams(cell.outputs)
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_suffix(".tmp")
    nbformat.write(nb, tmp)
    tmp.replace(target)


# After mkdocs-jupyter wraps each notebook in its NotebookFile: that wrapper computes
# abs_src_path itself, so the executed copy must be set on the wrapper.
def on_config(config):
    # mkdocs-jupyter caches rendered HTML; keep that cache beside ours.
    jupyter = config.plugins.get("mkdocs-jupyter")
    if jupyter is not None:
        jupyter.config["cache_dir"] = str(cache_dir("mkdocs-jupyter"))
    return config


@mkdocs.plugins.event_priority(-100)
def on_files(files: Files, config) -> Files:
    notebooks = [f for f in files if f.src_uri.endswith(".ipynb") and f.abs_src_path]
    if not notebooks:
        return files
    common = key(
        package_digest(),
        repr(sorted(KERNEL_ENV.items())),
        *KERNEL_ARGS,
        *(version(name) for name in ("numpy", "matplotlib", "matplotlib-inline", "nbclient")),
        version("ipykernel"),
    )
    out_dir = cache_dir("notebooks")
    plan = {}
    for f in notebooks:
        source = Path(f.abs_src_path)
        # One folder per key keeps the notebook's own name for the download link.
        plan[f] = (source, out_dir / key(common, source.read_bytes()) / source.name)
    stale = [pair for pair in plan.values() if not pair[1].exists()]
    if stale:
        log.info("Executing %d of %d notebooks", len(stale), len(plan))
        with ThreadPoolExecutor(2) as pool:
            list(pool.map(lambda pair: execute(*pair), stale))
    live = {target.parent for _, target in plan.values()}
    for old in out_dir.iterdir():
        if old not in live:
            shutil.rmtree(old, ignore_errors=True)
    for f, (_, target) in plan.items():
        f.abs_src_path = str(target)
        files.append(File.generated(config, _download_uri(f), abs_src_path=str(target)))
    return files


def _download_uri(f) -> str:
    """Where the executed notebook is served: beside the page, under its own name."""
    name = posixpath.basename(f.src_uri)
    uri = posixpath.join(posixpath.dirname(f.dest_uri), name)
    if uri == f.src_uri:  # use_directory_urls: false puts the page beside its source
        uri = uri.removesuffix(".ipynb") + ".executed.ipynb"
    return uri


def _is_notebook(page) -> bool:
    return page.file.src_uri.endswith(".ipynb")


def on_pre_build(config) -> None:
    _styles.clear()
    _nav_titles.clear()


def on_pre_page(page, config, files):
    # mkdocs-jupyter replaces the page's title with the notebook's first heading when
    # it renders the page; the short name given in the nav is kept for the sidebar.
    title = vars(page).get("title")
    if _is_notebook(page) and title:
        _nav_titles[page.file.src_uri] = title
    return page


CELL = '<div class="jp-Cell '
NOTEBOOK_END = "</div> <!-- jp-Notebook -->"
SOLUTION = re.compile(r'<h2 id="solution">')
DOWNLOAD_ICON = (  # Material Design Icons "download" (Apache 2.0), as Material's own buttons
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24" aria-hidden="true">'
    '<path d="M5 20h14v-2H5m14-9h-4V3H9v6H5l7 7z"/></svg>'
)


def fold_solution(html: str, src: str) -> str:
    """Put the cells from the "Solution" heading to the end into a closed ``<details>``."""
    found = SOLUTION.search(html)
    if found is None:
        return html
    start = html.rfind(CELL, 0, found.start())
    end = html.rfind(NOTEBOOK_END)
    if start < 0 or end < found.start():
        raise PluginError(f"{src}: cannot find the cells of the solution to fold")
    summary = "Solution: open it once you have tried the exercise"
    return (
        f'{html[:start]}<details class="success nb-solution"><summary>{summary}</summary>\n'
        f"{html[start:end]}</details>\n{html[end:]}"
    )


def add_download(html: str, page, files: Files) -> str:
    """A link to the executed notebook, after the first cell (an exercise's statement)."""
    uri = _download_uri(page.file)
    if files.get_file_from_path(uri) is None:
        raise PluginError(f"{page.file.src_uri}: no executed notebook at {uri}")
    href = posixpath.relpath(uri, posixpath.dirname(page.file.dest_uri))
    link = (
        f'<p class="nb-download"><a class="md-button" href="{href}" download>'
        f"{DOWNLOAD_ICON} Download this notebook</a> "
        "(.ipynb, with the outputs shown here)</p>\n"
    )
    first = html.find(CELL)
    second = html.find(CELL, first + len(CELL)) if first >= 0 else -1
    at = second if second >= 0 else html.rfind(NOTEBOOK_END)
    if at < 0:
        raise PluginError(f"{page.file.src_uri}: cannot place the download link")
    return html[:at] + link + html[at:]


@mkdocs.plugins.event_priority(100)  # before the search plugin indexes the page
def on_page_content(html: str, page, config, files) -> str:
    if not _is_notebook(page):
        return html
    for block in STYLE.findall(html):
        _styles.setdefault(block[block.index(">") + 1 : -len("</style>")])
    html = STYLE.sub("", html)
    if page.file.src_uri in _nav_titles:
        page.title = _nav_titles[page.file.src_uri]
    html = add_download(html, page, files)
    return fold_solution(html, page.file.src_uri)


def on_post_page(output: str, page, config) -> str:
    if not _is_notebook(page):
        return output
    link = f'<link rel="stylesheet" href="{_css_url(page)}">'
    return output.replace("</head>", f"  {link}\n  </head>", 1)


def _css_url(page) -> str:
    """The stylesheet's URL relative to the page (directory URLs: one ``../`` per level)."""
    return "../" * page.url.count("/") + NOTEBOOK_CSS


def on_post_build(config) -> None:
    if not _styles:
        return
    # Own rules first: mkdocs-jupyter's last block is not valid CSS and would swallow them.
    css = "\n".join([OWN_CSS, *_styles])
    out = Path(config["site_dir"]) / NOTEBOOK_CSS
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(css, encoding="utf-8")
    digest = hashlib.sha1(css.encode()).hexdigest()[:8]
    log.info("Notebook stylesheet: %d KB (%s)", len(css) // 1024, digest)
