"""The site as built: strict build, figures, notebooks, offline, reproducibility."""

from __future__ import annotations

import json
import re
import shutil
import textwrap
from pathlib import Path

import nbformat
import pytest

from tests.conftest import ROOT, Build, build_site, renders

pytestmark = pytest.mark.site

FIGURES = sorted((ROOT / "docs" / "figures").glob("*.py"))
NOTEBOOKS = sorted((ROOT / "docs").rglob("*.ipynb"))
PAGES = sorted((ROOT / "docs").rglob("*.md"))


def html_pages(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def test_strict_build_passes(built: Build) -> None:
    assert (built.site / "index.html").is_file()
    print(f"cold strict build: {built.seconds:.1f} s")


@pytest.mark.parametrize("script", FIGURES, ids=lambda p: p.stem)
def test_every_figure_is_drawn_and_shown(built: Build, script: Path) -> None:
    svg = built.site / "figures" / f"{script.stem}.svg"
    assert svg.is_file() and svg.stat().st_size > 1000, f"{svg} missing or empty"
    assert svg.read_bytes().lstrip().startswith(b"<?xml")
    used = [p for p in PAGES if f"figures/{script.stem}.svg" in p.read_text(encoding="utf-8")]
    assert used, f"no page shows figures/{script.stem}.svg"


def test_figures_are_not_written_into_docs(built: Build) -> None:
    assert not list((ROOT / "docs").rglob("*.svg"))


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: p.stem)
def test_every_notebook_is_executed(built: Build, notebook: Path) -> None:
    [executed] = (built.cache / "notebooks").glob(f"*/{notebook.name}")
    nb = nbformat.read(executed, as_version=4)
    code = [c for c in nb.cells if c.cell_type == "code" and c.source.strip()]
    assert code and all(c.execution_count is not None for c in code)
    rel = notebook.relative_to(ROOT / "docs").with_suffix("")
    if rel.suffix == ".ko":  # exercises/01-x.ko.ipynb is served at /ko/exercises/01-x/
        rel = Path("ko") / rel.with_suffix("")
    page = built.site / rel / "index.html"
    text = page.read_text(encoding="utf-8")
    assert "jp-OutputArea-output" in text and "In&nbsp;[&nbsp;]" not in text


EXTERNAL = re.compile(
    r"""<(script|link|img|iframe|source|video|audio)\b[^>]*?\b(?:src|href)=["']?((?:https?:)?//[^"'\s>]+)""",
    re.IGNORECASE,
)


def test_no_page_requests_anything_outside_the_site(built: Build) -> None:
    offenders = []
    for page in html_pages(built.site):
        text = page.read_text(encoding="utf-8")
        for tag, url in EXTERNAL.findall(text):
            if tag.lower() == "link" and re.search(
                rf'<link\b[^>]*rel="(?:canonical|alternate)"[^>]*{re.escape(url)}', text
            ):
                continue
            offenders.append(f"{page.relative_to(built.site)}: <{tag}> {url}")
        if re.search(r"""import\(\s*["'](?:https?:)?//""", text):
            offenders.append(f"{page.relative_to(built.site)}: dynamic import from the web")
    for css in built.site.rglob("*.css"):
        for url in re.findall(r"""url\(\s*["']?((?:https?:)?//[^"')]+)""", css.read_text()):
            offenders.append(f"{css.relative_to(built.site)}: url({url})")
    assert not offenders, "\n".join(offenders)


def test_math_is_served_by_the_site(built: Build) -> None:
    assert (built.site / "assets" / "mathjax" / "tex-svg.js").stat().st_size > 100_000
    index = (built.site / "index.html").read_text(encoding="utf-8")
    assert 'src="assets/mathjax/tex-svg.js"' in index
    assert 'class="arithmatex"' in index


def test_search_index_is_built(built: Build) -> None:
    index = json.loads((built.site / "search" / "search_index.json").read_text())
    assert len(index["docs"]) > len(PAGES)


def _comparable(site: Path) -> dict[str, bytes]:
    skip = {"sitemap.xml", "sitemap.xml.gz"}
    return {
        p.relative_to(site).as_posix(): p.read_bytes()
        for p in sorted(site.rglob("*"))
        if p.is_file() and p.name not in skip
    }


def test_a_rebuild_is_byte_identical(built: Build, built_again: Build) -> None:
    """Pages rendered again, a quarter of the figures and two notebooks redone: same bytes."""
    from tests.conftest import REDRAWN_FIGURES, REEXECUTED_NOTEBOOKS

    # The rebuild did draw and execute them again (nothing of theirs was reused), in both
    # editions (every figure has a Korean drawing; a Korean notebook takes the English run).
    drawing = f"Drawing {len(REDRAWN_FIGURES)} of {len(FIGURES)} figures"
    for lang in ("en", "ko"):
        assert f"{drawing} ({lang})" in built_again.log
    per_edition = len([nb for nb in NOTEBOOKS if not nb.name.endswith(".ko.ipynb")])
    executing = f"Executing {len(REEXECUTED_NOTEBOOKS)} of {per_edition} notebooks"
    assert built_again.log.count(executing) == 2, built_again.log
    # Its API renders and highlighted code all came from the first build's files.
    api, code = renders(built_again.log)
    assert api["rendered"] == code["rendered"] == 0, (api, code)
    assert api["stored"] > 0 and code["stored"] > 0
    first, second = _comparable(built.site), _comparable(built_again.site)
    assert sorted(first) == sorted(second)
    differ = [name for name in first if first[name] != second[name]]
    assert not differ, f"{len(differ)} files differ from the first build: {differ[:10]}"
    print(f"{len(first)} files identical; rebuild {built_again.seconds:.1f} s")


MINI_CONFIG = """
site_name: mini
docs_dir: docs
validation:
  omitted_files: warn
hooks:
  - {root}/hooks/figures.py
  - {root}/hooks/notebooks.py
plugins:
  - mkdocs-jupyter:
      include: ["*.ipynb"]
      execute: false
      allow_errors: false
"""


def mini_project(tmp_path: Path) -> Path:
    (tmp_path / "docs" / "figures").mkdir(parents=True)
    (tmp_path / "mkdocs.yml").write_text(MINI_CONFIG.format(root=ROOT))
    (tmp_path / "docs" / "index.md").write_text("# Mini\n")
    return tmp_path


def test_a_failing_figure_fails_the_build(tmp_path: Path) -> None:
    project = mini_project(tmp_path)
    (project / "docs" / "figures" / "broken.py").write_text(
        "import matplotlib.pyplot as plt\nplt.plot([1, 2])\nraise ValueError('bad figure')\n"
    )
    result = build_site(tmp_path / "site", tmp_path / "cache", cwd=project)
    assert result.returncode != 0
    assert "broken.py" in result.stderr and "bad figure" in result.stderr


def test_a_failing_notebook_fails_the_build(tmp_path: Path) -> None:
    project = mini_project(tmp_path)
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("1 / 0")])
    nbformat.write(nb, project / "docs" / "broken.ipynb")
    (project / "mkdocs.yml").write_text(
        MINI_CONFIG.format(root=ROOT) + "nav:\n  - index.md\n  - broken.ipynb\n"
    )
    result = build_site(tmp_path / "site", tmp_path / "cache", cwd=project)
    assert result.returncode != 0
    assert "ZeroDivisionError" in result.stderr


def test_a_figure_is_redrawn_when_gdtheory_changes(tmp_path: Path, monkeypatch) -> None:
    """The cache key covers the package's code: a code edit means new figures and notebooks."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("_cache_under_test", ROOT / "hooks" / "_cache.py")
    cache = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(cache)
    fake = tmp_path / "project"
    shutil.copytree(
        ROOT / "gdtheory", fake / "gdtheory", ignore=shutil.ignore_patterns("__pycache__")
    )
    monkeypatch.setattr(cache, "ROOT", fake)
    before = cache.package_digest()
    (fake / "gdtheory" / "optimizers.py").write_text(
        (fake / "gdtheory" / "optimizers.py").read_text() + textwrap.dedent("\n_AN_EDIT = 1\n")
    )
    assert cache.package_digest() != before


def _fresh_cache_module():
    import importlib.util

    spec = importlib.util.spec_from_file_location("_cache_under_test", ROOT / "hooks" / "_cache.py")
    cache = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(cache)
    return cache


def test_the_code_digest_of_an_unchanged_module_is_read_not_parsed(
    tmp_path: Path, monkeypatch
) -> None:
    """Every build keys figures and notebooks on the package's code (its AST without
    docstrings); parsing the 17 modules took most of a second of each warm build, so the
    digest of each module's source is kept on disk and a new process parses only what changed."""
    monkeypatch.setenv("GDTHEORY_CACHE_DIR", str(tmp_path / "cache"))
    first = _fresh_cache_module()
    digest = first.package_digest()
    second = _fresh_cache_module()  # as in the next build's process

    def no_parsing(source: str) -> str:
        raise AssertionError("an unchanged module was parsed again")

    monkeypatch.setattr(second, "code_of", no_parsing)
    assert second.package_digest() == digest
    fake = tmp_path / "project"
    shutil.copytree(
        ROOT / "gdtheory", fake / "gdtheory", ignore=shutil.ignore_patterns("__pycache__")
    )
    module = fake / "gdtheory" / "clipping.py"
    module.write_text(module.read_text() + "\n_AN_EDIT = 1\n")
    monkeypatch.setattr(second, "code_of", first.code_of)
    assert second.package_digest(fake / "gdtheory") != digest  # the edited module is parsed


def test_stream_chunks_are_merged() -> None:
    """Two builds must not differ by how the kernel happened to split its output."""
    import importlib.util
    import sys

    sys.path.insert(0, str(ROOT / "hooks"))
    try:
        spec = importlib.util.spec_from_file_location("_nb_hook", ROOT / "hooks" / "notebooks.py")
        hook = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(hook)
    finally:
        sys.path.remove(str(ROOT / "hooks"))
    out = nbformat.v4.new_output
    chunks = [
        out("stream", name="stdout", text="a\n"),
        out("stream", name="stdout", text="b\n"),
        out("stream", name="stderr", text="warn\n"),
        out("execute_result", data={"text/plain": "1"}, execution_count=1),
        out("stream", name="stdout", text="c\n"),
    ]
    merged = hook.coalesce_streams(chunks)
    assert [o.get("text") for o in merged] == ["a\nb\n", "warn\n", None, "c\n"]


def _sitebuild(name: str):
    import importlib

    return importlib.import_module(f"sitebuild.{name}")


def test_a_cold_build_deletes_no_rendered_notebook(built: Build) -> None:
    """mkdocs-jupyter deletes the files of its cache folder that a build did not read: with
    one folder for both editions each deleted the other's HTML, and a warm build rendered
    every notebook page again (a sixth of its time)."""
    assert "Evicted stale cache" not in built.log


def test_the_korean_edition_reuses_the_english_renders(built: Build) -> None:
    """The Korean reference pages render the same English docstrings, and its fences are
    the English code: both are rendered once per build (``sitebuild.rendering``)."""
    api, code = renders(built.log)
    reference = sorted((ROOT / "docs" / "reference").glob("*.ko.md"))
    objects = sum(p.read_text(encoding="utf-8").count("\n::: ") for p in reference)
    assert api["reused"] >= objects > 0 and code["reused"] > 0
    assert api["stored"] == code["stored"] == 0  # a cold build: no file to read from


class _Index:
    """A stand-in for Material's SearchIndex: entries, and a parse per call."""

    def __init__(self) -> None:
        self.entries: list[dict] = []
        self.parsed = 0

    def add_entry_from_context(self, page) -> None:
        self.parsed += 1
        self.entries.append({"location": page.url, "title": page.title, "text": page.content})


def test_search_entries_are_reused_while_the_page_is_unchanged(tmp_path: Path) -> None:
    import types

    search = _sitebuild("search")
    page = types.SimpleNamespace(url="a/", title="A", meta={}, toc=[], content="<p>one</p>")
    first, second, third = _Index(), _Index(), _Index()
    cache = search.EntryCache(tmp_path, "9.8.1")
    for index in (first, second, third):
        cache.wrap(index)
    first.add_entry_from_context(page)
    second.add_entry_from_context(page)
    assert (first.parsed, second.parsed) == (1, 0)
    assert second.entries == first.entries
    page.content = "<p>two</p>"  # an edited page is parsed again, and the old entries go
    third.add_entry_from_context(page)
    assert third.parsed == 1 and third.entries[0]["text"] == "<p>two</p>"
    fresh = search.EntryCache(tmp_path, "9.8.1")
    index = _Index()
    fresh.wrap(index)
    index.add_entry_from_context(page)
    fresh.prune()
    assert index.parsed == 0 and len(list(tmp_path.glob("*.json"))) == 1
    other = search.EntryCache(tmp_path, "9.9.0")  # another plugin version parses again
    index = _Index()
    other.wrap(index)
    index.add_entry_from_context(page)
    assert index.parsed == 1


def test_an_api_render_is_reused_with_its_headings() -> None:
    """A reused render gives the handler the headings the render collected (the table of
    contents, autorefs' anchors and the inventory come from them), as fresh copies."""
    from types import SimpleNamespace
    from xml.etree.ElementTree import Element

    from jinja2 import DictLoader, Environment

    rendering = _sitebuild("rendering")

    class Handler:
        renders = 0

        def __init__(self, templates: dict[str, str]) -> None:
            self._headings: list[Element] = []
            self.env = Environment(loader=DictLoader(templates))

        def render(self, data, options, locale=None) -> str:
            Handler.renders += 1
            self._headings.append(Element("h2", {"id": data.path}))
            self.rendered = True
            return f"<p>{data.path} ({locale})</p>"

        def get_aliases(self, identifier: str) -> tuple[str, ...]:
            # mkdocstrings-python finds inherited members' other names once it rendered them
            return (
                (identifier, "gdtheory.clipping.global_norm")
                if vars(self).get("rendered")
                else (identifier,)
            )

    rendering.memoize_api(Handler)
    data = SimpleNamespace(path="gdtheory.global_norm")
    english, korean = Handler({}), Handler({})
    assert english.render(data, {"a": 1}, "en") == "<p>gdtheory.global_norm (en)</p>"
    english.get_aliases("gdtheory.global_norm")  # as mkdocstrings does for each heading
    # No Korean words in the templates: "ko" renders as "en", so the render is reused.
    assert korean.render(data, {"a": 1}, "ko") == "<p>gdtheory.global_norm (en)</p>"
    assert Handler.renders == 1
    [heading] = korean._headings
    assert heading.get("id") == "gdtheory.global_norm" and heading is not english._headings[0]
    assert english.get_aliases("gdtheory.global_norm") == korean.get_aliases("gdtheory.global_norm")
    assert korean.render(data, {"a": 2}, "ko") and Handler.renders == 2  # other options
    japanese = Handler({"languages/ja.html.jinja": ""})
    japanese.render(data, {"a": 1}, "ja")
    assert Handler.renders == 3  # templates with their own words render again
    # A render whose aliases were never asked for (so never kept) is not reused: autorefs
    # would miss the object's other names.
    other = SimpleNamespace(path="gdtheory.clip_by_value")
    english.render(other, {"a": 1}, "en")
    assert Handler.renders == 4
    korean.render(other, {"a": 1}, "ko")
    assert Handler.renders == 5


def test_a_kept_api_render_is_reused_by_the_next_process(tmp_path: Path) -> None:
    """On disk, a render comes back with its headings and with the aliases the handler
    gave when it rendered them, though the new handler rendered nothing."""
    from types import SimpleNamespace
    from xml.etree.ElementTree import Element

    from jinja2 import DictLoader, Environment

    rendering = _sitebuild("rendering")

    class Handler:
        renders = 0

        def __init__(self) -> None:
            self._headings: list[Element] = []
            self.env = Environment(loader=DictLoader({}))

        def render(self, data, options, locale=None) -> str:
            Handler.renders += 1
            self._headings.append(Element("h2", {"id": data.path}))
            self.rendered = True
            return f"<p>{data.path}</p>"

        def get_aliases(self, identifier: str) -> tuple[str, ...]:
            inherited = vars(self).get("rendered")
            return (identifier, "gdtheory.clipping.Clipped") if inherited else (identifier,)

    rendering.memoize_api(Handler)
    memos = (rendering.API, rendering.ALIASES)
    saved = [(m.values.copy(), m.stored, m.file, m._used) for m in memos]
    try:
        for process in range(2):
            for memo, name in zip(memos, ("api", "aliases"), strict=True):
                memo.values.clear()  # a new process: nothing in memory
                memo.file = None
                memo.attach(tmp_path / f"{name}.pickle")
            rendering.new_build()
            handler = Handler()
            html = handler.render(SimpleNamespace(path="gdtheory.Clipped"), {"a": 1}, "en")
            aliases = handler.get_aliases("gdtheory.Clipped")
            for memo in memos:
                memo.save()
            assert html == "<p>gdtheory.Clipped</p>"
            assert aliases == ("gdtheory.Clipped", "gdtheory.clipping.Clipped")
            assert [h.get("id") for h in handler._headings] == ["gdtheory.Clipped"]
            assert Handler.renders == 1, f"process {process} rendered again"
            assert not vars(handler).get("rendered") or process == 0
    finally:
        for memo, (values, stored, file, used) in zip(memos, saved, strict=True):
            memo.values, memo.stored, memo.file, memo._used = values, stored, file, used


def test_highlighted_code_is_reused_only_for_the_same_code_and_options() -> None:
    from types import SimpleNamespace

    from pygments import highlight
    from pygments.formatters import HtmlFormatter
    from pygments.lexers import PythonLexer

    rendering = _sitebuild("rendering")
    module = SimpleNamespace(highlight=highlight)
    rendering.memoize_pygments(module)
    before = rendering.PYGMENTS.hits
    code = "x = 1\n"
    one = module.highlight(code, PythonLexer(), HtmlFormatter(linespans="__span-0-1"))
    again = module.highlight(code, PythonLexer(), HtmlFormatter(linespans="__span-0-1"))
    other = module.highlight(code, PythonLexer(), HtmlFormatter(linespans="__span-0-2"))
    assert one == again == highlight(code, PythonLexer(), HtmlFormatter(linespans="__span-0-1"))
    assert other != one and "__span-0-2" in other
    assert rendering.PYGMENTS.hits == before + 1


def test_most_korean_figures_are_translated_not_run_again(built: Build) -> None:
    """A figure script runs once: the Korean drawing takes the English figure and puts the
    table's Korean words in it (``hooks/render_figures.py``); only figures whose texts the
    table does not account for run again in Korean."""
    found = re.search(r"(\d+) figures translated from their English drawing", built.log)
    assert found, built.log[-2000:]
    assert int(found.group(1)) >= len(FIGURES) // 2


def test_renders_are_kept_on_disk_for_the_next_build(tmp_path: Path) -> None:
    """A warm build takes its highlighted code and API renders from the last build's file:
    only the entries a process used are written, and another environment (a new Pygments,
    mkdocstrings or mkdocs.yml) reads another file."""
    rendering = _sitebuild("rendering")
    first = rendering.Memo()
    first.attach(tmp_path / "code-env1.pickle")
    first.put(("x = 1\n", "PythonLexer"), "<pre>x</pre>")
    first.put(("y = 2\n", "PythonLexer"), "<pre>y</pre>")
    first.save()
    second = rendering.Memo()
    second.attach(tmp_path / "code-env1.pickle")
    assert second.get(("x = 1\n", "PythonLexer")) == "<pre>x</pre>"
    assert (second.hits, second.stored_hits) == (1, 1)
    second.save()  # "y" was not used by this process: it is not kept
    third = rendering.Memo()
    third.attach(tmp_path / "code-env1.pickle")
    assert third.get(("y = 2\n", "PythonLexer")) is None
    assert third.get(("x = 1\n", "PythonLexer")) == "<pre>x</pre>"
    other = rendering.Memo()
    other.attach(tmp_path / "code-env2.pickle")
    assert other.get(("x = 1\n", "PythonLexer")) is None
    (tmp_path / "code-env1.pickle").write_bytes(b"not a pickle")  # a damaged file: a miss
    damaged = rendering.Memo()
    damaged.attach(tmp_path / "code-env1.pickle")
    assert damaged.get(("x = 1\n", "PythonLexer")) is None


def test_memo_keys_survive_a_new_process() -> None:
    """Keys name classes by module and name: a key computed in another process is equal."""
    import subprocess
    import sys

    script = textwrap.dedent(
        f"""
        import sys
        sys.path.insert(0, {str(ROOT / "hooks")!r})
        from pygments.formatters import HtmlFormatter
        from pygments.lexers import PythonLexer
        from sitebuild.rendering import pygments_key
        print(repr(pygments_key("x = 1", PythonLexer(), HtmlFormatter(linespans="s"))))
        """
    )
    runs = [
        subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
        for _ in range(2)
    ]
    assert runs[0].stdout == runs[1].stdout and "0x" not in runs[0].stdout
    assert "pygments.lexers.python.PythonLexer" in runs[0].stdout


@pytest.mark.parametrize(
    ("html", "loads"),
    [
        ('<script src="https://cdn.example/x.js"></script>', ["https://cdn.example/x.js"]),
        ('<SCRIPT TYPE="module" SRC=//cdn.example/m.js></SCRIPT>', ["//cdn.example/m.js"]),
        ('<img alt="a<b" src="http://img.example/a.png">', ["http://img.example/a.png"]),
        ('<link href="https://f.example/a.css" rel="stylesheet">', ["https://f.example/a.css"]),
        ('<iframe src="https://v.example/embed"></iframe>', ["https://v.example/embed"]),
        (
            "<style>@font-face{src:URL('//fonts.example/a.woff2')}</style>",
            ["//fonts.example/a.woff2"],
        ),
        ('<script>import("https://esm.example/x.js")</script>', ["https://esm.example/x.js"]),
        ('<script>reimport("https://esm.example/x.js")</script>', []),
        ('<a href="https://arxiv.org/abs/1412.6980">Adam</a>', []),
        ('<link rel="canonical" href="https://gdtheory.github.io/gdtheory/">', []),
        ('<img src="../figures/a.svg" alt="한국어 //">', []),
        (
            '<p>경사 하강법</p><img src="https://x.example/%EA%B2%BD.png">',
            ["https://x.example/%EA%B2%BD.png"],
        ),
    ],
)
def test_the_offline_check_finds_what_a_page_would_load(html: str, loads: list[str]) -> None:
    """What ``hooks/offline.py`` fails the build on: resources outside the site, in any case,
    after Korean text too; not the links a reader follows."""
    assert _sitebuild("offline").external_resources(html) == loads


@pytest.mark.parametrize("upgraded", ["ruff", "mkdocs", "mkdocstrings-python", "pygments"])
def test_kept_api_renders_are_dropped_when_a_renderer_changes(
    upgraded: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An API render's file is named by what it depends on: mkdocstrings formats each
    signature with ruff, and MkDocs configures the Markdown; upgrading either must not
    serve renders made by the old one."""
    import importlib
    import sys

    monkeypatch.syspath_prepend(str(ROOT / "hooks"))
    search_view = importlib.import_module("search_view")
    rendering = _sitebuild("rendering")
    before = rendering.environment(*search_view.API_RENDERERS)
    real = rendering.version
    monkeypatch.setattr(
        rendering, "version", lambda name: "999.0" if name == upgraded else real(name)
    )
    assert rendering.environment(*search_view.API_RENDERERS) != before
    monkeypatch.setattr(rendering, "version", real)
    monkeypatch.setattr(sys, "version_info", (3, 99, 0, "final", 0))
    assert rendering.environment(*search_view.API_RENDERERS) != before  # pickles, ast


# An attribute a screen reader reads (a label, an image's text, a tooltip), in a real tag
# (a tag shown as text is escaped: &lt;). TeX there is spelled out, backslashes and all.
READ_ALOUD = re.compile(r'\s(aria-label|alt|title)="([^"]*)"')
TAG = re.compile(r"<[A-Za-z][^<>]*>")
TEX = re.compile(r"\\[A-Za-z()\[\]]|\$")


def test_no_label_a_screen_reader_reads_holds_tex(built: Build) -> None:
    """Material labels each table-of-contents section with its heading's text, and a heading
    with math gave ``aria-label="Convex functions: an \\(O(1/t)\\) rate"`` (both editions)."""
    found, labels = [], 0
    for page in html_pages(built.site):
        for tag in TAG.findall(page.read_text(encoding="utf-8")):
            for name, value in READ_ALOUD.findall(tag):
                labels += 1
                if TEX.search(value):
                    found.append(f"{page.relative_to(built.site)}: {name}={value!r}")
    assert labels > 1000, labels  # the pattern finds the site's labels
    assert not found, "\n".join(found)


def test_a_label_gets_the_plain_text_of_its_formula_or_the_build_names_it() -> None:
    labels = _sitebuild("labels")
    # Pages hold "<" escaped in attributes.
    nav = '<nav class="md-nav" aria-label="Choosing \\(\\eta &lt; 2/L\\)">'
    assert labels.plain_labels(nav) == '<nav class="md-nav" aria-label="Choosing η &lt; 2/L">'
    shown = '<code>aria-label="\\(x\\)"</code>'  # text, not a tag: left as written
    assert labels.plain_labels(shown) == shown
    with pytest.raises(ValueError, match=r"'1/\\sqrt\{t\}' \(\\sqrt\)"):
        labels.plain_labels('<nav aria-label="A \\(1/\\sqrt{t}\\) rate">')
