"""MkDocs hook: execute every ``docs/**/*.ipynb`` at build time, cached on what it depends on.

mkdocs-jupyter's own cache is keyed on the notebook's bytes only, so a change to
``gdtheory`` would not re-run a notebook. Here each notebook is executed with
nbclient into a cache keyed on the notebook, the ``gdtheory`` sources and the
kernel's package versions; mkdocs-jupyter (``execute: false``) then renders the
executed copy. A cell that raises fails the build. Stale notebooks run in
parallel, one kernel per core.
"""

from __future__ import annotations

import hashlib
import logging
import os
import re
import shutil
from concurrent.futures import ThreadPoolExecutor
from importlib.metadata import version
from pathlib import Path

import mkdocs.plugins
import nbformat
from _cache import SINGLE_THREADED, cache_dir, key, package_digest
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import Files
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError

log = logging.getLogger("mkdocs.hooks.notebooks")
TIMEOUT = 600

# mkdocs-jupyter inlines ~600 KB of identical CSS into every notebook page. It is
# moved into one shared stylesheet: pages stay light, and the search plugin no
# longer parses it once per notebook.
STYLE = re.compile(r"<style[^>]*>.*?</style>", re.DOTALL)
NOTEBOOK_CSS = "assets/notebook.css"
_styles: dict[str, None] = {}  # the CSS blocks met in this build, in order (a set that keeps order)


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
    client = NotebookClient(
        nb,
        timeout=TIMEOUT,
        kernel_name="python3",
        allow_errors=False,
        record_timing=False,
        resources={"metadata": {"path": str(source.parent)}},
    )
    try:
        client.execute(env={**os.environ, **SINGLE_THREADED})  # passed to the kernel
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
    common = key(package_digest(), version("numpy"), version("matplotlib"), version("nbclient"))
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
    return files


def _is_notebook(page) -> bool:
    return page.file.src_uri.endswith(".ipynb")


def on_pre_build(config) -> None:
    _styles.clear()


@mkdocs.plugins.event_priority(100)  # before the search plugin indexes the page
def on_page_content(html: str, page, config, files) -> str:
    if not _is_notebook(page):
        return html
    for block in STYLE.findall(html):
        _styles.setdefault(block[block.index(">") + 1 : -len("</style>")])
    return STYLE.sub("", html)


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
    css = "\n".join(_styles)
    out = Path(config["site_dir"]) / NOTEBOOK_CSS
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(css, encoding="utf-8")
    digest = hashlib.sha1(css.encode()).hexdigest()[:8]
    log.info("Notebook stylesheet: %d KB (%s)", len(css) // 1024, digest)
