"""MkDocs hook: execute every ``docs/**/*.ipynb`` at build time, cached on what it depends on.

A thin adapter over :mod:`sitebuild.notebooks` (the execution itself, with no MkDocs
in it): ``on_files`` queues the stale notebooks on the two build slots (figures
follow them, see ``hooks/figures.py``) and points mkdocs-jupyter (``execute:
false``) at the executed copies; a notebook page waits for its own notebook just
before it is rendered, so the other pages render meanwhile. A cell that raises
fails the build.

On each notebook page the solution (from the heading "Solution" to the end) is
folded into a ``<details>`` block, and a download link serves the executed
``.ipynb``, handed to MkDocs as a generated file.
"""

from __future__ import annotations

import hashlib
import logging
import posixpath
import re
from concurrent.futures import Future
from pathlib import Path

import markdown
import mkdocs.plugins
import mkdocs_jupyter.convert as mj_convert
import mkdocs_jupyter.plugin as mj_plugin
from _cache import cache_dir
from markdown.extensions.toc import TocExtension, slugify, slugify_unicode
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files
from sitebuild import jobs, notebooks
from sitebuild.notebooks import KERNEL_ARGS, KERNEL_ENV, coalesce_streams  # noqa: F401
from sitebuild.translations import editions, split

log = logging.getLogger("mkdocs.hooks.notebooks")

# Korean headings. mkdocs-jupyter folds heading ids to ASCII (NFKD, then drops what is
# left), so a Hangul heading got id="" and its table-of-contents entry "#_1", which
# lands nowhere, and the "풀이" (solution) heading could not be found to fold it. A
# heading with Hangul keeps its letters, in the heading and in the contents alike
# (Python-Markdown's slugify_unicode); every other heading keeps its id.
HANGUL = re.compile("[가-힣]")
_ascii_anchor = mj_convert.add_anchor_lower_id


def _anchor(html: str, anchor_link_text: str = "¶") -> str:
    out = _ascii_anchor(html, anchor_link_text)
    text = re.sub(r"<[^>]+>", "", html)
    if not HANGUL.search(text):
        return out
    slug = slugify_unicode(text, "-")
    out = re.sub(r'id="[^"]*"', f'id="{slug}"', out, count=1)
    return re.sub(r'href="#[^"]*"', f'href="#{slug}"', out, count=1)


def _toc_slugify(value: str, separator: str) -> str:
    return (slugify_unicode if HANGUL.search(value) else slugify)(value, separator)


def _markdown_toc(markdown_source: str, toc_depth: int):
    md = markdown.Markdown(extensions=[TocExtension(toc_depth=toc_depth, slugify=_toc_slugify)])
    md.convert(markdown_source)
    return md.toc_tokens


mj_convert.add_anchor_lower_id = _anchor  # new_heading looks it up when it is called
mj_plugin._get_markdown_toc = _markdown_toc
_pending: dict[str, Future] = {}  # abs path of the executed copy -> its job
_plan: dict[Path, Path] = {}

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


# After mkdocs-jupyter wraps each notebook in its NotebookFile: that wrapper computes
# abs_src_path itself, so the executed copy must be set on the wrapper.
def _jupyter_cache(config) -> None:
    """mkdocs-jupyter caches rendered HTML, keyed on the notebook alone; keep that cache
    beside ours, in a folder per version of this hook (it changes the HTML: heading ids)
    and per edition: after each build mkdocs-jupyter deletes every file of its folder that
    the build did not read, so with one folder the Korean build deleted the English pages'
    HTML and the English build the Korean ones, and a warm build rendered all 12 again."""
    jupyter = config.plugins.get("mkdocs-jupyter")
    if jupyter is not None:
        version = hashlib.sha1(Path(__file__).read_bytes()).hexdigest()[:8]
        current, _ = editions(config)
        jupyter.config["cache_dir"] = str(cache_dir(f"mkdocs-jupyter-{version}/{current}"))


def _rewrap(files: Files, config) -> Files:
    """Wrap notebooks in mkdocs-jupyter's NotebookFile again after static-i18n replaced them.

    static-i18n (``on_files``, priority -100) rebuilds every File of a language, which
    drops mkdocs-jupyter's wrapper: the notebooks would be rendered as raw text. The new
    wrapper keeps static-i18n's destination (``ko/...`` for the Korean edition).
    """
    jupyter = config.plugins.get("mkdocs-jupyter")
    if jupyter is None:
        return files
    from mkdocs_jupyter.plugin import NotebookFile

    for f in [f for f in files if not isinstance(f, NotebookFile) and jupyter.should_include(f)]:
        dest_uri, url = f.dest_uri, f.url
        wrapped = NotebookFile(f, **config)
        wrapped.dest_path, wrapped.url = dest_uri, url
        wrapped.abs_dest_path = str(Path(config["site_dir"]) / dest_uri)
        files.remove(f)  # the same Files object: static-i18n's lookups stay in place
        files.append(wrapped)
    return files


_live: dict[Path, Path] = {}  # every language's plan in this run (pruned after the last)


@mkdocs.plugins.event_priority(-105)  # after static-i18n's on_files (-100)
def on_files(files: Files, config) -> Files:
    _jupyter_cache(config)  # static-i18n has set the edition by now
    files = _rewrap(files, config)
    current, langs = editions(config)
    if current == langs[0]:
        _live.clear()
    found = [f for f in files if f.src_uri.endswith(".ipynb") and f.abs_src_path]
    if not found:
        return files
    by_file = {f: Path(f.abs_src_path) for f in found}
    _plan.clear()
    _plan.update(notebooks.plan(list(by_file.values())))
    queued = notebooks.start(_plan, jobs.current())
    if queued:
        log.info("Executing %d of %d notebooks", len(queued), len(_plan))
    _pending.update({str(_plan[source]): job for source, job in queued.items()})
    _live.update(_plan)
    for f, source in by_file.items():
        f.abs_src_path = str(_plan[source])
        files.append(File.generated(config, _download_uri(f), abs_src_path=f.abs_src_path))
    return files


def _wait(paths: list[str]) -> None:
    errors = jobs.wait_all([_pending.pop(p) for p in paths if p in _pending])
    if errors:
        jobs.finish(cancel=True)
        raise PluginError("\n".join(errors))


@mkdocs.plugins.event_priority(100)
def on_env(env, config, files):
    _wait(list(_pending))  # notebooks that no page rendered
    current, langs = editions(config)
    if current == langs[-1]:
        notebooks.prune(_live)
    return env


def on_build_error(error) -> None:
    _pending.clear()
    jobs.finish(cancel=True)


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


@mkdocs.plugins.event_priority(100)  # before mkdocs-jupyter reads the executed copy
def on_pre_page(page, config, files):
    if _is_notebook(page):
        _wait([page.file.abs_src_path])
    # mkdocs-jupyter replaces the page's title with the notebook's first heading when
    # it renders the page; the short name given in the nav is kept for the sidebar.
    title = vars(page).get("title")
    if _is_notebook(page) and title:
        _nav_titles[page.file.src_uri] = title
    return page


CELL = '<div class="jp-Cell '
NOTEBOOK_END = "</div> <!-- jp-Notebook -->"
SOLUTION = re.compile(r'<h2 id="(?:solution|풀이)">')  # "## Solution" / "## 풀이"
DOWNLOAD_ICON = (  # Material Design Icons "download" (Apache 2.0), as Material's own buttons
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24" aria-hidden="true">'
    '<path d="M5 20h14v-2H5m14-9h-4V3H9v6H5l7 7z"/></svg>'
)


# The words these pages add, per language (the page's language is its file's suffix).
TEXT = {
    "en": {
        "solution": "Solution: open it once you have tried the exercise",
        "download": "Download this notebook",
        "download_note": "(.ipynb, with the outputs shown here)",
    },
    "ko": {
        "solution": "풀이: 문제를 먼저 풀어 본 다음에 펼쳐 보세요",
        "download": "이 노트북 내려받기",
        "download_note": "(.ipynb, 여기 보이는 출력 포함)",
    },
}


def _lang(src_uri: str) -> str:
    return split(src_uri)[1]


def fold_solution(html: str, src: str) -> str:
    """Put the cells from the "Solution" heading to the end into a closed ``<details>``."""
    found = SOLUTION.search(html)
    if found is None:
        return html
    start = html.rfind(CELL, 0, found.start())
    end = html.rfind(NOTEBOOK_END)
    if start < 0 or end < found.start():
        raise PluginError(f"{src}: cannot find the cells of the solution to fold")
    summary = TEXT[_lang(src)]["solution"]
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
        f"{DOWNLOAD_ICON} {TEXT[_lang(page.file.src_uri)]['download']}</a> "
        f"{TEXT[_lang(page.file.src_uri)]['download_note']}</p>\n"
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
