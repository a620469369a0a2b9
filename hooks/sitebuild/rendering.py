"""Render once what both editions render the same: highlighted code and API docs.

The Korean edition repeats the English one's code blocks (its fences are expanded from
the English page's) and its reference pages render the same ``::: gdtheory.X`` from the
same English docstrings. static-i18n builds both editions in one process, so the
second build can take what the first one computed:

* :func:`memoize_pygments`: Pygments' ``highlight(code, lexer, formatter)`` is a pure
  function of the code and of the lexer's and the formatter's classes and options;
  pymdownx.highlight (and mkdocstrings, through it) calls it for every block.
* :func:`memoize_api`: a mkdocstrings handler's ``render(data, options, locale)``,
  keyed on the object's path, the options, the language its templates actually
  render in (mkdocstrings-python has no Korean words, so "ko" renders as "en") and the
  package's sources (docstrings included: an edited docstring renders again under
  ``mkdocs serve``). Rendering also collects the object's headings on the handler
  (for the table of contents, autorefs' anchors and the inventory); a reused render
  hands the handler copies of them, and the aliases the handler found for them
  then (``get_aliases``: rendering resolves inherited members), so each edition's pages
  register their anchors exactly as before.

Both keep what they computed in memory for the life of the process (at most ``LIMIT``
entries each) and, attached to a file (:meth:`Memo.attach`), on disk for the next build:
a warm ``mkdocs build`` then highlights no code and renders no API object that it
rendered before. The file's name carries what the outputs depend on beyond the key (the
versions of the renderers, ``mkdocs.yml``: :func:`environment`); a process writes back
only the entries it used, so the file holds one site's worth.
"""

from __future__ import annotations

import copy
import hashlib
import pickle
import sys
from collections import OrderedDict
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from sitebuild import ROOT, cache_module

LIMIT = 4096


class Memo:
    """A bounded in-memory map from keys to computed values (least recently used goes first).

    Keys are tuples of strings, numbers and classes, whose ``repr`` is the same in every
    process (a class shows as ``<class 'module.Name'>``): on disk an entry is filed under
    the digest of its key's ``repr``.
    """

    def __init__(self, limit: int = LIMIT) -> None:
        self.limit = limit
        self.values: OrderedDict = OrderedDict()
        self.hits = self.misses = self.computed = 0
        self.stored: dict[str, object] = {}  # digest of a key -> value, from the file
        self.stored_hits = 0
        self.file: Path | None = None
        self._used: OrderedDict = OrderedDict()  # what this process read or computed
        self._changed = False

    def get(self, key):
        """The value kept for ``key`` (in memory, else in the attached file), or None."""
        digest = self._digest(key)
        if key in self.values:
            self._remember(key, digest, self.values[key])
            self.hits += 1
            return self.values[key]
        if digest in self.stored:
            value = self.stored[digest]
            self._remember(key, digest, value)
            self.hits += 1
            self.stored_hits += 1
            return value
        self.misses += 1
        return None

    def new_count(self) -> None:
        """Count hits, misses and computed values from zero (a build under ``mkdocs serve``
        reports its own, not the session's)."""
        self.hits = self.misses = self.computed = self.stored_hits = 0

    def put(self, key, value) -> None:
        """Keep ``value``, just computed for ``key``."""
        self.computed += 1
        self._remember(key, self._digest(key), value)
        self._changed = True

    def _remember(self, key, digest: str | None, value) -> None:
        for kept, k in ((self.values, key), (self._used, digest)):
            if k is None:
                continue
            kept[k] = value
            kept.move_to_end(k)
            if len(kept) > self.limit:  # under `mkdocs serve`, each docstring edit adds some
                kept.popitem(last=False)

    def _digest(self, key) -> str | None:
        if self.file is None:
            return None
        return hashlib.sha256(repr(key).encode()).hexdigest()

    def attach(self, file: Path) -> None:
        """Read the entries kept in ``file`` (none if it is missing or unreadable); from now
        on :meth:`save` writes there the entries this process used."""
        if self.file == Path(file):
            return
        self.file = Path(file)
        self._used = OrderedDict()
        try:
            self.stored = pickle.loads(self.file.read_bytes())
        except Exception:  # missing, from another Python, or damaged: render afresh
            self.stored = {}

    def save(self) -> None:
        """Write the entries this process used to the attached file, if they changed it."""
        if self.file is None or not (self._changed or self._used.keys() != self.stored.keys()):
            return
        self.file.parent.mkdir(parents=True, exist_ok=True)
        cache_module().write_atomically(
            self.file, pickle.dumps(self._used, protocol=pickle.HIGHEST_PROTOCOL)
        )
        self.stored = dict(self._used)
        self._changed = False


def environment(*distributions: str, files: tuple[Path, ...] = ()) -> str:
    """A short digest of what renders depend on beyond their keys: the installed versions
    of ``distributions``, the bytes of ``files`` (folders: every file in them) and the
    Python version (pickles and parsers differ between them)."""
    h = hashlib.sha256(f"python {sys.version_info[0]}.{sys.version_info[1]}\0".encode())
    for name in distributions:
        try:
            h.update(f"{name}={version(name)}\0".encode())
        except PackageNotFoundError:
            h.update(f"{name}=none\0".encode())
    for path in files:
        for f in sorted(p for p in ([path] if path.is_file() else path.rglob("*")) if p.is_file()):
            h.update(f.relative_to(path.parent).as_posix().encode() + b"\0" + f.read_bytes())
    return h.hexdigest()[:16]


def _options(obj) -> str:
    return repr(sorted(obj.options.items(), key=lambda kv: kv[0]))


def pygments_key(code: str, lexer, formatter) -> tuple:
    """What Pygments' output depends on: the code, the lexer's and the formatter's class
    and options (including their filters).

    >>> from pygments.lexers import PythonLexer
    >>> from pygments.formatters import HtmlFormatter
    >>> pygments_key("x", PythonLexer(), HtmlFormatter()) == pygments_key(
    ...     "x", PythonLexer(), HtmlFormatter())
    True
    >>> pygments_key("x", PythonLexer(), HtmlFormatter(linespans="a")) == pygments_key(
    ...     "x", PythonLexer(), HtmlFormatter(linespans="b"))
    False
    """
    filters = repr([(type(f), sorted(vars(f).items())) for f in getattr(lexer, "filters", [])])
    return (code, type(lexer), _options(lexer), filters, type(formatter), _options(formatter))


PYGMENTS = Memo()


def memoize_pygments(module) -> None:
    """Serve ``module.highlight`` (Pygments' ``highlight``, imported there) from ``PYGMENTS``."""
    highlight = module.highlight
    if getattr(highlight, "_gdtheory_memo", False):
        return

    def memoized(code, lexer, formatter, outfile=None):
        if outfile is not None:
            return highlight(code, lexer, formatter, outfile)
        key = pygments_key(code, lexer, formatter)
        html = PYGMENTS.get(key)
        if html is None:
            html = highlight(code, lexer, formatter)
            PYGMENTS.put(key, html)
        return html

    memoized._gdtheory_memo = True
    module.highlight = memoized


def sources_digest(package: Path = ROOT / "gdtheory") -> str:
    """A digest of the package's source files, docstrings included (what API pages show)."""
    h = hashlib.sha256()
    for path in sorted(Path(package).rglob("*.py")):
        h.update(path.relative_to(package).as_posix().encode() + b"\0" + path.read_bytes())
    return h.hexdigest()


API = Memo(limit=1024)  # a build renders about 170 objects
ALIASES = Memo()  # (handler class, digest, identifier) -> the object's other names
_digest: list[str] = []  # the package's digest for the build under way (see :func:`new_build`)


def new_build() -> None:
    """Forget the package's digest: the next API render reads the sources again."""
    _digest.clear()


def _rendered_language(handler, locale: str | None) -> str:
    """The language ``handler``'s templates render in for ``locale`` ("en" without its words)."""
    from jinja2 import TemplateNotFound

    locale = locale or "en"
    try:
        handler.env.get_template(f"languages/{locale}.html.jinja")
    except TemplateNotFound:
        return "en"
    return locale


def memoize_api(handler_class) -> None:
    """Serve ``handler_class.render`` from memory for an object, options and language met before.

    A render is reused only with the aliases the handler gave for each of its headings
    when it rendered them (kept in ``ALIASES``, on disk too): autorefs registers every
    heading under those names.
    """
    render = handler_class.render
    if getattr(render, "_gdtheory_memo", False):
        return

    def memoized(self, data, options, locale: str | None = None) -> str:
        if not _digest:
            _digest.append(sources_digest())
        language = _rendered_language(self, locale)
        key = (handler_class, _digest[0], data.path, repr(options), language)
        found = API.get(key)
        if found is not None and any(
            ALIASES.get((handler_class, _digest[0], h.get("id"))) is None
            for h in found[1]
            if "data-skip-inventory" not in h.attrib  # mkdocstrings asks no aliases of these
        ):
            found = None  # a render kept without its objects' aliases: render it again
        if found is None:
            before = len(self._headings)
            html = render(self, data, options, locale)
            API.put(key, (html, copy.deepcopy(self._headings[before:])))
            return html
        html, headings = found
        self._headings.extend(copy.deepcopy(headings))  # as if the handler had rendered them
        reused = vars(self).setdefault("_gdtheory_reused", set())
        reused.update((_digest[0], h.get("id")) for h in headings)
        return html

    get_aliases = handler_class.get_aliases

    def aliases(self, identifier: str) -> tuple[str, ...]:
        """An object's other names, as the handler found them when it rendered the object
        (rendering resolves inherited members; a reused render did not)."""
        key = (handler_class, _digest[0] if _digest else "", identifier)
        if key[1:] in vars(self).get("_gdtheory_reused", ()):
            found = ALIASES.get(key)
            if found is not None:
                return found
        found = tuple(get_aliases(self, identifier))
        ALIASES.put(key, found)
        return found

    memoized._gdtheory_memo = True
    handler_class.render = memoized
    handler_class.get_aliases = aliases
