"""MkDocs hook: keep ``mkdocs serve --dirty`` honest.

``--dirty`` re-renders only pages whose Markdown changed, which keeps a rebuild
after editing one page under a second. Three things then go wrong without help:

* The API reference pages render ``gdtheory``'s docstrings: when the package
  changes, their Markdown does not. This hook marks as modified the API pages that
  document a changed module (any byte of it, docstrings included). Figures and
  notebooks follow on their own: their cache keys cover the package's code.
* mkdocs-autorefs resolves ``[gd.x][gdtheory.x]`` from the anchors of the pages
  rendered in this build, and a serve rebuild starts with a fresh plugin, so a
  page rebuilt alone would show raw brackets for every link to a page that was not
  rebuilt. This hook keeps autorefs' anchor maps from the previous build and, before
  autorefs resolves links, puts back the entries of the pages not rebuilt this time.
* mkdocs-jupyter drops from its cache every notebook rendering the build did not
  use: on a dirty rebuild, all of them, one log line each. This hook keeps them.
* A code edit changes the cache key of every figure and notebook. Under ``mkdocs
  serve`` they are redrawn in the background (``sitebuild.jobs``): the rebuild serves
  the version served before (or a placeholder that says so) in their place, and each
  finished job touches a file the server watches, so the server rebuilds and reloads
  the browsers. A plain ``mkdocs build`` still waits for every figure and notebook.

Hooks live for the whole ``mkdocs serve`` process (MkDocs loads them once), so
module state carries from one build to the next.
"""

from __future__ import annotations

import ast
import logging
import os
import re
import threading
import time
from pathlib import Path
from typing import NamedTuple

import jinja2
import jinja2.bccache
from _cache import ROOT, cache_dir
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, Files
from mkdocs.theme import Theme
from sitebuild import jobs

log = logging.getLogger("mkdocs.hooks.dirty")


class _DirtyNotice(logging.Filter):
    """Replace MkDocs' warning about ``--dirty`` builds with what an author can act on.

    MkDocs warns that a dirty build gives "inaccurate navigation and other links";
    this hook keeps the links right, and the one real limit (the navigation) has a
    command of its own.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        if record.levelno == logging.WARNING and "'dirty' build" in record.getMessage():
            log.info(
                "Live reload re-renders only the pages you edit (and the API pages of edited "
                "modules); after editing the navigation, restart with `python3 dev.py serve --full`"
            )
            return False
        return True


logging.getLogger("mkdocs.commands.build").addFilter(_DirtyNotice())

# The package's module sources at the previous build (module file -> bytes).
_last_sources: dict[str, bytes] | None = None

# mkdocs-autorefs' maps (private attributes, mkdocs-autorefs 1.x): identifier -> URLs
# ("page/url/#anchor"), and URL -> link title.
_URL_MAPS = ("_primary_url_map", "_secondary_url_map")
_TITLE_MAP = "_title_map"
_anchors: dict[str, dict] = {}
# Whether this build re-rendered only some pages (a --dirty rebuild).
_partial = False


# Compiled templates, kept on disk from one build (and process) to the next: every serve
# rebuild loads a fresh theme and fresh mkdocstrings handlers, a new `mkdocs build` compiled
# Material's 49 templates again, and a serve session whose first build reused every API
# render (sitebuild.rendering) compiled mkdocstrings' 29 on the first code edit. Jinja
# checks each template's source checksum and its own and Python's versions before it
# reuses bytecode, so an edited template is compiled again.
_bytecode = jinja2.FileSystemBytecodeCache(str(cache_dir("jinja")))


def _module_sources(package: Path) -> dict[str, bytes]:
    return {p.relative_to(package).as_posix(): p.read_bytes() for p in package.rglob("*.py")}


class _ModuleIndex(NamedTuple):
    """What one module of the package defines and takes from the others."""

    names: set[str]  # defined at the top level (classes, functions, assignments)
    imports: set[str]  # the package modules it imports from ("optimizers.py")
    bases: dict[str, list[tuple[str, str]]]  # class -> (module, name) of each base in the package
    imported: dict[str, tuple[str, str]]  # local name -> (module, name there; "" for the module)


# (package name, module file, source) -> its index: parsing every module costs a second
# or two of a rebuild, and a rebuild changes one module.
_index: dict[tuple[str, str, bytes], _ModuleIndex] = {}


def _index_of(package: str, rel: str, source: bytes) -> _ModuleIndex:
    if (package, rel, source) in _index:
        return _index[(package, rel, source)]
    tree = ast.parse(source)
    names: set[str] = set()
    classes: dict[str, list[ast.expr]] = {}
    for node in tree.body:
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            names.add(node.name)
            if isinstance(node, ast.ClassDef):
                classes[node.name] = node.bases
        elif isinstance(node, ast.Assign | ast.AnnAssign | ast.AugAssign):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            names.update(t.id for t in targets if isinstance(t, ast.Name))
    imports: set[str] = set()
    imported: dict[str, tuple[str, str]] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and (node.level or node.module == package):
            for alias in node.names:
                if node.module and node.module != package:  # from .a import b
                    module, name = node.module.removeprefix(f"{package}.") + ".py", alias.name
                else:  # from . import a
                    module, name = f"{alias.name}.py", ""
                imports.add(module)
                imported[alias.asname or alias.name] = (module, name)
    bases: dict[str, list[tuple[str, str]]] = {}
    for name, exprs in classes.items():
        bases[name] = []
        for base in exprs:
            if isinstance(base, ast.Name) and base.id in classes:
                bases[name].append((rel, base.id))
            elif isinstance(base, ast.Name) and base.id in imported:
                bases[name].append(imported[base.id])
            elif (  # module.Base, with the module imported from the package
                isinstance(base, ast.Attribute)
                and isinstance(base.value, ast.Name)
                and imported.get(base.value.id, ("", "?"))[1] == ""
            ):
                bases[name].append((imported[base.value.id][0], base.attr))
    _index[(package, rel, source)] = found = _ModuleIndex(names, imports, bases, imported)
    return found


def _module_index(package: Path) -> dict[str, _ModuleIndex]:
    """Each module file of ``package`` (``"schedules.py"``) and its index."""
    return {
        rel: _index_of(package.name, rel, source)
        for rel, source in _module_sources(package).items()
    }


def _dependencies(identifier: str, index: dict[str, _ModuleIndex]) -> set[str] | None:
    """The module files the rendering of ``::: identifier`` reads; None if it is not found.

    An object's rendering shows its own source, docstring and signature (whose
    annotations and defaults are shown as source text): it reads the module that defines
    it, and for a class the modules that define its bases, up the chain (with
    ``merge_init_into_class`` a class shows the ``__init__`` it inherits). A module
    documented whole may show what it imports: it reads those modules too, transitively.
    """
    parts = identifier.split(".")[1:]
    if not parts:
        return None
    if f"{parts[0]}.py" in index and len(parts) == 1:  # a whole module
        needs, stack = set(), [f"{parts[0]}.py"]
        while stack:
            module = stack.pop()
            if module not in needs:
                needs.add(module)
                stack.extend(index[module].imports if module in index else ())
        return needs
    if f"{parts[0]}.py" in index:  # gdtheory.module.name
        stack = [(f"{parts[0]}.py", parts[1])]
    else:  # gdtheory.name, re-exported by the package
        stack = [(rel, parts[0]) for rel, found in index.items() if parts[0] in found.names]
        if not stack:
            return None
    needs, seen = set(), set()
    while stack:
        module, name = stack.pop()
        if (module, name) in seen or module not in index:
            continue
        seen.add((module, name))
        needs.add(module)
        found = index[module]
        if name not in found.names and name in found.imported:  # imported there: follow it
            stack.append(found.imported[name])
        stack.extend(found.bases.get(name, ()))
    return needs


def api_pages_to_rerender(pages: dict[str, str], package: Path, changed: set[str]) -> set[str]:
    """The API pages (``::: gdtheory.x`` blocks) whose rendering may depend on ``changed``.

    ``pages`` maps a page's ``src_uri`` to its Markdown; ``changed`` holds module files
    relative to ``package`` (``"schedules.py"``). A page depends on what each of its
    objects' renderings reads (:func:`_dependencies`): the module that defines the
    object and those of its base classes, not every module the code imports (an edit
    to the argument checks in ``_validation.py`` changes no page that shows none of
    them). A change to ``__init__.py`` (it decides what ``gdtheory.x`` is) or an object
    found in no module re-renders every API page.
    """
    if not changed:
        return set()
    index = _module_index(package)
    selected = set()
    for uri, text in pages.items():
        identifiers = re.findall(r"^:::\s*(\S+)", text, flags=re.MULTILINE)
        if not identifiers:
            continue
        for identifier in identifiers:
            needs = _dependencies(identifier, index)
            if "__init__.py" in changed or needs is None or needs & changed:
                selected.add(uri)
                break
    return selected


# The server's file-change poll (MkDocs: every 0.5 s) and its wait for more changes
# (0.1 s): both add to the time from saving a page to the reload.
POLL_SECONDS = 0.1
SETTLE_SECONDS = 0.05


def on_startup(command: str, dirty: bool) -> None:
    """Under ``mkdocs serve``, leave figure and notebook jobs running between builds."""
    if command == "serve":
        jobs.run_in_background(_signal)
        _list_theme_once()
        _compile_theme_once()
        _highlight_once()


def _highlight_once() -> None:
    """Highlight each code block once per session (Pygments): an edit rarely changes code.

    The result of ``pymdownx.highlight``'s ``Highlight.highlight`` (also used by
    mkdocstrings for the source of API entries) depends on its arguments and settings
    alone, except for titles, which it may store in the page's HTML stash: calls with a
    title are not kept.
    """
    from pymdownx.highlight import Highlight

    highlight = Highlight.highlight
    if getattr(highlight, "_gdtheory_once", False):
        return
    done: dict[str, str] = {}

    def once(self, src, language, *args, **kwargs):
        if kwargs.get("title") or getattr(self, "auto_title", False) or len(args) > 9:
            return highlight(self, src, language, *args, **kwargs)
        settings = {k: v for k, v in vars(self).items() if k != "md"}
        key = repr(
            (type(self), sorted(settings.items()), src, language, args, sorted(kwargs.items()))
        )
        if key not in done:
            done[key] = highlight(self, src, language, *args, **kwargs)
        return done[key]

    once._gdtheory_once = True
    Highlight.highlight = once


def _compile_theme_once() -> None:
    """Every theme environment of the session shares the compiled templates.

    Besides the one rendering the pages (see ``on_env``), Material's search plugin makes
    a theme environment of its own at each build to translate its labels, and compiled
    its templates every time.
    """
    get_env = Theme.get_env
    if getattr(get_env, "_gdtheory_once", False):
        return

    def shared(self: Theme) -> jinja2.Environment:
        env = get_env(self)
        if env.bytecode_cache is None:
            env.bytecode_cache = _bytecode
        return env

    shared._gdtheory_once = True
    Theme.get_env = shared


def _list_theme_once() -> None:
    """Find the theme's static files once per ``mkdocs serve`` session, not once per build.

    At each build MkDocs lists every file of the theme folders (Material's thousands of
    icons) and matches each against its exclusion patterns: over half a second of a page
    rebuild. The server does not watch the theme, so the list found first holds (restart
    the server after adding a file to the theme).
    """
    add = Files.add_files_from_theme
    if getattr(add, "_gdtheory_once", False):
        return
    found: dict[tuple, list[tuple[str, str]]] = {}

    def add_files_from_theme(self: Files, env, config) -> None:
        key = (tuple(config.theme.dirs), tuple(config.theme.static_templates))
        if key not in found:
            probe = Files([])
            add(probe, env, config)
            found[key] = [(f.src_uri, f.src_dir) for f in probe]
        for path, folder in found[key]:
            if self.get_file_from_path(path) is None:  # docs files win over theme files
                self.append(File(path, folder, config.site_dir, config.use_directory_urls))

    add_files_from_theme._gdtheory_once = True
    Files.add_files_from_theme = add_files_from_theme


def on_shutdown() -> None:
    """The server is stopping: drop the background jobs, stop their processes."""
    jobs.stop()


def _signal_file() -> Path:
    return cache_dir("serve") / "signal" / "ready"


# Jobs that finish within this many seconds of a signal share the next one: each rebuild
# holds the requests for a second or two, and a code edit redraws every figure.
SIGNAL_GAP = 3.0
_signal_lock = threading.Lock()
_signal_timer: threading.Timer | None = None
_last_signal = 0.0


def _signal() -> None:
    """Tell the server that a background job finished: it rebuilds and reloads."""
    global _finished, _signal_timer
    _finished = True
    with _signal_lock:
        if _signal_timer is not None:  # a signal is due already
            return
        wait = max(0.0, _last_signal + SIGNAL_GAP - time.monotonic())
        _signal_timer = threading.Timer(wait, _write_signal)
        _signal_timer.daemon = True
        _signal_timer.start()


def _write_signal() -> None:
    global _signal_timer, _last_signal
    with _signal_lock:
        _signal_timer = None
        _last_signal = time.monotonic()
    path = _signal_file()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"{time.time_ns()}\n")


# Whether a background job finished since the current build started.
_finished = False


def on_serve(server, config, builder):
    """Watch the background jobs' signal file; poll for edits more often."""
    folder = _signal_file().parent
    folder.mkdir(parents=True, exist_ok=True)
    server.watch(str(folder), recursive=False)
    server.build_delay = min(server.build_delay, SETTLE_SECONDS)
    poll_faster(server.observer)
    threading.Thread(target=_signal_missed, args=(server,), daemon=True).start()
    return server


def poll_faster(observer) -> None:
    """Make ``observer`` (MkDocs' polling observer) look for changes every ``POLL_SECONDS``:
    in the folders it watches already (the docs) and in those it is given later. MkDocs
    adds the ``watch:`` folders of ``mkdocs.yml`` (the package, the hooks) after
    ``on_serve``, each polled at the observer's own interval: a code edit was seen
    half a second late."""
    for emitter in getattr(observer, "emitters", ()):
        if getattr(emitter, "_timeout", 0) > POLL_SECONDS:
            emitter._timeout = POLL_SECONDS
    if getattr(observer, "_timeout", 0) > POLL_SECONDS:  # what later watches are given
        observer._timeout = POLL_SECONDS


def _signal_missed(server) -> None:
    """Jobs that finished before the server watched the signal file (during the first build)."""
    while not server.observer.is_alive():
        time.sleep(0.05)
    time.sleep(1.0)  # each watch takes its first snapshot as the observer starts
    if _finished:
        _signal()


def on_pre_build(config) -> None:
    global _finished
    _finished = False


# Per served file (source URI): identity (device, inode, mtime) of what the last build served.
_served: dict[str, tuple[int, int, int]] = {}


def _identity(path: Path) -> tuple[int, int, int]:
    st = os.stat(path)
    return (st.st_dev, st.st_ino, st.st_mtime_ns)


def serve_cached_artifacts(files: Files, docs_dir: Path) -> int:
    """Point each generated file not made yet at its stand-in; the number of stand-ins.

    A file whose source changed since the last build (a redrawn figure, a stand-in
    replaced) is copied or re-rendered even if its bytes are older than the site's.
    """
    cache = Path(cache_dir("figures")).parent
    standing_in = 0
    for f in files:
        if not f.abs_src_path or not Path(f.abs_src_path).is_relative_to(cache):
            continue
        path = Path(f.abs_src_path)
        source = docs_dir / f.src_uri if f.src_uri.endswith(".ipynb") else None
        served = jobs.serving(path, f.src_uri, source)
        standing_in += served != path
        f.abs_src_path = str(served)
        identity = _identity(served)
        if _served.get(f.src_uri) != identity:
            f.is_modified = lambda: True
        _served[f.src_uri] = identity
    return standing_in


@event_priority(-120)  # after hooks/figures.py and hooks/notebooks.py have planned their work
def on_files(files: Files, config) -> Files:
    """Mark the API pages that document changed modules as modified; stand-ins under serve."""
    global _last_sources
    if jobs.in_background():
        waiting = serve_cached_artifacts(files, Path(config["docs_dir"]))
        if waiting:
            log.info(
                "%d figures and notebooks are being redrawn in the background; the pages show "
                "the previous version until each is ready, then reload",
                waiting,
            )
    mkdocstrings = config.plugins.get("mkdocstrings")
    # Its handlers' templates, compiled once per session too (when it is enabled).
    if mkdocstrings is not None and getattr(mkdocstrings, "_handlers", None):
        for name in mkdocstrings.config.get("handlers") or {}:
            env = getattr(mkdocstrings.get_handler(name), "env", None)
            if isinstance(env, jinja2.Environment) and env.bytecode_cache is None:
                env.bytecode_cache = _bytecode
    sources = _module_sources(ROOT / "gdtheory")
    if _last_sources is not None and sources != _last_sources:
        changed = {
            rel
            for rel in sources.keys() | _last_sources.keys()
            if sources.get(rel) != _last_sources.get(rel)
        }
        api = {
            f.src_uri: f
            for f in files
            if f.src_uri.startswith("reference/") and f.src_uri.endswith(".md")
        }
        pages = {uri: Path(f.abs_src_path).read_text(encoding="utf-8") for uri, f in api.items()}
        for uri in api_pages_to_rerender(pages, ROOT / "gdtheory", changed):
            api[uri].is_modified = lambda: True
    elif _last_sources is None and jobs.in_background():  # parse now, not on the first edit
        threading.Thread(target=_module_index, args=(ROOT / "gdtheory",), daemon=True).start()
    _last_sources = sources
    return files


def _page_of(url: str) -> str:
    return url.split("#", 1)[0]


@event_priority(-40)  # after every page is rendered, before autorefs resolves links (-50)
def on_env(env, config, files: Files):
    if env.bytecode_cache is None:
        env.bytecode_cache = _bytecode
    autorefs = config.plugins.get("autorefs")
    if autorefs is None:
        return env
    if not all(hasattr(autorefs, name) for name in (*_URL_MAPS, _TITLE_MAP)):
        log.warning(
            "hooks/dirty.py: this mkdocs-autorefs keeps no %s; under `mkdocs serve --dirty` "
            "links to pages that were not rebuilt stay unresolved",
            "/".join((*_URL_MAPS, _TITLE_MAP)),
        )
        return env
    global _partial
    pages = [f.page for f in files if f.page is not None]
    rebuilt = {page.url for page in pages if page.content is not None}
    _partial = len(rebuilt) < len(pages)
    for name in _URL_MAPS:
        current: dict[str, list[str]] = getattr(autorefs, name)
        for identifier, urls in _anchors.get(name, {}).items():
            kept = current.setdefault(identifier, [])
            kept.extend(u for u in urls if _page_of(u) not in rebuilt and u not in kept)
            if not kept:
                del current[identifier]
    titles: dict[str, str] = getattr(autorefs, _TITLE_MAP)
    for url, title in _anchors.get(_TITLE_MAP, {}).items():
        if _page_of(url) not in rebuilt:
            titles.setdefault(url, title)
    _anchors.update(
        {name: {k: list(v) for k, v in getattr(autorefs, name).items()} for name in _URL_MAPS}
    )
    _anchors[_TITLE_MAP] = dict(titles)
    return env


@event_priority(10)  # before mkdocs-jupyter's on_post_build evicts its cache (priority 0)
def on_post_build(config) -> None:
    """On a partial rebuild, keep mkdocs-jupyter's cache of the notebooks not rebuilt.

    mkdocs-jupyter deletes every cached notebook rendering that the build did not
    use, which on a ``--dirty`` rebuild is all of them (and logs a line for each).
    """
    jupyter = config.plugins.get("mkdocs-jupyter")
    used = getattr(jupyter, "_used_cache_paths", None)
    if _partial and isinstance(used, set) and jupyter.config.get("cache_dir"):
        used.update(Path(jupyter.config["cache_dir"]).glob("*.json"))
