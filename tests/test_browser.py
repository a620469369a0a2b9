"""The built site as a reader's browser sees it (Playwright driving Debian's Chromium).

Every page is visited with all network requests intercepted: anything not
addressed to the local test server fails the test. Checks: no console errors, no
failed requests, every image loaded, math typeset (no raw TeX left), copy buttons,
search, and the light/dark toggle with figures still legible. Screenshots of key
pages go to ``test-artifacts/screenshots/``.
"""

from __future__ import annotations

import doctest
import functools
import http.server
import io
import os
import re
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests._optional import CHROMIUM_HINT, need_chromium, need_playwright
from tests.conftest import ROOT, Build

pytestmark = [pytest.mark.site, pytest.mark.browser]

ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
COPY_BUTTON = "button[data-md-type=copy], button.md-clipboard"
ARTIFACTS = ROOT / "test-artifacts" / "screenshots"
RAW_TEX = re.compile(r"\\\(|\\\)|\\\[|\\\]|\$\$|(?<![\w$])\$[^$\s][^$\n]{0,200}?\$(?![\w$])")


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:  # keep pytest output clean
        pass


@pytest.fixture(scope="module")
def server(built: Build) -> Iterator[str]:
    handler = functools.partial(QuietHandler, directory=str(built.site))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


@pytest.fixture(scope="module")
def browser():
    sync_api = need_playwright()  # skips with the install hint, or fails under CI=true
    chromium = need_chromium()  # skips with the install hint, or fails under CI=true
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=chromium, args=ARGS)
        yield b
        b.close()


class Visit:
    """A page opened with every request checked and every console error kept."""

    def __init__(
        self,
        browser,
        base: str,
        permissions: tuple[str, ...] = (),
        color_scheme: str = "light",
    ) -> None:
        self.base = base
        self.errors: list[str] = []
        self.blocked: list[str] = []
        self.failed: list[str] = []
        self.context = browser.new_context(
            viewport={"width": 1280, "height": 900}, color_scheme=color_scheme
        )
        if permissions:
            self.context.grant_permissions(list(permissions), origin=base)
        self.page = self.context.new_page()
        self.page.on("console", self._console)
        self.page.on("pageerror", lambda exc: self.errors.append(f"page error: {exc}"))
        self.page.on("requestfailed", lambda r: self.failed.append(f"{r.url} ({r.failure})"))
        self.page.route("**/*", self._route)

    def _console(self, msg) -> None:
        if msg.type == "error":
            self.errors.append(msg.text)

    def _route(self, route) -> None:
        if route.request.url.startswith(self.base) or route.request.url.startswith("data:"):
            route.continue_()
        else:
            self.blocked.append(route.request.url)
            route.abort()

    def open(self, path: str) -> None:
        self.page.goto(f"{self.base}/{path}", wait_until="load")
        self.page.evaluate(
            "() => window.MathJax && MathJax.startup && MathJax.startup.promise"
            " ? MathJax.startup.promise.then(() => true) : true"
        )

    def close(self) -> None:
        self.context.close()


def site_pages(site: Path) -> list[str]:
    pages = []
    for html in sorted(site.rglob("index.html")):
        rel = html.parent.relative_to(site).as_posix()
        pages.append("" if rel == "." else rel + "/")
    return pages


def test_every_page_in_a_real_browser(built: Build, server: str, browser) -> None:
    problems = []
    pages = site_pages(built.site)
    assert len(pages) >= 3
    for path in pages:
        v = Visit(browser, server)
        try:
            v.open(path)
            where = f"/{path}"
            problems += [f"{where}: console error: {e}" for e in v.errors]
            problems += [f"{where}: request left the site: {u}" for u in v.blocked]
            problems += [f"{where}: request failed: {u}" for u in v.failed]
            broken = v.page.evaluate(
                "() => [...document.images].filter(i => !i.complete || i.naturalWidth === 0)"
                ".map(i => i.getAttribute('src'))"
            )
            problems += [f"{where}: image did not load: {src}" for src in broken]
            text = v.page.evaluate(
                "() => [...document.querySelectorAll('.md-content article')]"
                ".map(a => { const c = a.cloneNode(true);"
                " c.querySelectorAll('pre, code, script, mjx-container, .highlight,"
                " .clipboard-copy-txt')"
                ".forEach(e => e.remove()); return c.innerText; }).join('\\n')"
            )
            leftover = RAW_TEX.findall(text)
            if leftover:
                problems.append(f"{where}: math not typeset: {leftover[:3]}")
            has_code = v.page.locator("pre > code").count()
            if has_code and not v.page.locator(COPY_BUTTON).count():
                problems.append(f"{where}: code without copy buttons")
        finally:
            v.close()
    assert not problems, "\n".join(problems)


def test_math_is_typeset_as_svg(built: Build, server: str, browser) -> None:
    v = Visit(browser, server)
    try:
        v.open("")
        assert v.page.locator("mjx-container svg").count() >= 2
        notebooks = sorted(p.relative_to(ROOT / "docs") for p in (ROOT / "docs").rglob("*.ipynb"))
        for nb in notebooks:
            v.open(nb.with_suffix("").as_posix() + "/")
            assert v.page.locator(".jp-MarkdownOutput mjx-container").count() >= 1, nb
    finally:
        v.close()


def test_search_finds_adam(built: Build, server: str, browser) -> None:
    v = Visit(browser, server)
    try:
        v.open("")
        v.page.keyboard.press("s")  # Material's search shortcut
        box = v.page.locator("input.md-search__input")
        box.fill("Adam")
        results = v.page.locator(".md-search-result__item")
        results.first.wait_for(timeout=15_000)
        texts = results.all_inner_texts()
        assert any("Adam" in t for t in texts), texts[:5]
    finally:
        v.close()


def _luminance_of(png: bytes) -> float:
    import matplotlib.image as mpimg

    pixels = mpimg.imread(io.BytesIO(png), format="png")[..., :3]
    return float(pixels.mean())


def test_light_dark_toggle_and_figures_stay_legible(built: Build, server: str, browser) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    v = Visit(browser, server)
    try:
        v.open("")
        body = v.page.locator("body")
        start = body.get_attribute("data-md-color-scheme")
        v.page.locator("form[data-md-component=palette] label:visible").first.click()
        v.page.wait_for_function(
            f"() => document.body.getAttribute('data-md-color-scheme') !== '{start}'"
        )
        after = body.get_attribute("data-md-color-scheme")
        assert {start, after} == {"default", "slate"}
        if after != "slate":
            v.page.locator("form[data-md-component=palette] label:visible").first.click()
            v.page.wait_for_function(
                "() => document.body.getAttribute('data-md-color-scheme') === 'slate'"
            )
        background = v.page.evaluate(
            "() => getComputedStyle(document.querySelector('.md-main')).backgroundColor"
        )
        figure = v.page.locator("article img[src*='figures/']").first
        figure.scroll_into_view_if_needed()
        shot = figure.screenshot()
        (ARTIFACTS / "home-figure-dark.png").write_bytes(shot)
        v.page.screenshot(path=str(ARTIFACTS / "home-dark.png"), full_page=False)
        # The figure is drawn on its own white card, so it stays bright on the dark page.
        assert _luminance_of(shot) > 0.8, f"figure too dark on {background}"
    finally:
        v.close()


KEY_PAGES = ["", "reference/", "quickstart/"]


@pytest.mark.parametrize("path", KEY_PAGES, ids=lambda p: p.strip("/") or "home")
def test_screenshots_of_key_pages(built: Build, server: str, browser, path: str) -> None:
    if not (built.site / path / "index.html").exists():
        pytest.skip(f"/{path} is not part of this build")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    v = Visit(browser, server)
    try:
        v.open(path)
        name = (path.strip("/").replace("/", "-") or "home") + ".png"
        v.page.screenshot(path=str(ARTIFACTS / name), full_page=True)
        assert (ARTIFACTS / name).stat().st_size > 10_000
        assert not v.errors and not v.blocked
    finally:
        v.close()


def test_chromium_launches(browser) -> None:
    assert browser.version


def test_missing_chromium_fails_under_ci() -> None:
    """With CI=true and no Chromium on PATH, the browser pass fails instead of skipping."""
    env = dict(os.environ, CI="true", PATH="")
    result = subprocess.run(
        [sys.executable, "-m", "pytest", f"{Path(__file__)}::test_chromium_launches", "-q"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    out = result.stdout + result.stderr
    assert result.returncode == 1, out
    assert CHROMIUM_HINT in out and "1 error" in out, out


def doctest_source(text: str) -> list[str]:
    """The source lines of a ``>>>`` block, as Python's own doctest parser reads them."""
    examples = doctest.DocTestParser().get_examples(text)
    return [line for ex in examples for line in ex.source.splitlines()]


def _code_lines(text: str) -> list[str]:
    """Lines other than blank and comment-only ones (doctest drops ``>>> # note`` lines)."""
    return [
        line for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")
    ]


COPY_BUTTONS = "article button[data-md-type=copy]"
CODE_BLOCKS = """() => [...document.querySelectorAll('BUTTONS')].map(b => {
  const code = document.querySelector(b.getAttribute('data-clipboard-target'));
  const lang = code && code.closest('[class*=language-]');
  return {
    text: code ? code.textContent : null,
    lang: lang ? [...lang.classList].find(c => c.startsWith('language-')) : null,
    signature: !!(code && code.closest('.doc-signature')),
  };
})""".replace("BUTTONS", COPY_BUTTONS)


def test_copy_buttons_copy_code_that_runs(built: Build, server: str, browser) -> None:
    """Each copy button gives runnable Python: a doctest copies its source lines only.

    Every block's copy is compared with what Python's doctest parser reads as the
    block's source (or with the block's text, for a plain block) and compiled; API
    signatures are compared but not compiled.
    """
    problems, checked, doctests = [], 0, 0
    for path in site_pages(built.site):
        v = Visit(browser, server, permissions=("clipboard-read", "clipboard-write"))
        try:
            v.open(path)
            # A reader opens a collapsed block before copying it.
            v.page.evaluate(
                "() => document.querySelectorAll('details').forEach(d => d.open = true)"
            )
            blocks = v.page.evaluate(CODE_BLOCKS)
            buttons = v.page.locator(COPY_BUTTONS)
            for i, block in enumerate(blocks):
                where = f"/{path} block {i + 1}"
                v.page.evaluate("() => navigator.clipboard.writeText('')")
                buttons.nth(i).click()
                copied = v.page.evaluate("() => navigator.clipboard.readText()")
                checked += 1
                text = block["text"] or ""
                if text.lstrip().startswith(">>>"):
                    doctests += 1
                    expected = _code_lines("\n".join(doctest_source(text)))
                    wrong = _code_lines(copied) != expected or "\n\n\n" in copied
                else:  # a plain block copies exactly as shown
                    expected = text.rstrip().splitlines()
                    wrong = copied.splitlines() != expected
                if wrong:
                    problems.append(f"{where}: copied {copied[:120]!r}, want {expected[:3]}")
                    continue
                # An API signature (``f(x: float) -> float``) is shown, not run.
                if (
                    block["lang"] in ("language-python", "language-pycon")
                    and not block["signature"]
                ):
                    try:
                        compile(copied, where, "exec")
                    except SyntaxError as exc:
                        problems.append(f"{where}: copied text does not compile: {exc}")
        finally:
            v.close()
    print(f"copy-checked {checked} blocks ({doctests} doctests)")
    assert checked >= 100 and doctests >= 50, (checked, doctests)
    assert not problems, f"{len(problems)} of {checked} blocks:\n" + "\n".join(problems)


SCHEMES = {"light": "default", "dark": "slate"}


def open_in_scheme(browser, server: str, path: str, scheme: str) -> Visit:
    """A visit whose browser prefers the given colour scheme (Material follows it)."""
    v = Visit(browser, server, color_scheme=scheme)
    v.open(path)
    shown = v.page.evaluate("() => document.body.getAttribute('data-md-color-scheme')")
    assert shown == SCHEMES[scheme], f"/{path}: palette {shown!r}, want {SCHEMES[scheme]!r}"
    return v


# What a reader sees of a page outside code, with typeset math read from the text
# MathJax gives it (mjx-assistive-mml: the SVG itself has no text).
# The article and its table of contents; notebooks keep each cell's source in a hidden
# .clipboard-copy-txt for their own copy buttons.
VISIBLE_TEXT = """() => [...document.querySelectorAll('.md-content article, .md-nav--secondary')]
  .map(a => {
    const c = a.cloneNode(true);
    c.querySelectorAll('pre, code, script, style, .highlight, .clipboard-copy-txt')
      .forEach(e => e.remove());
    c.querySelectorAll('mjx-container').forEach(m => {
      const mml = m.querySelector('mjx-assistive-mml');
      m.replaceWith(' ' + (mml ? mml.textContent : '') + ' ');
    });
    return c.textContent;
  }).join('\\n')"""
MATH_ERRORS = "mjx-merror, [data-mml-node=merror], mjx-assistive-mml merror"
TEX_LEFT = re.compile(r"\\[A-Za-z]+|\\[_{}%#&$,;!]")


@pytest.mark.parametrize("scheme", list(SCHEMES))
def test_no_tex_source_or_math_error_on_any_page(
    built: Build, server: str, browser, scheme: str
) -> None:
    """No page shows a MathJax error or a TeX control sequence (``\\frac``, ``\\_``)."""
    problems, pages = [], site_pages(built.site)
    for path in pages:
        v = open_in_scheme(browser, server, path, scheme)
        try:
            errors = v.page.locator(MATH_ERRORS).count()
            if errors:
                problems.append(f"/{path}: {errors} MathJax error(s)")
            text = v.page.evaluate(VISIBLE_TEXT)
            for m in TEX_LEFT.finditer(text):
                context = text[max(0, m.start() - 40) : m.end() + 40].replace("\n", " ")
                problems.append(f"/{path}: TeX source {m.group(0)!r} shown in {context!r}")
        finally:
            v.close()
    problems = list(dict.fromkeys(problems))  # the table of contents is on the page twice
    assert not problems, "\n".join(problems)


OVERFLOW = """() => {
  document.querySelectorAll('details').forEach(d => d.open = true);
  const article = document.querySelector('.md-content article');
  const shown = e => e.offsetParent !== null;
  const name = e => {
    const block = e.closest('[class*=highlight]');
    const text = (e.textContent || '').trim().split('\\n')[0].slice(0, 50);
    return `${block ? block.className : e.tagName} (${text})`;
  };
  const over = [...article.querySelectorAll('pre, pre > code')].filter(shown)
    .filter(e => e.scrollWidth > e.clientWidth + 1)
    .map(e => `${name(e)}: ${e.scrollWidth} px of content in ${e.clientWidth} px`);
  // A cell's column: the article, or the box it sits in (a collapsed solution).
  const columnOf = e => {
    const box = e.closest('details, .admonition') || article, s = getComputedStyle(box);
    return box.clientWidth - parseFloat(s.paddingLeft) - parseFloat(s.paddingRight);
  };
  const narrow = [...article.querySelectorAll('.jp-Cell .highlight-ipynb, .jp-OutputArea-output')]
    .filter(shown).map(e => [name(e), e.getBoundingClientRect().width, columnOf(e)])
    .filter(([, w, column]) => w < 0.97 * column)
    .map(([n, w, c]) => `notebook ${n}: ${Math.round(w)} px wide, column ${Math.round(c)} px`);
  return over.concat(narrow);
}"""


def test_code_blocks_fit_their_column(built: Build, server: str, browser) -> None:
    """At a 1280 px window no code block scrolls sideways; notebook cells use the column."""
    problems = []
    for path in site_pages(built.site):
        v = Visit(browser, server)
        try:
            v.open(path)
            problems += [f"/{path}: {p}" for p in v.page.evaluate(OVERFLOW)]
        finally:
            v.close()
    assert not problems, f"{len(problems)} blocks:\n" + "\n".join(problems)


AXE = ROOT / "tests" / "vendor" / "axe-core" / "axe.min.js"
AXE_RUN = """async () => {
  const r = await axe.run(document, {resultTypes: ['violations']});
  return r.violations.filter(v => v.impact === 'serious' || v.impact === 'critical')
    .map(v => ({id: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.map(n => n.target.join(' ')).slice(0, 3), count: v.nodes.length}));
}"""


@pytest.mark.parametrize("scheme", list(SCHEMES))
def test_axe_finds_no_serious_violation(built: Build, server: str, browser, scheme: str) -> None:
    """axe-core (vendored, 4.14) on every page: no serious or critical violation."""
    problems, pages = [], site_pages(built.site)
    for path in pages:
        v = open_in_scheme(browser, server, path, scheme)
        try:
            v.page.add_script_tag(path=str(AXE))
            for f in v.page.evaluate(AXE_RUN):
                problems.append(
                    f"/{path}: {f['impact']} {f['id']} ({f['help']}) on {f['count']} nodes,"
                    f" e.g. {f['nodes']}"
                )
        finally:
            v.close()
    print(f"axe audited {len(pages)} pages in the {scheme} palette")
    assert not problems, "\n".join(problems)


FOCUS = """() => {
  const e = document.activeElement;
  if (!e || e === document.body) return null;
  const s = getComputedStyle(e), r = e.getBoundingClientRect();
  return {
    tag: e.tagName, cls: e.className && e.className.baseVal === undefined ? e.className : '',
    text: (e.innerText || e.getAttribute('aria-label') || '').trim().slice(0, 40),
    inContent: !!e.closest('.md-content'),
    shown: r.width > 0 && r.height > 0 && r.bottom > 0 && r.top < innerHeight,
    ring: (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0) || s.boxShadow !== 'none',
  };
}"""


def test_keyboard_reaches_the_content_with_visible_focus(
    built: Build, server: str, browser
) -> None:
    """Tab first lands on a visible skip link that jumps to the content; each stop shows focus."""
    problems = []
    for path in ("basics/gradient-descent/", "exercises/01-gd-rates/"):
        v = Visit(browser, server)
        try:
            v.open(path)
            v.page.keyboard.press("Tab")
            skip = v.page.evaluate(FOCUS)
            if not skip or "md-skip" not in skip["cls"] or not skip["shown"]:
                problems.append(f"/{path}: first Tab focuses {skip}, not a visible skip link")
            v.page.keyboard.press("Enter")
            reached = False
            for _ in range(40):
                v.page.keyboard.press("Tab")
                f = v.page.evaluate(FOCUS)
                if f is None:
                    continue
                if not (f["shown"] and f["ring"]):
                    problems.append(f"/{path}: focus on {f} is not visible")
                if f["inContent"]:
                    reached = True
                    break
            if not reached:
                problems.append(f"/{path}: 40 Tabs after the skip link never reach the content")
        finally:
            v.close()
    assert not problems, "\n".join(problems)
