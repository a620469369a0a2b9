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

Both keep what they computed in memory only, for the life of the process (at most
``LIMIT`` entries each).
"""

from __future__ import annotations

import copy
import hashlib
from collections import OrderedDict
from pathlib import Path

from sitebuild import ROOT

LIMIT = 4096


class Memo:
    """A bounded in-memory map from keys to computed values (least recently used goes first)."""

    def __init__(self, limit: int = LIMIT) -> None:
        self.limit = limit
        self.values: OrderedDict = OrderedDict()
        self.hits = self.misses = 0

    def get(self, key):
        """The value kept for ``key``, or None."""
        if key not in self.values:
            self.misses += 1
            return None
        self.values.move_to_end(key)
        self.hits += 1
        return self.values[key]

    def put(self, key, value) -> None:
        self.values[key] = value
        if len(self.values) > self.limit:
            self.values.popitem(last=False)


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
    """Serve ``module.highlight`` (Pygments' ``highlight``, imported there) from memory."""
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


API = Memo()
ALIASES: dict[tuple, tuple[str, ...]] = {}  # (handler class, digest, identifier) -> aliases
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
    """Serve ``handler_class.render`` from memory for an object, options and language met before."""
    render = handler_class.render
    if getattr(render, "_gdtheory_memo", False):
        return

    def memoized(self, data, options, locale: str | None = None) -> str:
        if not _digest:
            _digest.append(sources_digest())
            if any(key[1] != _digest[0] for key in ALIASES):  # the sources changed (serve)
                ALIASES.clear()
        language = _rendered_language(self, locale)
        key = (handler_class, _digest[0], data.path, repr(options), language)
        found = API.get(key)
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
        if key[1:] in vars(self).get("_gdtheory_reused", ()) and key in ALIASES:
            return ALIASES[key]
        found = ALIASES[key] = get_aliases(self, identifier)
        return found

    memoized._gdtheory_memo = True
    handler_class.render = memoized
    handler_class.get_aliases = aliases
