"""Run every Python block of the documentation, the way a reader would.

Sybil's stock Markdown lexer only collects fences whose info string is exactly
``python``; blocks written ```` ```python title="x" ````, ```` ```py ```` or
```` ```pycon ```` would silently escape. This parser takes any fence whose
language is one of :data:`PYTHON_LANGUAGES`, with or without attributes.

Each block is run twice:

1. page by page, in the page's shared namespace (what the page promises as a whole);
2. alone, in a fresh namespace (what a reader gets who copies that one block),
   unless its title says it continues an earlier block, e.g.
   ```` ```python title="Continued from the block above" ````, which the reader
   sees above the code.

A block that starts with ``>>>`` is a doctest: its printed output must match.

A translated page (``X.ko.md``) shares the English page's code: a fence whose body
is ``--8<-- "@en"`` runs the code of the English fence at the same position, as the
build shows it (``hooks/sitebuild/translations.py``).

Notebooks are not run here: the build executes each English notebook top to bottom in
a fresh kernel (``hooks/sitebuild/notebooks.py``, ``execute``) and shows that run in
both editions; ``tests/test_notebooks.py`` runs each Korean notebook through the same
``execute`` and holds its outputs to the English run's.
"""

from __future__ import annotations

import doctest
import re
import shlex
from dataclasses import dataclass
from pathlib import Path

from sybil import Document, Example, Region, Sybil
from sybil.parsers.markdown.lexers import RawFencedCodeBlockLexer
from sybil.parsers.rest import DocTestParser

PYTHON_LANGUAGES = {"python", "python3", "py", "py3", "pycon", "ipython", "ipython3"}
CONTINUATION = re.compile(r"^\s*continue", re.IGNORECASE)
DOCTEST_FLAGS = doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE
INFO = re.compile(r"(?P<info>[^\n]*)$\n", re.MULTILINE)
SNIPPET = re.compile(r'^[ \t]*--8<--[ \t]+"(?P<path>[^"]+)"[ \t]*$', re.MULTILINE)


@dataclass(frozen=True)
class Block:
    """One fenced Python block of a page."""

    source: str
    language: str
    title: str
    line: int
    included: bool = False  # the block is a whole file pulled in with --8<-- (a figure script)

    @property
    def is_doctest(self) -> bool:
        return self.source.lstrip().startswith(">>>")

    @property
    def continues_earlier_block(self) -> bool:
        return bool(CONTINUATION.match(self.title))


def parse_info(info: str) -> tuple[str, dict[str, str]]:
    """Split a fence's info string into its language and attributes.

    Handles ``python title="a b" hl_lines="1 2"``, ``py``, and the attribute-list
    form ``{.python title="a"}``.
    """
    info = info.strip()
    if info.startswith("{") and info.endswith("}"):
        info = info[1:-1].strip()
    if not info:
        return "", {}
    try:
        words = shlex.split(info)
    except ValueError:
        words = info.split()
    language = words[0].lstrip(".").lower()
    attrs = {}
    for word in words[1:]:
        name, _, value = word.partition("=")
        attrs[name] = value
    return language, attrs


class MarkdownPythonParser:
    """A sybil parser for every Python fence of a Markdown page."""

    def __init__(self) -> None:
        self.lexer = RawFencedCodeBlockLexer(info_pattern=INFO)

    def __call__(self, document: Document):
        shared = english_code(Path(document.path), document.text)
        for region in self.lexer(document):
            language, attrs = parse_info(region.lexemes["info"])
            if language not in PYTHON_LANGUAGES:
                continue
            source = str(region.lexemes["source"])
            line = document.text.count("\n", 0, region.start) + 2
            if line - 2 in shared:
                source = shared[line - 2] + "\n"
            expanded = expand_snippets(source, Path(document.path))
            block = Block(expanded, language, attrs.get("title", ""), line, expanded != source)
            yield Region(region.start, region.end, block, evaluate_block)


def _translations():
    """``hooks/sitebuild/translations.py``, the one parser of translated pages."""
    import importlib.util
    import sys

    if "gdtheory_site_translations" not in sys.modules:
        path = Path(__file__).resolve().parent.parent / "hooks" / "sitebuild" / "translations.py"
        spec = importlib.util.spec_from_file_location("gdtheory_site_translations", path)
        module = importlib.util.module_from_spec(spec)
        sys.modules[spec.name] = module
        spec.loader.exec_module(module)
    return sys.modules["gdtheory_site_translations"]


def english_code(page: Path, text: str) -> dict[int, str]:
    """For a translated page: the line of each fence sharing English code -> that code."""
    t = _translations()
    original, lang = t.split(page.as_posix())
    if lang == t.LANGUAGES[0] or t.MARKER not in text:
        return {}
    return t.shared_code(text, Path(original).read_text(encoding="utf-8"), page.name)


def project_root(page: Path) -> Path:
    """The folder holding ``mkdocs.yml`` above ``page`` (snippet paths are relative to it)."""
    for parent in page.resolve().parents:
        if (parent / "mkdocs.yml").is_file():
            return parent
    raise FileNotFoundError(f"no mkdocs.yml above {page}")


def expand_snippets(source: str, page: Path) -> str:
    """Replace each ``--8<-- "path"`` line by the file's text, as pymdownx.snippets does."""
    if not SNIPPET.search(source):
        return source
    root = project_root(page)
    return SNIPPET.sub(lambda m: (root / m.group("path")).read_text(encoding="utf-8"), source)


def _run(block: Block, namespace: dict, path: str, how: str) -> None:
    __tracebackhide__ = True
    if block.is_doctest:
        test = doctest.DocTestParser().get_doctest(
            block.source, namespace, f"{path}:{block.line}", path, block.line - 1
        )
        output: list[str] = []
        runner = doctest.DocTestRunner(optionflags=DOCTEST_FLAGS)
        runner.run(test, out=output.append, clear_globs=False)
        if runner.failures:
            raise AssertionError(f"doctest failed ({how}):\n" + "".join(output))
    else:
        code = compile("\n" * (block.line - 1) + block.source, path, "exec", dont_inherit=True)
        try:
            exec(code, namespace)
        except Exception as exc:
            exc.add_note(f"(while running the block at {path}:{block.line} {how})")
            raise
    _close_figures()


def _close_figures() -> None:
    import sys

    if "matplotlib.pyplot" in sys.modules:
        sys.modules["matplotlib.pyplot"].close("all")


def evaluate_block(example: Example) -> None:
    __tracebackhide__ = True
    block: Block = example.parsed
    if block.included:  # a whole program (a figure script): run it as the reader would
        _run(block, {"__name__": "__main__"}, example.path, "as a program")
        return
    _run(block, example.namespace, example.path, "page by page")
    if not block.continues_earlier_block:
        _run(block, {"__name__": "__main__"}, example.path, "alone, in a fresh namespace")


def docs_sybil(docs: str | Path = "docs") -> Sybil:
    """Every ``*.md`` page under ``docs``."""
    path = str(Path(docs).resolve())  # sybil resolves relative paths against *this* file
    return Sybil(parsers=[MarkdownPythonParser()], path=path, patterns=["*.md"], name="docs")


def package_sybil(package: str | Path = "gdtheory", name: str = "docstrings") -> Sybil:
    """The doctest examples of every docstring in the package."""
    return Sybil(
        parsers=[DocTestParser(optionflags=DOCTEST_FLAGS)],
        path=str(Path(package).resolve()),
        patterns=["*.py"],
        name=name,
    )


FENCE_OPEN = re.compile(
    r"^(?P<indent>[ \t>]*)(?P<fence>`{3,}|~{3,})(?P<info>[^\n`]*)$", re.MULTILINE
)


def python_looking_fences(text: str) -> list[int]:
    """Line numbers of every fence that looks like Python, found independently of sybil.

    A fence counts when its language is Python-like, or when it has no language
    but its first line is a ``>>>`` prompt or an ``import`` (an unlabelled Python
    block would otherwise run nowhere).
    """
    lines = []
    open_fence = None
    for match in FENCE_OPEN.finditer(text):
        fence, info = match.group("fence"), match.group("info").strip()
        if open_fence is not None:
            if fence[0] == open_fence[0] and len(fence) >= len(open_fence) and not info:
                open_fence = None
            continue
        open_fence = fence
        language, _ = parse_info(info)
        first = text[match.end() + 1 :].split("\n", 1)[0].strip()
        if language in PYTHON_LANGUAGES or (
            not language and (first.startswith(">>>") or first.startswith("import "))
        ):
            lines.append(text.count("\n", 0, match.start()) + 1)
    return lines
