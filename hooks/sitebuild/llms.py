"""Math for the machine-readable edition (``llms.txt``, ``llms-full.txt``): TeX, as written.

mkdocs-llmstxt turns page HTML into Markdown; pymdownx.arithmatex has left math
as ``\\(x_t\\)`` and ``\\[...\\]`` there, which the conversion flattens to ``(x_t)``
and escapes. :func:`protect_math` (run on the page's HTML before the conversion)
swaps each formula for a plain placeholder word; :func:`restore_math` (run on the
written files) puts the formula back as ``$...$`` or ``$$...$$``.

>>> from bs4 import BeautifulSoup
>>> html = '<p>step <span class="arithmatex">\\\\(x_t^*\\\\)</span></p>'
>>> soup = BeautifulSoup(html, "html.parser")
>>> protect_math(soup)
>>> restore_math(soup.get_text())
'step $x_t^*$'
"""

from __future__ import annotations

import json
import os
import queue
import re
import subprocess
import sys
import threading
from collections.abc import Callable
from pathlib import Path

_formulas: list[str] = []
PLACEHOLDER = re.compile(r"GDTHEORYMATH(\d{6})X")


def to_dollars(tex: str) -> str:
    """``\\(a\\)`` -> ``$a$`` and ``\\[a\\]`` -> ``$$a$$``; anything else unchanged."""
    tex = tex.strip()
    if tex.startswith("\\(") and tex.endswith("\\)"):
        return f"${tex[2:-2].strip()}$"
    if tex.startswith("\\[") and tex.endswith("\\]"):
        return f"$$\n{tex[2:-2].strip()}\n$$"
    return tex


def protect_math(soup) -> None:
    """Replace every arithmatex formula in ``soup`` by a placeholder word."""
    for element in soup.select(".arithmatex"):
        _formulas.append(to_dollars(element.get_text()))
        word = f"GDTHEORYMATH{len(_formulas) - 1:06d}X"
        if element.name == "div":  # display math: a paragraph of its own
            block = soup.new_tag("p")
            block.string = word
            element.replace_with(block)
        else:
            element.replace_with(word)


def restore_math(text: str) -> str:
    """Put the formulas back in place of their placeholders."""
    return PLACEHOLDER.sub(lambda m: _formulas[int(m.group(1))], text)


def restore_files(site_dir: Path) -> int:
    """Restore the math in ``llms*.txt`` and the per-page ``.md`` files; how many changed."""
    changed = 0
    site_dir = Path(site_dir)
    for path in [*site_dir.glob("llms*.txt"), *site_dir.rglob("*.md")]:
        text = path.read_text(encoding="utf-8")
        if PLACEHOLDER.search(text):
            path.write_text(restore_math(text), encoding="utf-8")
            changed += 1
    return changed


def cache_conversions(cache_dir: Path, background: Callable[[], None] | None = None) -> bool:
    """Keep mkdocs-llmstxt's HTML -> Markdown results on disk, keyed on the page's HTML.

    The conversion (BeautifulSoup, markdownify, mdformat) cost 8.8 s of CPU per build,
    more than the rest of a warm build. The cached text has its math restored
    already. False (and no cache) if mkdocs-llmstxt no longer has this function.

    With ``background`` (under ``mkdocs serve``) a page missing from the cache is
    converted in a worker process instead: the build keeps the page's previous text
    (:data:`PENDING` the first time) and ``background()`` is called when the pages
    queued are converted (:func:`take_ready` hands their text over).
    """
    import hashlib
    from importlib.metadata import version

    try:
        from mkdocs_llmstxt._internal import plugin
    except ImportError:
        return False
    convert = getattr(plugin, "_generate_page_markdown", None)
    if convert is None:
        return False
    convert = getattr(convert, "_gdtheory_inner", convert)
    salt = repr(
        [version(n) for n in ("mkdocs-llmstxt", "markdownify", "mdformat", "mdformat_tables")]
    ) + Path(__file__).read_text(encoding="utf-8")
    folder = Path(cache_dir)
    worker = _Converter(background) if background is not None else None

    def cached(html: str, **kwargs) -> str:
        h = hashlib.sha256((salt + repr(sorted(kwargs.items())) + html).encode()).hexdigest()
        path = folder / f"{h[:24]}.md"
        page = str(kwargs.get("path"))
        if path.exists():
            text = path.read_text(encoding="utf-8")
        elif worker is not None:
            worker.submit(page, html, kwargs, path)
            return _last.get(page, PENDING)
        else:
            text = restore_math(convert(html, **kwargs))
            path.write_text(text, encoding="utf-8")
        _last[page] = text
        return text

    cached._gdtheory_inner = convert
    plugin._generate_page_markdown = cached
    return True


PENDING = "*The text of this page is being generated; it appears at the next rebuild.*\n"
# Per page (its Markdown output path): the text last given to mkdocs-llmstxt.
_last: dict[str, str] = {}
# Per page: the text a background conversion finished since the last build took them.
_ready: dict[str, str] = {}
_ready_lock = threading.Lock()


def take_ready() -> dict[str, str]:
    """The pages (Markdown output path -> text) converted in the background since last asked."""
    with _ready_lock:
        ready = dict(_ready)
        _ready.clear()
    _last.update(ready)
    return ready


class _Converter:
    """One worker process (:func:`_serve`) that converts pages in turn, at a low priority."""

    def __init__(self, on_done: Callable[[], None]) -> None:
        self._on_done = on_done
        self._queue: queue.Queue = queue.Queue()
        self._queued: set[Path] = set()
        self._thread: threading.Thread | None = None

    def submit(self, page: str, html: str, kwargs: dict, path: Path) -> None:
        if path in self._queued:
            return
        self._queued.add(path)
        self._queue.put((page, html, kwargs, path))
        if self._thread is None:
            self._thread = threading.Thread(target=self._run, daemon=True, name="llms-convert")
            self._thread.start()

    def _run(self) -> None:
        from sitebuild import jobs

        hooks = Path(__file__).resolve().parent.parent
        proc = subprocess.Popen(
            [sys.executable, "-c", "from sitebuild.llms import _serve; _serve()"],
            cwd=os.getcwd(),
            env={**os.environ, "PYTHONPATH": os.pathsep.join([str(hooks), *sys.path])},
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        jobs.lower_priority(proc.pid, jobs.BACKGROUND_NICE)
        while True:
            page, html, kwargs, path = self._queue.get()
            proc.stdin.write(json.dumps([html, kwargs, str(path)]) + "\n")
            proc.stdin.flush()
            reply = json.loads(proc.stdout.readline() or '{"error": "worker died"}')
            self._queued.discard(path)
            if "error" in reply:
                jobs.log.error("llms.txt: converting %s failed:\n%s", page, reply["error"])
                continue
            with _ready_lock:
                _ready[page] = path.read_text(encoding="utf-8")
            if self._queue.empty():  # one rebuild for a batch of pages
                self._on_done()


def _serve() -> int:
    """Convert pages on request: one JSON ``[html, kwargs, out]`` per line on stdin."""
    import traceback

    from mkdocs_llmstxt._internal import plugin

    replies = os.fdopen(os.dup(1), "w")
    os.dup2(2, 1)
    for line in sys.stdin:
        html, kwargs, out = json.loads(line)
        try:
            text = restore_math(plugin._generate_page_markdown(html, **kwargs))
            tmp = Path(out + ".tmp")
            tmp.write_text(text, encoding="utf-8")
            tmp.replace(out)
            reply = {"ok": True}
        except Exception:
            reply = {"error": traceback.format_exc()}
        try:
            replies.write(json.dumps(reply) + "\n")
            replies.flush()
        except BrokenPipeError:  # the server has stopped
            return 0
    return 0
