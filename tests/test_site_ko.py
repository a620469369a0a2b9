"""The Korean edition as built: every page under /ko/, in Korean, with the English code.

The structure of each translation is checked in the sources by
``tests/test_translations.py``; these tests read the built site, which is what a
Korean reader gets.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest

from tests.conftest import ROOT, Build

pytestmark = pytest.mark.site

DOCS = ROOT / "docs"
EXCLUDED = ("explorables", "snippets")
ENGLISH = sorted(
    p
    for p in [*DOCS.rglob("*.md"), *DOCS.rglob("*.ipynb")]
    if ".ko." not in p.name
    and not any(part in EXCLUDED for part in p.relative_to(DOCS).parts)
    and ".ipynb_checkpoints" not in p.parts
)
TRANSLATED = [p for p in ENGLISH if p.with_name(p.stem + ".ko" + p.suffix).is_file()]
HANGUL = re.compile(r"[가-힣]")
CODE = re.compile(r"<pre[^>]*>(?:<span></span>)?<code[^>]*>(.*?)</code></pre>", re.DOTALL)
TAG = re.compile(r"<[^>]+>")


def url_of(page: Path) -> str:
    """``basics/x.md`` -> ``basics/x/``, ``exercises/index.md`` -> ``exercises/``, home ``""``."""
    rel = page.relative_to(DOCS).with_suffix("").as_posix()
    if rel == "index":
        return ""
    return rel.removesuffix("/index").removesuffix("index") + "/"


def served(site: Path, url: str) -> str:
    return (site / url / "index.html").read_text(encoding="utf-8")


def test_the_korean_edition_covers_the_site() -> None:
    # Reported in the closing note; the per-page tests below check each translation.
    print(f"translated: {len(TRANSLATED)} of {len(ENGLISH)} pages and notebooks")
    assert TRANSLATED


@pytest.mark.parametrize("page", TRANSLATED, ids=lambda p: p.relative_to(DOCS).as_posix())
def test_a_korean_page_is_served_in_korean(built: Build, page: Path) -> None:
    text = served(built.site, "ko/" + url_of(page))
    assert '<html lang="ko"' in text
    article = text[text.find("<article") : text.find("</article>")]
    words = TAG.sub(" ", re.sub(r"<(pre|script|style)\b.*?</\1>", " ", article, flags=re.S))
    assert len(HANGUL.findall(words)) > 20, f"/ko/{url_of(page)} has almost no Korean text"


@pytest.mark.parametrize("page", TRANSLATED, ids=lambda p: p.relative_to(DOCS).as_posix())
def test_both_editions_link_to_each_other(built: Build, page: Path) -> None:
    url = url_of(page)
    english, korean = served(built.site, url), served(built.site, "ko/" + url)
    # Material's language switcher and the alternate links in <head>
    assert re.search(r'hreflang="ko"[^>]*>|href="[^"]*ko/[^"]*"[^>]*hreflang="ko"', english)
    assert 'hreflang="en"' in korean
    assert "md-select" in english and "md-select" in korean, "no language switcher"


@pytest.mark.parametrize(
    "page",
    [p for p in TRANSLATED if p.suffix == ".md"],
    ids=lambda p: p.relative_to(DOCS).as_posix(),
)
def test_a_korean_page_shows_the_english_code(built: Build, page: Path) -> None:
    def blocks(text: str) -> list[str]:
        return [html.unescape(TAG.sub("", b)) for b in CODE.findall(text)]

    english = blocks(served(built.site, url_of(page)))
    korean = blocks(served(built.site, "ko/" + url_of(page)))
    assert korean == english, f"/ko/{url_of(page)}: its code blocks differ from the English page's"
    assert '--8<-- "@en"' not in served(built.site, "ko/" + url_of(page))


def test_translated_figures_are_drawn_in_korean(built: Build) -> None:
    from sitebuild import figures

    translated = [s for s in sorted((DOCS / "figures").glob("*.py")) if figures.is_translated(s)]
    print(f"figures with Korean labels: {len(translated)}")
    for script in translated:
        ko = built.site / "ko" / "figures" / f"{script.stem}.svg"
        en = built.site / "figures" / f"{script.stem}.svg"
        assert ko.is_file(), f"no Korean drawing of {script.name}"
        assert ko.read_bytes() != en.read_bytes(), f"{script.name}: the Korean drawing is English"


def test_korean_pages_show_their_korean_figures(built: Build) -> None:
    """A Korean page's image links to /ko/figures/ when the figure has a Korean drawing."""
    for page in TRANSLATED:
        text = served(built.site, "ko/" + url_of(page))
        for src in re.findall(r'<img[^>]+src="([^"]*figures/[a-z0-9_]+\.svg)"', text):
            depth = ("ko/" + url_of(page)).count("/")
            target = (built.site / ("ko/" + url_of(page)) / src).resolve()
            has_korean = (built.site / "ko" / "figures" / Path(src).name).is_file()
            assert target.is_file(), f"/ko/{url_of(page)}: {src} does not exist ({depth})"
            if has_korean:
                assert "/ko/figures/" in target.as_posix(), f"/ko/{url_of(page)} shows {src}"
