"""The built site as a reader's browser sees it (Playwright driving Debian's Chromium).

Every page is visited with all network requests intercepted: anything not
addressed to the local test server fails the test. Checks: no console errors, no
failed requests, every image loaded, math typeset (no raw TeX left), copy buttons,
search, and the light/dark toggle with figures still legible. Screenshots of key
pages go to ``test-artifacts/screenshots/``.

Each page is opened once per palette (``audit``), and every per-page check runs in
that one visit; each test below then reports its own check's findings, naming the
page, the palette and the element. The Korean pages and Korean search are in
``test_browser_ko.py``.
"""

from __future__ import annotations

import doctest
import io
import os
import re
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from tests._optional import CHROMIUM_HINT
from tests.conftest import ROOT, Build, Visit

pytestmark = [pytest.mark.site, pytest.mark.browser]

COPY_BUTTON = "button[data-md-type=copy], button.md-clipboard"
ARTIFACTS = ROOT / "test-artifacts" / "screenshots"
RAW_TEX = re.compile(r"\\\(|\\\)|\\\[|\\\]|\$\$|(?<![\w$])\$[^$\s][^$\n]{0,200}?\$(?![\w$])")


def site_pages(site: Path) -> list[str]:
    pages = []
    for html in sorted(site.rglob("index.html")):
        rel = html.parent.relative_to(site).as_posix()
        pages.append("" if rel == "." else rel + "/")
    return pages


def english_pages(site: Path) -> list[str]:
    return [p for p in site_pages(site) if not p.startswith("ko/")]


def korean_pages(site: Path) -> list[str]:
    return [p for p in site_pages(site) if p.startswith("ko/")]


def doctest_source(text: str) -> list[str]:
    """The source lines of a ``>>>`` block, as Python's own doctest parser reads them."""
    examples = doctest.DocTestParser().get_examples(text)
    return [line for ex in examples for line in ex.source.splitlines()]


def _code_lines(text: str) -> list[str]:
    """Lines other than blank and comment-only ones (doctest drops ``>>> # note`` lines)."""
    return [
        line for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")
    ]


def _luminance_of(png: bytes) -> float:
    import matplotlib.image as mpimg

    pixels = mpimg.imread(io.BytesIO(png), format="png")[..., :3]
    return float(pixels.mean())


SCHEMES = {"light": "default", "dark": "slate"}
CLIPBOARD = ("clipboard-read", "clipboard-write")
KEY_PAGES = ["", "reference/", "quickstart/", "ko/", "ko/basics/gradient-descent/"]
DOCS = ROOT / "docs"
NOTEBOOK_PAGES = [  # a Korean notebook (N.ko.ipynb) is served under ko/
    ("ko/" + rel.removesuffix(".ko") if rel.endswith(".ko") else rel) + "/"
    for rel in (
        p.relative_to(DOCS).with_suffix("").as_posix() for p in sorted(DOCS.rglob("*.ipynb"))
    )
]

BROKEN_IMAGES = (
    "() => [...document.images].filter(i => !i.complete || i.naturalWidth === 0)"
    ".map(i => i.getAttribute('src'))"
)
ARTICLE_TEXT = (
    "() => [...document.querySelectorAll('.md-content article')]"
    ".map(a => { const c = a.cloneNode(true);"
    " c.querySelectorAll('pre, code, script, mjx-container, .highlight,"
    " .clipboard-copy-txt')"
    ".forEach(e => e.remove()); return c.innerText; }).join('\\n')"
)
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

AXE = ROOT / "tests" / "vendor" / "axe-core" / "axe.min.js"
AXE_RUN = """async (options) => {
  const r = await axe.run(document, options);
  return r.violations.filter(v => v.impact === 'serious' || v.impact === 'critical')
    .map(v => ({id: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.map(n => n.target.join(' ')).slice(0, 3), count: v.nodes.length}));
}"""
AXE_ALL = {"resultTypes": ["violations"]}
# Everything axe found, rule by rule and node by node (for comparing two runs).
AXE_EVERYTHING = """async (options) => {
  const r = await axe.run(document, options);
  const of = kind => r[kind].map(f => [f.id, f.nodes.map(n => n.target.join(' ')).sort()]);
  return {violations: of('violations'), passes: of('passes'), incomplete: of('incomplete'),
          inapplicable: r.inapplicable.map(f => f.id)};
}"""
# MathJax draws a formula as an SVG of glyph references (<g>, <use>); what assistive
# technology reads is the MathML beside it (mjx-assistive-mml), and the SVG is
# aria-hidden. Those glyph nodes are most of a math page's DOM (16,392 of the 29,539
# elements of the convergence page), and axe lays out and hit-tests every
# element of the page to know what lies behind a text: that is most of its time there.
# axe runs with them set aside: each SVG is emptied (its width, height and alignment
# stay, so the layout is the same) and filled again after. An SVG that holds text, a
# link or anything focusable keeps its children. On GLYPHS_ASIDE_PAGE the audit runs
# axe both ways and the results must be the same, node by node
# (test_axe_sees_the_same_with_math_glyphs_set_aside).
GLYPHS_ASIDE = """() => {
  window.__gdtheoryGlyphs = [];
  for (const svg of document.querySelectorAll('mjx-container > svg')) {
    if (svg.querySelector('text, a, [tabindex], foreignObject')) continue;
    const kept = document.createDocumentFragment();
    kept.append(...svg.childNodes);
    window.__gdtheoryGlyphs.push([svg, kept]);
  }
  return window.__gdtheoryGlyphs.length;
}"""
GLYPHS_BACK = """() => {
  for (const [svg, kept] of window.__gdtheoryGlyphs) svg.append(kept);
  window.__gdtheoryGlyphs = [];
}"""
GLYPHS_ASIDE_PAGE = "basics/convergence/"  # the page with the most math
# The palette changes colours only (the DOM and the layout are the same), so in the
# second palette axe runs the default rules that read colours.
COLOUR_RULES = ["color-contrast", "link-in-text-block"]
AXE_COLOUR = {"resultTypes": ["violations"], "runOnly": {"type": "rule", "values": COLOUR_RULES}}
# Every rule but those that read colours: for a translated page, whose stylesheet, palette
# and markup are its English page's (whose colours are audited in both palettes). The
# colour rules are most of axe's time: 5.5 of 7.1 s on the convergence page.
AXE_BUT_COLOUR = {
    "resultTypes": ["violations"],
    "rules": {rule: {"enabled": False} for rule in COLOUR_RULES},
}


@dataclass
class PageAudit:
    """What each check found on one page in one palette (``found``: check -> problems)."""

    path: str
    scheme: str
    found: dict[str, list[str]] = field(default_factory=dict)
    facts: dict[str, int] = field(default_factory=dict)
    seconds: dict[str, float] = field(default_factory=dict)

    @property
    def where(self) -> str:
        return f"/{self.path} ({self.scheme})"

    @contextmanager
    def check(self, name: str) -> Iterator[list[str]]:
        """Record that check ``name`` ran; if it crashes, that is one of its problems."""
        problems = self.found.setdefault(name, [])
        start = time.perf_counter()
        try:
            yield problems
        except Exception as exc:  # reported by the check's own test, naming page and check
            problems.append(f"{self.where}: the {name} check crashed: {type(exc).__name__}: {exc}")
        finally:
            self.seconds[name] = time.perf_counter() - start


# Copy buttons from index ``start`` on, clicked in the page: what each put on the clipboard,
# or null for a button a reader could not click (not rendered, or zero-sized). On a loaded
# machine, after about 5 s of these clicks, Material's execCommand('copy') copied nothing
# (measured; a real click of the same button then copied the right text), so the script
# stops at the first button that copied nothing and the caller gives that one a real click.
COPY_FROM = """async ([selector, start]) => {
  const out = [];
  for (const b of [...document.querySelectorAll(selector)].slice(start)) {
    const r = b.getBoundingClientRect();
    if (!b.checkVisibility() || r.width === 0 || r.height === 0) { out.push(null); continue; }
    await navigator.clipboard.writeText('');
    b.click();
    await new Promise(done => setTimeout(done, 0));
    const text = await navigator.clipboard.readText();
    if (text === '') break;
    out.push(text);
  }
  return out;
}"""


def check_copy_buttons(v: Visit, a: PageAudit, problems: list[str]) -> None:
    """Click every copy button; the clipboard must hold what the block runs (see the test).

    The first button is clicked as a reader clicks it (Playwright's click: scrolled into
    view, visible, not covered); the others by their own ``click()`` in one script, the
    same handler and the same clipboard, after a check that each is shown (a real click
    of each took five times as long: 2.4 s against 0.45 s for the 19 blocks of the
    gradient-descent page, with the same 19 texts). A button that copies nothing in the
    script gets a real click (see ``COPY_FROM``); if it copies nothing then, it is wrong.
    """
    # A reader opens a collapsed block before copying it.
    v.page.evaluate("() => document.querySelectorAll('details').forEach(d => d.open = true)")
    blocks = v.page.evaluate(CODE_BLOCKS)
    a.facts["copied"] = a.facts["doctests"] = 0
    if not blocks:
        return
    clipboard: list[str | None] = []
    while len(clipboard) < len(blocks):
        v.page.evaluate("() => navigator.clipboard.writeText('')")
        v.page.locator(COPY_BUTTONS).nth(len(clipboard)).click()
        clipboard.append(v.page.evaluate("() => navigator.clipboard.readText()"))
        clipboard += v.page.evaluate(COPY_FROM, [COPY_BUTTONS, len(clipboard)])
    for i, (block, copied) in enumerate(zip(blocks, clipboard, strict=True)):
        where = f"/{a.path} block {i + 1}"
        if copied is None:
            problems.append(f"{where}: its copy button is not shown")
            continue
        a.facts["copied"] += 1
        text = block["text"] or ""
        if text.lstrip().startswith(">>>"):
            a.facts["doctests"] += 1
            expected = _code_lines("\n".join(doctest_source(text)))
            wrong = _code_lines(copied) != expected or "\n\n\n" in copied
        else:  # a plain block copies exactly as shown
            expected = text.rstrip().splitlines()
            wrong = copied.splitlines() != expected
        if wrong:
            problems.append(f"{where}: copied {copied[:120]!r}, want {expected[:3]}")
            continue
        # An API signature (``f(x: float) -> float``) is shown, not run.
        if block["lang"] in ("language-python", "language-pycon") and not block["signature"]:
            try:
                compile(copied, where, "exec")
            except SyntaxError as exc:
                problems.append(f"{where}: copied text does not compile: {exc}")


def switch_palette(v: Visit, scheme: str) -> None:
    """Click the header's palette toggle, as a reader does, until ``scheme`` is shown."""
    for _ in range(len(SCHEMES)):
        shown = v.page.evaluate("() => document.body.getAttribute('data-md-color-scheme')")
        if shown == SCHEMES[scheme]:
            return
        v.page.locator("form[data-md-component=palette] label:visible").first.click()
        v.page.wait_for_function(
            f"() => document.body.getAttribute('data-md-color-scheme') !== '{shown}'"
        )


def audit_page(
    browser, server: str, path: str, both_palettes: bool = True, axe_options: dict = AXE_ALL
) -> dict[str, PageAudit]:
    """Open ``path`` once and run every per-page check in that one visit.

    The page opens in the light palette (the browser prefers light); the light checks
    run, then the reader's palette toggle switches to dark and the checks that colours
    can change run again (the palette shown, TeX and math errors, axe's colour rules);
    the checks that change the page (opening every ``details``, clicking copy buttons)
    come last. Console errors and requests are collected at the end, so those of the
    interactions count too. Returns ``{scheme: PageAudit}`` (light only, unless
    ``both_palettes``).
    """
    light, dark = PageAudit(path, "light"), PageAudit(path, "dark")
    v = Visit(browser, server, permissions=CLIPBOARD, color_scheme="light")
    try:
        with light.check("open"):
            v.open(path)
        if light.found["open"]:
            dark.found["open"] = light.found["open"]
            return {"light": light, "dark": dark} if both_palettes else {"light": light}
        check_palette(v, light)
        with light.check("images") as problems:
            problems += [
                f"{light.where}: image did not load: {src}"
                for src in v.page.evaluate(BROKEN_IMAGES)
            ]
        with light.check("raw-tex") as problems:
            leftover = RAW_TEX.findall(v.page.evaluate(ARTICLE_TEXT))
            if leftover:
                problems.append(f"{light.where}: math not typeset: {leftover[:3]}")
        with light.check("copy-buttons") as problems:
            if v.page.locator("pre > code").count() and not v.page.locator(COPY_BUTTON).count():
                problems.append(f"{light.where}: code without copy buttons")
        if path in KEY_PAGES:
            with light.check("screenshot") as problems:
                ARTIFACTS.mkdir(parents=True, exist_ok=True)
                shot = ARTIFACTS / ((path.strip("/").replace("/", "-") or "home") + ".png")
                shot.unlink(missing_ok=True)
                v.page.screenshot(path=str(shot), full_page=True)
                problems += [f"{light.where}: console error: {e}" for e in v.errors]
                problems += [f"{light.where}: request left the site: {u}" for u in v.blocked]
        with light.check("math-svg"):
            light.facts["mjx-svg"] = v.page.locator("mjx-container svg").count()
            light.facts["notebook-math"] = v.page.locator(
                ".jp-MarkdownOutput mjx-container"
            ).count()
        check_tex(v, light)
        with light.check("axe") as problems:
            v.page.add_script_tag(path=str(AXE))
            problems += axe_violations(v, light, axe_options)
        if path.removeprefix("ko/") == GLYPHS_ASIDE_PAGE:
            check_glyphs_aside(v, light, axe_options)
        if both_palettes:
            with dark.check("switch"):
                switch_palette(v, "dark")
        if both_palettes and not dark.found["switch"]:
            check_palette(v, dark)
            check_tex(v, dark)
            with dark.check("axe") as problems:
                problems += axe_violations(v, dark, AXE_COLOUR)
        with light.check("overflow") as problems:
            problems += [f"{light.where}: {p}" for p in v.page.evaluate(OVERFLOW)]
        with light.check("copy") as problems:
            check_copy_buttons(v, light, problems)
        with light.check("requests") as problems:
            problems += [f"/{path}: console error: {e}" for e in v.errors]
            problems += [f"/{path}: request left the site: {u}" for u in v.blocked]
            problems += [f"/{path}: request failed: {u}" for u in v.failed]
    finally:
        v.close()
    return {"light": light, "dark": dark} if both_palettes else {"light": light}


def check_palette(v: Visit, a: PageAudit) -> None:
    with a.check("palette") as problems:
        shown = v.page.evaluate("() => document.body.getAttribute('data-md-color-scheme')")
        if shown != SCHEMES[a.scheme]:
            problems.append(f"{a.where}: palette {shown!r}, want {SCHEMES[a.scheme]!r}")


def check_tex(v: Visit, a: PageAudit) -> None:
    with a.check("tex") as problems:
        errors = v.page.locator(MATH_ERRORS).count()
        if errors:
            problems.append(f"{a.where}: {errors} MathJax error(s)")
        text = v.page.evaluate(VISIBLE_TEXT)
        for m in TEX_LEFT.finditer(text):
            context = text[max(0, m.start() - 40) : m.end() + 40].replace("\n", " ")
            problems.append(f"{a.where}: TeX source {m.group(0)!r} shown in {context!r}")


@contextmanager
def glyphs_set_aside(v: Visit, a: PageAudit) -> Iterator[None]:
    """The math's glyph nodes set aside (``GLYPHS_ASIDE``) for the block, put back after."""
    a.facts["glyph-svgs-aside"] = v.page.evaluate(GLYPHS_ASIDE)
    try:
        yield
    finally:
        v.page.evaluate(GLYPHS_BACK)


def axe_violations(v: Visit, a: PageAudit, options: dict) -> list[str]:
    """axe's serious and critical violations, with the math's glyph nodes set aside."""
    with glyphs_set_aside(v, a):
        found = v.page.evaluate(AXE_RUN, options)
    return [
        f"{a.where}: {f['impact']} {f['id']} ({f['help']}) on {f['count']} nodes, e.g. {f['nodes']}"
        for f in found
    ]


def check_glyphs_aside(v: Visit, a: PageAudit, options: dict) -> None:
    """axe finds the same, node by node, whether the math's glyph nodes are set aside or not."""
    with a.check("glyphs-aside") as problems:
        everything = {key: value for key, value in options.items() if key != "resultTypes"}
        shown = v.page.evaluate(AXE_EVERYTHING, everything)
        with glyphs_set_aside(v, a):
            aside = v.page.evaluate(AXE_EVERYTHING, everything)
        a.facts["axe-nodes"] = sum(
            len(nodes)
            for kind in ("violations", "passes", "incomplete")
            for _, nodes in shown[kind]
        )
        for kind in shown:
            if shown[kind] != aside[kind]:
                problems.append(
                    f"{a.where}: axe's {kind} differ with the glyphs set aside:"
                    f" {str(shown[kind])[:300]} against {str(aside[kind])[:300]}"
                )


@pytest.fixture(scope="module")
def audit(built: Build, server: str, browser) -> dict[tuple[str, str], PageAudit]:
    """Every English page in both palettes: ``(path, scheme)`` -> its ``PageAudit``.

    The Korean pages (``ko/...``) are audited by ``tests/test_browser_ko.py``, a file of
    their own so that pytest-xdist (``--dist loadfile``) runs the two passes on two
    workers at once.
    """
    out = {}
    for path in english_pages(built.site):
        for scheme, found in audit_page(browser, server, path).items():
            out[path, scheme] = found
    return out


def findings(
    audit: dict[tuple[str, str], PageAudit], checks: list[str], scheme: str | None = None
) -> list[str]:
    """The problems of ``checks`` over every page audited (in ``scheme``, if given).

    A check that did not run on a page (the page did not open) is a problem too.
    """
    out = []
    for (_, s), a in audit.items():
        if scheme is not None and s != scheme:
            continue
        for check in checks:
            if check not in a.found:
                why = "; ".join(a.found.get("open", [])) or "not audited"
                out.append(f"{a.where}: the {check} check did not run ({why})")
            else:
                out += a.found[check]
    return list(dict.fromkeys(out))  # the table of contents is on the page twice


def test_every_page_in_a_real_browser(built: Build, audit) -> None:
    """No console error, no request leaving the site or failing, images loaded, math typeset."""
    assert len(site_pages(built.site)) >= 3
    problems = findings(audit, ["open", "requests", "images", "raw-tex", "copy-buttons"], "light")
    assert not problems, "\n".join(problems)


def test_math_is_typeset_as_svg(audit) -> None:
    problems = findings(audit, ["math-svg"], "light")
    assert not problems, "\n".join(problems)
    assert audit["", "light"].facts["mjx-svg"] >= 2
    english = [p for p in NOTEBOOK_PAGES if not p.startswith("ko/")]
    assert english
    for path in english:
        assert audit[path, "light"].facts["notebook-math"] >= 1, path


def test_copy_buttons_copy_code_that_runs(audit) -> None:
    """Each copy button gives runnable Python: a doctest copies its source lines only.

    Every block's copy is compared with what Python's doctest parser reads as the
    block's source (or with the block's text, for a plain block) and compiled; API
    signatures are compared but not compiled.
    """
    problems = findings(audit, ["copy"], "light")
    checked = sum(a.facts.get("copied", 0) for a in audit.values())
    doctests = sum(a.facts.get("doctests", 0) for a in audit.values())
    print(f"copy-checked {checked} blocks ({doctests} doctests)")
    assert checked >= 100 and doctests >= 50, (checked, doctests)
    assert not problems, f"{len(problems)} of {checked} blocks:\n" + "\n".join(problems)


@pytest.mark.parametrize("scheme", list(SCHEMES))
def test_no_tex_source_or_math_error_on_any_page(audit, scheme: str) -> None:
    """No page shows a MathJax error or a TeX control sequence (``\\frac``, ``\\_``)."""
    checks = ["palette", "tex"] if scheme == "light" else ["switch", "palette", "tex"]
    problems = findings(audit, checks, scheme)
    assert not problems, "\n".join(problems)


def test_code_blocks_fit_their_column(audit) -> None:
    """At a 1280 px window no code block scrolls sideways; notebook cells use the column."""
    problems = findings(audit, ["overflow"], "light")
    assert not problems, f"{len(problems)} blocks:\n" + "\n".join(problems)


@pytest.mark.parametrize("scheme", list(SCHEMES))
def test_axe_finds_no_serious_violation(audit, scheme: str) -> None:
    """axe-core (vendored, 4.14) on every page: no serious or critical violation.

    Light: every default rule. Dark (after the reader's palette toggle): the default
    rules that read colours (contrast, links told apart by colour); the rest see the
    same DOM and layout in both palettes.
    """
    checks = ["palette", "axe"] if scheme == "light" else ["switch", "palette", "axe"]
    problems = findings(audit, checks, scheme)
    pages = sum(s == scheme and "axe" in a.found for (_, s), a in audit.items())
    print(f"axe audited {pages} pages in the {scheme} palette")
    assert not problems, "\n".join(problems)


def glyphs_aside_findings(audit: dict[tuple[str, str], PageAudit], path: str) -> list[str]:
    """Problems of the glyphs-aside comparison on ``path``, which must have run on real math."""
    a = audit[path, "light"]
    problems = findings({(path, "light"): a}, ["glyphs-aside"])
    set_aside, nodes = a.facts.get("glyph-svgs-aside", 0), a.facts.get("axe-nodes", 0)
    print(f"/{path}: {set_aside} math SVGs emptied; axe's {nodes} nodes the same both ways")
    if set_aside < 100:
        problems.append(f"/{path}: only {set_aside} math SVGs were set aside; want 100 or more")
    return problems


def test_axe_sees_the_same_with_math_glyphs_set_aside(audit) -> None:
    """axe runs with the math's glyph nodes set aside (``GLYPHS_ASIDE``): on the page with
    the most math, every rule finds the same passes, violations, incompletes and
    inapplicable rules both ways."""
    problems = glyphs_aside_findings(audit, GLYPHS_ASIDE_PAGE)
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize(
    "path", [p for p in KEY_PAGES if not p.startswith("ko/")], ids=lambda p: p.strip("/") or "home"
)
def test_screenshots_of_key_pages(audit, path: str) -> None:
    check_screenshot(audit, path)


def check_screenshot(audit: dict[tuple[str, str], PageAudit], path: str) -> None:
    """The audit of key page ``path`` saved a screenshot without console errors."""
    a = audit[path, "light"]
    assert "screenshot" in a.found, f"/{path}: not screenshot ({a.found.get('open')})"
    assert not a.found["screenshot"], "\n".join(a.found["screenshot"])
    name = (path.strip("/").replace("/", "-") or "home") + ".png"
    assert (ARTIFACTS / name).stat().st_size > 10_000


def test_search_finds_adam(visit) -> None:
    v = visit("")
    v.page.keyboard.press("s")  # Material's search shortcut
    box = v.page.locator("input.md-search__input")
    box.fill("Adam")
    results = v.page.locator(".md-search-result__item")
    results.first.wait_for(timeout=60_000)  # the index is built on the first query
    texts = results.all_inner_texts()
    assert any("Adam" in t for t in texts), texts[:5]


def test_light_dark_toggle_and_figures_stay_legible(visit) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    v = visit("")
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


@pytest.mark.parametrize("scheme", list(SCHEMES))
def test_the_palette_follows_the_browsers_preference(visit, scheme: str) -> None:
    """A reader whose browser prefers dark (or light) gets that palette on first load."""
    for path in ("", "quickstart/"):
        v = visit(path, color_scheme=scheme)
        shown = v.page.evaluate("() => document.body.getAttribute('data-md-color-scheme')")
        assert shown == SCHEMES[scheme], f"/{path}: palette {shown!r}, want {SCHEMES[scheme]!r}"


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


def test_keyboard_reaches_the_content_with_visible_focus(visit) -> None:
    """Tab first lands on a visible skip link that jumps to the content; each stop shows focus."""
    problems = []
    for path in ("basics/gradient-descent/", "exercises/01-gd-rates/"):
        v = visit(path)
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
    assert not problems, "\n".join(problems)
