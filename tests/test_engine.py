"""The built site, checked for what ``--strict`` cannot see, on every engine that builds it.

MkDocs passes ``--strict`` on a site whose hooks never ran (Zensical 0.0.x did:
no figures, no MathJax, raw notebooks, no error). These tests read the output:
figures drawn at build time, math served by the site, notebooks as HTML with their
outputs, one page per navigation entry, a search index that finds words. They run
on the MkDocs build (``built``) and, when the optional engine extra is installed,
on the same project built by ProperDocs, the maintained MkDocs 1.x fork:

    .venv/bin/python -m pip install -r requirements-properdocs.lock
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pathspec
import pytest
import yaml

from tests.conftest import ROOT, Build

pytestmark = pytest.mark.site

DOCS = ROOT / "docs"
IMG = re.compile(r'<img\b[^>]*\bsrc="([^"]+\.svg)"')
SCRIPT = re.compile(r'<script\b[^>]*\bsrc="([^"]+)"')
INSTALL = "install ProperDocs with: .venv/bin/python -m pip install -r requirements-properdocs.lock"


def nav_files(nav: list) -> list[str]:
    """The documentation files the navigation lists, in order."""
    out: list[str] = []
    for item in nav:
        value = next(iter(item.values())) if isinstance(item, dict) else item
        if isinstance(value, list):
            out += nav_files(value)
        elif isinstance(value, str) and not value.startswith(("http://", "https://")):
            out.append(value)
    return out


def config() -> dict:
    """mkdocs.yml, its tags (``!ENV``) read as plain values."""
    loader = type("Loader", (yaml.SafeLoader,), {})
    loader.add_multi_constructor("", lambda load, suffix, node: None)
    return yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=loader)


def is_translation(src: str) -> bool:
    """``a/b.ko.md``: a Korean page, built under ``ko/`` through the English nav entry."""
    parts = src.rsplit("/", 1)[-1].split(".")
    return len(parts) >= 3 and parts[-2] == "ko"


def page_of(site: Path, src: str) -> Path:
    """Where a documentation file's page is built (directory URLs; ``X.ko.md`` under ``ko/``)."""
    if is_translation(src):
        stem, _, suffix = src.rpartition(".")
        return page_of(site / "ko", f"{stem.removesuffix('.ko')}.{suffix}")
    stem = src.rsplit(".", 1)[0]
    if stem == "index" or stem.endswith("/index"):
        return site / stem.removesuffix("index") / "index.html"
    return site / stem / "index.html"


@pytest.fixture(scope="session")
def properdocs_built(tmp_path_factory: pytest.TempPathFactory, built: Build) -> Build:
    """The same project built by ProperDocs, with the figures and notebooks of ``built``."""
    try:
        import properdocs  # noqa: F401
    except ImportError:
        pytest.skip(f"ProperDocs is not installed; {INSTALL}")
    site = tmp_path_factory.mktemp("properdocs-site")
    cache = tmp_path_factory.mktemp("properdocs-cache")
    for kind in ("figures", "notebooks"):
        shutil.copytree(built.cache / kind, cache / kind, dirs_exist_ok=True)
    env = {"GDTHEORY_CACHE_DIR": str(cache), "NO_MKDOCS_2_WARNING": "1"}
    result = subprocess.run(
        [sys.executable, "-m", "properdocs", "build", "--strict", "-f", "mkdocs.yml"]
        + ["--site-dir", str(site)],
        cwd=ROOT,
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        timeout=900,
    )
    if result.returncode != 0:
        pytest.fail(f"properdocs build --strict failed:\n{result.stderr}", pytrace=False)
    return Build(site, cache, 0.0, result.stderr)


@pytest.fixture(params=["mkdocs", "properdocs"])
def site(request: pytest.FixtureRequest) -> Build:
    return request.getfixturevalue("built" if request.param == "mkdocs" else "properdocs_built")


def pages(site: Path) -> list[Path]:
    return sorted(p for p in site.rglob("index.html"))


def test_every_referenced_figure_is_an_svg_drawn_at_build_time(site: Build) -> None:
    referenced: dict[Path, str] = {}
    for page in pages(site.site):
        base = "/" + page.relative_to(site.site).as_posix()
        for src in IMG.findall(page.read_text(encoding="utf-8")):
            if "/figures/" in urljoin(base, src):
                referenced[site.site / urlsplit(urljoin(base, src)).path.lstrip("/")] = base
    assert len(referenced) >= len(list((DOCS / "figures").glob("*.py")))
    drawn = {p.read_bytes() for p in (site.cache / "figures").glob("*.svg")}
    for svg, page in referenced.items():
        assert svg.is_file(), f"{page} shows {svg.name}, which the site does not have"
        data = svg.read_bytes()
        assert data.startswith(b"<?xml") and b"<svg" in data[:2000], svg
        # Saved by the figure renderer in this build's cache (fixed metadata), not a copy
        # of something in docs/ (there is none).
        assert b"<dc:title>gdtheory</dc:title>" in data and data in drawn, svg
    assert not list(DOCS.rglob("*.svg"))


def test_math_is_typeset_by_the_mathjax_the_site_serves(site: Build) -> None:
    with_math = [p for p in pages(site.site) if 'class="arithmatex"' in p.read_text("utf-8")]
    assert len(with_math) > 5
    for page in with_math:
        base = "/" + page.relative_to(site.site).as_posix()
        scripts = [urlsplit(urljoin(base, s)).path for s in SCRIPT.findall(page.read_text("utf-8"))]
        mathjax = [s for s in scripts if s.endswith("/assets/mathjax/tex-svg.js")]
        assert mathjax, f"{base} has math but loads no MathJax"
        served = site.site / mathjax[0].lstrip("/")
        assert served.stat().st_size > 100_000, served
        assert any(s.endswith("/assets/mathjax-config.js") for s in scripts), base


def test_notebook_pages_are_html_with_their_outputs(site: Build) -> None:
    notebooks = sorted(DOCS.rglob("*.ipynb"))
    assert notebooks
    images = 0
    for nb in notebooks:
        page = page_of(site.site, nb.relative_to(DOCS).as_posix())
        text = page.read_text(encoding="utf-8")
        assert "jp-OutputArea-output" in text, f"{page}: no outputs"
        assert "In&nbsp;[&nbsp;]" not in text, f"{page}: a cell that never ran"
        assert '"cell_type"' not in text, f"{page}: raw notebook JSON"
        images += len(re.findall(r'<img\b[^>]*\bsrc="data:image/png', text))
    assert images > 0


def test_one_page_per_navigation_entry(site: Build) -> None:
    mkdocs = config()
    listed = nav_files(mkdocs["nav"])
    excluded = pathspec.GitIgnoreSpec.from_lines(mkdocs.get("exclude_docs", "").splitlines())
    sources = sorted(
        rel
        for p in [*DOCS.rglob("*.md"), *DOCS.rglob("*.ipynb")]
        if not excluded.match_file(rel := p.relative_to(DOCS).as_posix())
    )
    english = [src for src in sources if not is_translation(src)]
    assert sorted(listed) == english, "the navigation and docs/ disagree"
    # Each page of each edition: the Korean one where translated, else the English text.
    built = {page_of(site.site, src) for src in sources}
    built |= {page_of(site.site / "ko", src) for src in listed}
    assert all(p.is_file() for p in built), [str(p) for p in built if not p.is_file()]
    extra = set(pages(site.site)) - built
    assert not extra, f"pages outside the navigation: {sorted(map(str, extra))}"


@pytest.mark.parametrize("word", ["momentum", "Nesterov", "schedule", "Lipschitz"])
def test_search_index_finds_words(site: Build, word: str) -> None:
    index = json.loads((site.site / "search" / "search_index.json").read_text("utf-8"))
    hits = [e["location"] for e in index["docs"] if word.lower() in e["text"].lower()]
    assert len(hits) >= 2, f"{word!r}: {hits}"


def test_search_index_holds_no_api_source_blocks(site: Build) -> None:
    """A source block repeats its docstring: indexed, every API hit came twice."""
    index = json.loads((site.site / "search" / "search_index.json").read_text("utf-8"))
    with_source = [e["location"] for e in index["docs"] if "Source code in" in e["text"]]
    assert not with_source, with_source[:5]
    api = [e for e in index["docs"] if e["location"].startswith("reference/optimizers/#gdtheory")]
    assert api, "the API objects are still indexed"


# --- The machine-readable edition: llms.txt and llms-full.txt -----------------------------

INLINE_MATH = re.compile(r"(?<![$\\])\$(?!\$)([^$\n]+?)\$(?!\$)")
FENCE = re.compile(r"^( *)```(?:python|py|pycon)\b[^\n]*\n(.*?)^\1```", re.S | re.M)


def test_llms_txt_lists_every_page(site: Build) -> None:
    index = (site.site / "llms.txt").read_text(encoding="utf-8")
    links = re.findall(r"^- \[[^\]]+\]\((\S+)\)", index, re.M)
    assert len(links) == len(nav_files(config()["nav"]))  # the English edition


def test_llms_full_keeps_math_as_tex_and_code_as_written(site: Build) -> None:
    full = (site.site / "llms-full.txt").read_text(encoding="utf-8")
    assert "GDTHEORYMATH" not in full and "\\(" not in full, "math was not restored to $...$"
    pages = sorted(p for p in DOCS.rglob("*.md") if not is_translation(p.name))  # English
    formulas = [m for p in pages for m in INLINE_MATH.findall(FENCE.sub("", p.read_text("utf-8")))]
    missing = [f for f in formulas if f"${f}$" not in full]
    assert len(formulas) > 500 and not missing, missing[:5]
    blocks = [
        "\n".join(line[len(indent) :] for line in code.splitlines()).strip()
        for p in pages
        for indent, code in FENCE.findall(p.read_text("utf-8"))
        if "--8<--" not in code
    ]
    shown = [
        s
        for s in sorted((DOCS / "figures").glob("*.py"))
        # a figure's code shown on its page ("Code for this figure"), not a link to a script
        if any(f'--8<-- "docs/figures/{s.name}"' in p.read_text("utf-8") for p in pages)
    ]
    blocks += [s.read_text("utf-8").strip() for s in shown]
    broken = [b[:80] for b in blocks if b not in full]
    assert len(blocks) > 100 and not broken, broken[:3]
