"""The notebooks as a reader gets them: figures drawn, solutions collapsed, a download that works.

Most tests read the built site (``built`` fixture, one cold build per session); the
ones that parse source code run without it.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path
from urllib.parse import unquote, urljoin

import nbformat
import pytest
import yaml
from bs4 import BeautifulSoup, Tag
from sitebuild import notebooks as harness  # the build's nbclient runner

from tests.conftest import ROOT, Build

NOTEBOOKS = sorted((ROOT / "docs").rglob("*.ipynb"))
EXERCISES = sorted((ROOT / "docs" / "exercises").glob("*.ipynb"))  # with the Korean ones
ENGLISH_EXERCISES = [p for p in EXERCISES if not p.name.endswith(".ko.ipynb")]
TRANSLATED = [p for p in NOTEBOOKS if p.name.endswith(".ko.ipynb")]
IMAGE_TYPES = ("image/png", "image/svg+xml", "image/jpeg")
# Material's sidebar at a 1280 px window is about 200 px of 14 px system sans: some
# 26 characters of a link on one line. A longer name wraps onto two.
SIDEBAR_CHARS = 24


def _plt_call(node: ast.AST, names: set[str]) -> bool:
    return (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and isinstance(node.func.value, ast.Name)
        and node.func.value.id == "plt"
        and node.func.attr in names
    )


def figures_drawn(source: str) -> int:
    """How many figures a cell shows: its ``plt.show()`` calls, or one figure left open.

    The inline backend shows every figure still open when a cell ends, so a cell that
    creates a figure and neither shows nor closes it draws one too.
    """
    try:
        tree = ast.parse(source)
    except SyntaxError:  # IPython magics: not Python, draws nothing we can see
        return 0
    nodes = list(ast.walk(tree))
    shows = sum(_plt_call(n, {"show"}) for n in nodes)
    if shows:
        return shows
    opened = any(_plt_call(n, {"figure", "subplots", "subplot", "subplot_mosaic"}) for n in nodes)
    closed = any(_plt_call(n, {"close"}) for n in nodes)
    return int(opened and not closed)


def image_outputs(cell) -> int:
    return sum(
        1
        for out in cell.get("outputs", [])
        if out.get("output_type") in ("display_data", "execute_result")
        and any(kind in out.get("data", {}) for kind in IMAGE_TYPES)
    )


def executed(build: Build, notebook: Path) -> Path:
    [path] = (build.cache / "notebooks").glob(f"*/{notebook.name}")
    return path


def page_of(build: Build, notebook: Path) -> Path:
    rel = notebook.relative_to(ROOT / "docs").with_suffix("")
    if rel.suffix == ".ko":  # exercises/01-x.ko.ipynb is served at /ko/exercises/01-x/
        rel = Path("ko") / rel.with_suffix("")
    return build.site / rel / "index.html"


def soup_of(build: Build, notebook: Path) -> BeautifulSoup:
    return BeautifulSoup(page_of(build, notebook).read_text(encoding="utf-8"), "html.parser")


@pytest.mark.parametrize(
    ("source", "count"),
    [
        ("fig, ax = plt.subplots()\nax.plot([1, 2])\nplt.show()", 1),
        ("plt.figure()\nplt.show()\nplt.figure()\nplt.show()", 2),
        ("fig, ax = plt.subplots()\nax.plot([1, 2])", 1),  # left open: shown at cell end
        ("fig, ax = plt.subplots()\nplt.close(fig)", 0),
        ('plt.rcParams["figure.facecolor"] = "white"', 0),
        ("%matplotlib inline", 0),
    ],
)
def test_figures_drawn_counts_what_a_cell_shows(source: str, count: int) -> None:
    assert figures_drawn(source) == count


def test_the_exercises_draw_figures() -> None:
    """The count below is not vacuous: the exercise notebooks do draw."""
    for notebook in EXERCISES:
        nb = nbformat.read(notebook, as_version=4)
        assert sum(figures_drawn(c.source) for c in nb.cells if c.cell_type == "code"), notebook


@pytest.mark.site
@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: p.stem)
def test_every_drawn_figure_is_on_the_page(built: Build, notebook: Path) -> None:
    nb = nbformat.read(executed(built, notebook), as_version=4)
    missing, total = [], 0
    for index, cell in enumerate(nb.cells):
        if cell.cell_type != "code":
            continue
        want, got = figures_drawn(cell.source), image_outputs(cell)
        total += got
        if got < want:
            missing.append(f"cell {index}: draws {want} figure(s), {got} image output(s)")
    print(f"{notebook.name}: {total} image outputs")
    assert not missing, f"{notebook.name}: " + "; ".join(missing)
    outputs = soup_of(built, notebook).select(".jp-OutputArea-output img")
    shown = [img for img in outputs if img.get("src", "").startswith("data:image/")]
    assert len(shown) == total, f"{len(shown)} <img> on the page, {total} in the notebook"


@pytest.mark.site
def test_the_build_log_has_no_kernel_warnings(built: Build) -> None:
    lines = [line for line in built.log.splitlines() if "IPKernelApp" in line]
    assert not lines, "\n".join(lines)


def _solution_heading(soup: BeautifulSoup) -> Tag:
    headings = soup.select(".jp-Notebook h2")
    titles = {"Solution", "풀이"}  # the English and the Korean notebooks
    [heading] = [h for h in headings if h.get_text(strip=True).rstrip("¶") in titles]
    return heading


def _closed_details(node: Tag) -> Tag | None:
    details = node.find_parent("details")
    return details if details is not None and not details.has_attr("open") else None


@pytest.mark.site
@pytest.mark.parametrize("notebook", EXERCISES, ids=lambda p: p.stem)
def test_solutions_are_collapsed(built: Build, notebook: Path) -> None:
    soup = soup_of(built, notebook)
    cells = soup.select(".jp-Notebook .jp-Cell")
    heading = _solution_heading(soup)
    start = next(i for i, cell in enumerate(cells) if heading in cell.descendants)
    assert start > 0, "the statement must come before the solution"
    assert all(_closed_details(cell) is None for cell in cells[:start]), "statement is hidden"
    hidden = [cell for cell in cells[start:] if _closed_details(cell) is not None]
    assert len(hidden) == len(cells) - start, "a cell of the solution is visible before opening"
    [details] = {id(_closed_details(c)): _closed_details(c) for c in hidden}.values()
    assert details.find("summary").get_text(strip=True)
    # Still executed: the outputs are inside, shown once the reader opens it.
    assert details.select(".jp-OutputArea-output")


def _download_link(built: Build, notebook: Path) -> tuple[str, Path]:
    page = page_of(built, notebook)
    links = [a for a in soup_of(built, notebook).find_all("a", href=True) if a.has_attr("download")]
    [link] = [a for a in links if a["href"].endswith(".ipynb")]
    href = link["href"]
    assert "//" not in href, f"download link leaves the site: {href}"
    url = urljoin(page.relative_to(built.site).as_posix(), unquote(href))
    return href, built.site / url


@pytest.mark.site
@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: p.stem)
def test_download_link_serves_the_executed_notebook(built: Build, notebook: Path) -> None:
    href, target = _download_link(built, notebook)
    assert target.is_file(), f"{href} does not resolve to a file in the site"
    nb = nbformat.read(target, as_version=4)
    nbformat.validate(nb)
    code = [c for c in nb.cells if c.cell_type == "code" and c.source.strip()]
    assert code and all(c.execution_count is not None for c in code)
    assert any(c.outputs for c in code)
    source = nbformat.read(notebook, as_version=4)
    assert [c.source for c in nb.cells] == [c.source for c in source.cells]
    assert target.read_bytes() == executed(built, notebook).read_bytes()


def _nav_titles(entries: list, under: str) -> dict[str, str]:
    titles = {}
    for entry in entries:
        if isinstance(entry, dict):
            for title, value in entry.items():
                if isinstance(value, list):
                    titles |= _nav_titles(value, under)
                elif value.startswith(under):
                    titles[value] = title
    return titles


def test_exercise_names_in_the_sidebar_are_short() -> None:
    config = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=yaml.BaseLoader)
    titles = _nav_titles(config["nav"], "exercises/")
    want = sorted(p.relative_to(ROOT / "docs").as_posix() for p in ENGLISH_EXERCISES)
    assert sorted(titles) == want
    long = {page: t for page, t in titles.items() if len(t) > SIDEBAR_CHARS}
    assert not long, f"wrap in the sidebar (over {SIDEBAR_CHARS} characters): {long}"


@pytest.mark.site
def test_sidebar_shows_the_short_names(built: Build) -> None:
    soup = soup_of(built, ENGLISH_EXERCISES[0])
    nav = soup.select_one("nav.md-nav--primary")
    texts = {re.sub(r"\s+", " ", a.get_text(" ", strip=True)) for a in nav.select("a")}
    config = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=yaml.BaseLoader)
    for title in _nav_titles(config["nav"], "exercises/").values():
        assert title in texts


@pytest.mark.site
@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: p.stem)
def test_every_heading_link_of_a_notebook_lands(built: Build, notebook: Path) -> None:
    """The table of contents and each heading's anchor point at an id on the page.

    mkdocs-jupyter folds heading ids to ASCII: a Korean heading got ``id=""`` and its
    contents entry ``#_1``, which lands nowhere (hooks/notebooks.py keeps the Hangul).
    """
    soup = soup_of(built, notebook)
    ids = {tag["id"] for tag in soup.find_all(id=True)}
    headings = soup.select(".jp-Notebook h1, .jp-Notebook h2, .jp-Notebook h3")
    assert headings and all(h.get("id") for h in headings), [str(h)[:80] for h in headings]
    toc = soup.select("nav.md-nav--secondary a[href^='#']")
    broken = [a["href"] for a in toc if unquote(a["href"][1:]) not in ids]
    assert not broken, f"{notebook.name}: contents links to missing ids {broken}"


def _run_of(nb) -> list[tuple]:
    """What each code cell of an executed notebook did: its count and its outputs."""
    return [(c.execution_count, c.outputs) for c in nb.cells if c.cell_type == "code"]


@pytest.mark.site
@pytest.mark.parametrize("notebook", TRANSLATED, ids=lambda p: p.stem)
def test_a_korean_notebook_runs_as_the_english_one_did(
    built: Build, notebook: Path, tmp_path: Path
) -> None:
    """Each Korean notebook, run on its own in a fresh kernel by the build's harness,

    gives the English run's outputs, byte for byte: every stream, value and PNG. The
    build shows the English run in both editions (``merge_outputs``), so this is the one
    place a Korean notebook itself runs: its metadata, its folder, its kernel.
    """
    ours = tmp_path / notebook.name
    harness.execute(notebook, ours)  # raises NotebookError, naming the cell, if one fails
    english = harness.original(notebook)
    assert english is not None, f"{notebook.name} has no English notebook beside it"
    ran = _run_of(nbformat.read(ours, as_version=4))
    want = _run_of(nbformat.read(executed(built, english), as_version=4))
    assert len(ran) == len(want), f"{len(ran)} code cells, the English notebook has {len(want)}"
    differ = [i for i, (a, b) in enumerate(zip(ran, want, strict=True)) if a != b]
    assert not differ, f"{notebook.name}: code cells {differ} ran otherwise than in English"
    print(f"{notebook.name}: {len(ran)} code cells, outputs identical to {english.name}'s")
