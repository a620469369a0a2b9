"""The Korean edition in a reader's browser: every ``ko/`` page, and Korean search.

The same per-page checks as ``test_browser.py`` (one visit per page, ``audit_page``),
in a file of its own so that pytest-xdist (``--dist loadfile``) runs the two passes on
two workers at once. A Korean page is audited in the light palette: its stylesheet,
palette and layout are the English page's (``test_browser.py`` audits both palettes'
colours there); what differs is its text, which every light check reads, and axe runs
every rule on it but the two that read colours (``AXE_BUT_COLOUR``).
"""

from __future__ import annotations

import pytest

from tests.conftest import Build, Visit
from tests.test_browser import (
    AXE_BUT_COLOUR,
    GLYPHS_ASIDE_PAGE,
    KEY_PAGES,
    NOTEBOOK_PAGES,
    PageAudit,
    audit_page,
    check_screenshot,
    findings,
    glyphs_aside_findings,
    korean_pages,
)

pytestmark = [pytest.mark.site, pytest.mark.browser]

# Each group of checks that test_browser.py reports in a test of its own.
CHECKS = {
    "opens-and-stays-local": ["open", "requests", "images"],
    "math-typeset": ["raw-tex", "math-svg", "palette", "tex"],
    "copy-buttons-copy-code-that-runs": ["copy-buttons", "copy"],
    "code-fits-its-column": ["overflow"],
    "axe": ["axe"],
}


@pytest.fixture(scope="module")
def audit_ko(built: Build, server: str, browser) -> dict[tuple[str, str], PageAudit]:
    """Every Korean page in the light palette: ``(path, "light")`` -> its ``PageAudit``."""
    pages = korean_pages(built.site)
    if not pages:
        pytest.fail("the Korean edition was not built")
    out = {}
    for path in pages:
        audited = audit_page(browser, server, path, both_palettes=False, axe_options=AXE_BUT_COLOUR)
        for scheme, found in audited.items():
            out[path, scheme] = found
    return out


@pytest.mark.parametrize("group", CHECKS)
def test_every_korean_page_in_a_real_browser(audit_ko, group: str) -> None:
    problems = findings(audit_ko, CHECKS[group], "light")
    print(f"{group}: {len(audit_ko)} Korean pages audited")
    if group == "axe":
        print("axe: every rule but the colour rules, which the English twin pages answer")
    assert not problems, "\n".join(problems)


def test_axe_sees_the_same_with_math_glyphs_set_aside_on_a_korean_page(audit_ko) -> None:
    """As in test_browser.py, on the Korean twin of the page with the most math."""
    problems = glyphs_aside_findings(audit_ko, "ko/" + GLYPHS_ASIDE_PAGE)
    assert not problems, "\n".join(problems)


def test_korean_math_and_copied_code_are_all_there(audit_ko) -> None:
    """The Korean home page typesets math, every Korean notebook too, and the copy check
    clicked as many blocks as a whole edition has (the code is the English code)."""
    assert audit_ko["ko/", "light"].facts["mjx-svg"] >= 2
    notebooks = [p for p in NOTEBOOK_PAGES if p.startswith("ko/")]
    assert notebooks
    for path in notebooks:
        assert audit_ko[path, "light"].facts["notebook-math"] >= 1, path
    checked = sum(a.facts.get("copied", 0) for a in audit_ko.values())
    doctests = sum(a.facts.get("doctests", 0) for a in audit_ko.values())
    print(f"copy-checked {checked} Korean blocks ({doctests} doctests)")
    assert checked >= 100 and doctests >= 50, (checked, doctests)


@pytest.mark.parametrize("path", [p for p in KEY_PAGES if p.startswith("ko/")])
def test_screenshots_of_korean_key_pages(audit_ko, path: str) -> None:
    check_screenshot(audit_ko, path)


# What a Korean reader types (a particle attached, a space left out or added) and the
# page that must come first. Material's stock Korean search matched prefixes only:
# 기울기가, 경사하강법이 and 손실함수 found nothing (docs/assets/search-ko.js).
KOREAN_QUERIES = {
    "경사하강법이": {"ko/basics/gradient-descent/"},
    "기울기가": {"ko/basics/optimization/"},
    "학습률을": {"ko/methods/schedules/", "ko/exercises/05-schedules-digits/"},
    "손실함수": {"ko/basics/optimization/"},
    "손실 함수": {"ko/basics/optimization/"},
    "조건수가": {"ko/basics/convergence/"},
    "모멘텀은": {"ko/methods/momentum/", "ko/exercises/04-momentum-vs-nesterov/"},
}
# ... and it must be the page the glossary's own spelling finds first.
SPELLED_AS_IN_THE_GLOSSARY = {
    "경사하강법이": "경사 하강법",
    "기울기가": "기울기",
    "학습률을": "학습률",
}


def search_results(v: Visit, query: str) -> list[str]:
    """The pages Material's search lists for ``query``, best first (site paths)."""
    box = v.page.locator("input.md-search__input")
    if not v.page.evaluate("() => document.getElementById('__search').checked"):
        v.page.keyboard.press("s")  # Material's search shortcut opens the search
    box.fill("")  # the list empties, so the next one is this query's
    box.press("End")  # Material reads the query on key events, as a reader types it
    v.page.wait_for_function("() => !document.querySelector('.md-search-result__item')")
    box.fill(query)
    box.press("End")
    v.page.locator(".md-search-result__item").first.wait_for(timeout=60_000)
    v.page.wait_for_timeout(300)  # the list is drawn in batches
    return v.page.eval_on_selector_all(
        ".md-search-result__list > .md-search-result__item > a",
        "els => els.map(e => new URL(e.href).pathname)",
    )


@pytest.fixture(scope="module")
def korean_search(built: Build, browser, server: str) -> dict[str, list[str]]:
    """Every query of the tests below typed into the Korean home page's search, in one visit."""
    if not (built.site / "ko" / "index.html").exists():
        pytest.fail("the Korean edition was not built")
    v = Visit(browser, server)
    try:
        v.open("ko/")
        queries = [*KOREAN_QUERIES, *SPELLED_AS_IN_THE_GLOSSARY.values()]
        found = {q: [p.removeprefix("/") for p in search_results(v, q)] for q in queries}
        assert not v.errors, v.errors
    finally:
        v.close()
    for q, pages in found.items():
        print(f"{q!r}: {pages[:3]}")
    return found


@pytest.mark.parametrize("query", [*KOREAN_QUERIES, *SPELLED_AS_IN_THE_GLOSSARY.values()])
def test_korean_search_finds_the_page(korean_search, query: str) -> None:
    found = korean_search[query]
    assert found, f"no result for {query!r}"
    assert all(p.startswith("ko/") or p.startswith("reference/") for p in found[:5]), found[:5]
    if query in KOREAN_QUERIES:
        assert found[0] in KOREAN_QUERIES[query], f"{query!r} first found {found[:3]}"
    for variant, spelled in SPELLED_AS_IN_THE_GLOSSARY.items():
        if query == spelled:
            assert found[0] in KOREAN_QUERIES[variant], f"{query!r} first found {found[:3]}"
