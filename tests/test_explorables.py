"""Explorable figures: the build writes their data, and the page draws gdtheory's numbers.

An explorable is a figure with data (``docs/figures/explore_NAME.py``, see
``hooks/render_figures.py``). The unit tests hold the build's side: the data file is
written, cached and served. The browser tests move each explorable's sliders with the
keyboard, as a reader would, and compare what the page draws and prints (kept in
``data-values`` / ``data-value`` attributes next to the drawing) with ``gdtheory``
run here, in the test; they also open each page with JavaScript off (the static figure
shows) and check that no request leaves 127.0.0.1. Screenshots go to
``test-artifacts/screenshots/explore-*.png``.

``GDTHEORY_EXPLORE_SITE=/path/to/site`` runs the browser tests on a site already built
(for working on an explorable without a cold build); by default they use the session's
strict build.
"""

from __future__ import annotations

import gzip
import json
import os
import runpy
import sys
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
from sitebuild import figures

import gdtheory as gd
from tests.conftest import ROOT, Visit, serving

RENDER = runpy.run_path(str(ROOT / "hooks" / "render_figures.py"))
ARTIFACTS = ROOT / "test-artifacts" / "screenshots"
RTOL = 1e-9
PAGE_BUDGET = 1.5 * 1024 * 1024  # tests/test_links.py's budget, here with data and scripts
PAGES = {
    "step-size": "basics/gradient-descent/",
    "momentum": "methods/momentum/",
    "adam": "methods/adaptive/",
    "schedule-builder": "methods/schedules/",
}


def script_of(name: str) -> Path:
    return ROOT / "docs" / "figures" / f"explore_{name.replace('-', '_')}.py"


# --- the build's side -------------------------------------------------------------------


def test_render_writes_an_explorables_data_next_to_its_figure(tmp_path: Path) -> None:
    script = tmp_path / "explore_demo.py"
    script.write_text(
        "import matplotlib.pyplot as plt\n"
        "EXPLORABLE = {'b': [0.1, 1 / 3], 'a': 'x'}\n"
        "plt.plot([0, 1])\n"
    )
    out = tmp_path / "explore_demo-key.svg"
    RENDER["render"](str(script), str(out))
    data = out.with_suffix(".json")
    assert out.exists() and data.exists()
    assert json.loads(data.read_text()) == {"a": "x", "b": [0.1, 1 / 3]}
    assert data.read_text().startswith('{"a":"x"')  # compact, keys sorted: same bytes each build


@pytest.mark.parametrize(
    "body, error",
    [
        ("", "must leave its data in a dict named EXPLORABLE"),
        ("EXPLORABLE = {'x': float('nan')}\n", "Out of range float values"),
    ],
)
def test_an_explorable_without_clean_data_fails_its_build(
    tmp_path: Path, body: str, error: str
) -> None:
    script = tmp_path / "explore_bad.py"
    script.write_text("import matplotlib.pyplot as plt\n" + body + "plt.plot([0, 1])\n")
    out = tmp_path / "explore_bad-key.svg"
    with pytest.raises((RuntimeError, ValueError), match=error):
        RENDER["render"](str(script), str(out))
    assert not out.exists()  # no figure without its data: the next build draws it again


def test_plan_serves_each_explorables_data_and_redraws_it_when_missing(tmp_path: Path) -> None:
    targets = {
        Path("docs/figures/explore_demo.py"): tmp_path / "explore_demo-k.svg",
        Path("docs/figures/plain.py"): tmp_path / "plain-k.svg",
    }
    assert figures.generated(targets) == {
        "figures/explore_demo.svg": tmp_path / "explore_demo-k.svg",
        "figures/explore_demo.json": tmp_path / "explore_demo-k.json",
        "figures/plain.svg": tmp_path / "plain-k.svg",
    }
    for svg in targets.values():
        svg.write_text("<svg/>")
    assert figures.stale(targets) == [
        (Path("docs/figures/explore_demo.py"), targets[Path("docs/figures/explore_demo.py")])
    ]
    (tmp_path / "explore_demo-k.json").write_text("{}")
    assert figures.stale(targets) == []


def test_every_explorable_has_a_script_and_a_snippet() -> None:
    for name in PAGES:
        if not (ROOT / "docs" / "explorables" / f"{name}.md").exists():
            continue  # not written yet: the site tests below fail for it if a page includes it
        assert script_of(name).exists(), f"docs/explorables/{name}.md has no {script_of(name)}"
        snippet = (ROOT / "docs" / "explorables" / f"{name}.md").read_text()
        assert f'data-explorable="{name}"' in snippet
        assert f"../figures/{script_of(name).stem}.svg" in snippet


def test_a_site_given_by_the_environment_starts_no_cold_build(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """With ``$GDTHEORY_EXPLORE_SITE`` the browser tests read that site: no build of 80 s."""
    from types import SimpleNamespace

    from tests.conftest import needs_the_site

    # What conftest reads of a browser test of this file (its fixtures, through ``site``).
    item = SimpleNamespace(module=sys.modules[__name__], fixturenames=["open_explorable", "site"])
    monkeypatch.setattr(item.module, "PREBUILT_SITE", None)
    assert needs_the_site(item)
    monkeypatch.setattr(item.module, "PREBUILT_SITE", "/some/site")
    assert not needs_the_site(item)


# --- the reader's side ------------------------------------------------------------------


# A site built before, for working on an explorable without a cold build (conftest
# starts none for this file when it is set).
PREBUILT_SITE = os.environ.get("GDTHEORY_EXPLORE_SITE")


@pytest.fixture(scope="module")
def site(request: pytest.FixtureRequest) -> Path:
    """The built site: ``$GDTHEORY_EXPLORE_SITE`` if set, else the session's strict build."""
    if PREBUILT_SITE:
        return Path(PREBUILT_SITE)
    return request.getfixturevalue("built").site


@pytest.fixture(scope="module")
def base(site: Path) -> Iterator[str]:
    with serving(site) as url:
        yield url


def included(site: Path, name: str) -> bool:
    return f'data-explorable="{name}"' in (site / PAGES[name] / "index.html").read_text()


class ExplorablePages:
    """One page per explorable and palette, opened at its first use in this file and kept.

    Each test sets every control it reads (sliders from Home, the checkbox to its
    value), so a page left by the test before gives the same numbers as a fresh one;
    opening it again cost 2.6 s a test (MathJax typesets the whole page each time).
    """

    def __init__(self, browser, base: str, site: Path) -> None:
        self.browser, self.base, self.site = browser, base, site
        self.open: dict[tuple[str, str], Visit] = {}

    def get(self, name: str, color_scheme: str) -> Visit:
        """The page of explorable ``name`` in ``color_scheme``, its figure drawn."""
        if (name, color_scheme) in self.open:
            return self.open[name, color_scheme]
        assert included(self.site, name), f"/{PAGES[name]} does not include the {name} explorable"
        v = Visit(self.browser, self.base, color_scheme=color_scheme)
        try:
            v.open(PAGES[name])
            fig = v.page.locator(f'figure[data-explorable="{name}"]')
            fig.scroll_into_view_if_needed()
            v.page.wait_for_function(
                f"() => document.querySelector('figure[data-explorable=\"{name}\"]')"
                ".dataset.state !== undefined"
            )
            assert fig.get_attribute("data-state") == "ready", v.errors
        except BaseException:
            v.close()  # not kept: the next test opens it afresh
            raise
        self.open[name, color_scheme] = v
        return v

    def close(self) -> None:
        for v in self.open.values():
            v.close()


@pytest.fixture(scope="module")
def explorable_pages(browser, base: str, site: Path) -> Iterator[ExplorablePages]:
    pages = ExplorablePages(browser, base, site)
    yield pages
    pages.close()


@pytest.fixture
def open_explorable(explorable_pages: ExplorablePages) -> Iterator:
    """``open_explorable(name)``: its page in Chromium, the figure drawn; requests checked.

    What this test's own interactions log (console errors, requests that left the site
    or failed) must be empty.
    """
    used: list[tuple[Visit, int, int, int]] = []

    def open_(name: str, color_scheme: str = "light") -> Visit:
        kept = explorable_pages.open.get((name, color_scheme))
        seen = (len(kept.blocked), len(kept.errors), len(kept.failed)) if kept else (0, 0, 0)
        v = explorable_pages.get(name, color_scheme)  # a new page's load counts too
        used.append((v, *seen))
        return v

    yield open_
    for v, blocked, errors, failed in used:
        assert not v.blocked[blocked:], f"requests left the site: {v.blocked[blocked:]}"
        assert not v.errors[errors:], f"console errors: {v.errors[errors:]}"
        assert not v.failed[failed:], f"failed requests: {v.failed[failed:]}"


def set_slider(v: Visit, name: str, param: str, index: int) -> None:
    """Move a slider to ``index`` with the keyboard: Home, then ArrowRight ``index`` times."""
    s = v.page.locator(f'figure[data-explorable="{name}"] input[data-param="{param}"]')
    s.focus()
    s.press("Home")
    for _ in range(index):
        s.press("ArrowRight")
    assert s.input_value() == str(index)


def drawn(v: Visit, name: str, series: str) -> list:
    node = v.page.locator(f'figure[data-explorable="{name}"] [data-series="{series}"]')
    return json.loads(node.get_attribute("data-values"))


def shown(v: Visit, name: str, readout: str) -> tuple[object, str]:
    """A readout's full-precision value and the text the reader sees."""
    node = v.page.locator(f'figure[data-explorable="{name}"] [data-readout="{readout}"]')
    return json.loads(node.get_attribute("data-value")), node.inner_text()


def slider_value(v: Visit, name: str, param: str) -> tuple[object, str]:
    node = v.page.locator(f'figure[data-explorable="{name}"] input[data-param="{param}"] + output')
    return json.loads(node.get_attribute("data-value")), node.inner_text()


def rel_dev(got: object, want: object) -> float:
    """The largest relative deviation of ``got`` from ``want`` (same shape)."""
    g, w = np.asarray(got, dtype=float), np.asarray(want, dtype=float)
    assert g.shape == w.shape, (g.shape, w.shape)
    return float(np.max(np.abs(g - w) / np.maximum(np.abs(w), 1e-300), initial=0.0))


def screenshot(v: Visit, name: str, tag: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    fig = v.page.locator(f'figure[data-explorable="{name}"]')
    fig.screenshot(path=str(ARTIFACTS / f"explore-{name}-{tag}.png"))


DEVIATIONS: dict[str, float] = {}


@pytest.fixture(scope="module", autouse=True)
def report_deviations() -> Iterator[None]:
    """Print the largest deviation measured per explorable (for the issue's closing note)."""
    yield
    for name, dev in sorted(DEVIATIONS.items()):
        print(f"\n{name}: largest relative deviation from gdtheory {dev:.3g}")


def record(name: str, dev: float) -> None:
    DEVIATIONS[name] = max(DEVIATIONS.get(name, 0.0), dev)
    assert dev <= RTOL, f"{name}: drawn numbers deviate from gdtheory's by {dev:.3g} (relative)"


@pytest.mark.site
@pytest.mark.browser
@pytest.mark.parametrize("kappa_i, lr_i", [(3, 9), (0, 0), (5, 19), (4, 21), (2, 12)])
def test_step_size_draws_gdtheorys_run_and_contraction(open_explorable, kappa_i, lr_i) -> None:
    name = "step-size"
    v = open_explorable(name)
    set_slider(v, name, "kappa", kappa_i)
    set_slider(v, name, "lr", lr_i)
    kappa, kappa_text = slider_value(v, name, "kappa")
    lr, lr_text = slider_value(v, name, "lr")
    assert float(kappa_text) == kappa and float(lr_text) == lr  # the values shown as text
    problem = gd.Quadratic(np.diag([1.0, 1.0 / kappa]))
    want = gd.minimize(problem, gd.GD(lr=lr), [1.0, 1.0], max_iter=30)
    rho_want = float(np.max(np.abs(1 - lr * np.linalg.eigvalsh(problem.A))))
    rho, rho_text = shown(v, name, "rho")
    assert float(rho_text) == pytest.approx(rho_want, rel=1e-3)  # 4 digits on the page
    record(name, rel_dev(rho, rho_want))
    record(name, rel_dev(drawn(v, name, "path"), want.xs))
    record(name, rel_dev(drawn(v, name, "loss"), want.fs))
    status, _ = shown(v, name, "status")
    assert status == want.status.value
    edge = v.page.locator(f'figure[data-explorable="{name}"] text.gdx-edge', has_text="2/L")
    assert edge.count() == 1
    screenshot(v, name, f"k{kappa:g}-lr{lr:g}")


@pytest.mark.site
@pytest.mark.browser
@pytest.mark.parametrize("name", list(PAGES))
def test_without_javascript_the_static_figure_shows(browser, base: str, site: Path, name) -> None:
    assert included(site, name), f"/{PAGES[name]} does not include the {name} explorable"
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(f"{base}/{PAGES[name]}", wait_until="load")
        fig = page.locator(f'figure[data-explorable="{name}"]')
        img = fig.locator("img")
        assert img.get_attribute("src").endswith(f"{script_of(name).stem}.svg")
        assert img.is_visible()
        assert img.evaluate("i => i.complete && i.naturalWidth > 0")
        assert fig.locator("input").count() == 0  # no dead controls
        fig.screenshot(path=str(ARTIFACTS / f"explore-{name}-no-js.png"))
    finally:
        context.close()


@pytest.mark.site
@pytest.mark.parametrize("name", list(PAGES))
def test_each_explorable_page_stays_within_the_page_weight_budget(site: Path, name) -> None:
    """The page's HTML, its images, its explorable's data and the explorable script and style."""
    page = site / PAGES[name] / "index.html"
    html = page.read_text()
    assert included(site, name), f"/{PAGES[name]} does not include the {name} explorable"
    images = {(page.parent / src).resolve() for src in _srcs(html)}
    data = site / "figures" / f"{script_of(name).stem}.json"
    assets = [site / "assets" / "explore.js", site / "assets" / "explore.css"]
    weight = page.stat().st_size + sum(p.stat().st_size for p in [*images, data, *assets])
    assert weight <= PAGE_BUDGET, f"/{PAGES[name]} weighs {weight} bytes > {PAGE_BUDGET:.0f}"
    print(
        f"{name}: data {data.stat().st_size} B raw, "
        f"{len(gzip.compress(data.read_bytes()))} B gzipped; page total {weight} B"
    )


def _srcs(html: str) -> list[str]:
    import re

    return [s for s in re.findall(r'<img[^>]+src="([^"]+)"', html) if not s.startswith("data:")]


def heavy_ball_rate(problem: gd.Quadratic, lr: float, beta: float) -> float:
    """The largest |eigenvalue| of the heavy ball's iteration matrix over A's spectrum."""
    mats = [[[1 + beta - lr * lam, -beta], [1.0, 0.0]] for lam in np.linalg.eigvalsh(problem.A)]
    return float(max(np.max(np.abs(np.linalg.eigvals(M))) for M in mats))


@pytest.mark.site
@pytest.mark.browser
@pytest.mark.parametrize("lr_i, beta_i", [(10, 4), (0, 0), (15, 9), (7, 9), (12, 2)])
def test_momentum_draws_gdtheorys_rate_and_run(open_explorable, lr_i, beta_i) -> None:
    name = "momentum"
    v = open_explorable(name)
    set_slider(v, name, "lr", lr_i)
    set_slider(v, name, "beta", beta_i)
    lr, _ = slider_value(v, name, "lr")
    beta, _ = slider_value(v, name, "beta")
    kappa = 25.0
    problem = gd.Quadratic(np.diag([1.0, 1.0 / kappa]))
    want = gd.minimize(problem, gd.Momentum(lr=lr, beta=beta), [1.0, 1.0], max_iter=40)
    rate, rate_text = shown(v, name, "rate")
    rate_want = heavy_ball_rate(problem, lr, beta)
    assert float(rate_text) == pytest.approx(rate_want, rel=1e-3)
    record(name, rel_dev(rate, rate_want))
    record(name, rel_dev(drawn(v, name, "path"), want.xs))
    record(name, rel_dev(drawn(v, name, "loss"), want.fs))
    assert shown(v, name, "status")[0] == want.status.value
    # Polyak's optimum, and its rate: the heavy ball at exactly those parameters.
    q = (np.sqrt(kappa) - 1) / (np.sqrt(kappa) + 1)
    lr_star, beta_star = 4 / (1 + np.sqrt(1 / kappa)) ** 2, q**2
    optimum, _ = shown(v, name, "optimum")
    record(name, rel_dev(optimum, [lr_star, beta_star, q]))
    assert heavy_ball_rate(problem, lr_star, beta_star) == pytest.approx(q, rel=1e-6)
    screenshot(v, name, f"lr{lr:g}-beta{beta:g}")


@pytest.mark.site
@pytest.mark.browser
def test_momentum_a_click_in_the_plane_picks_that_run(open_explorable) -> None:
    name = "momentum"
    v = open_explorable(name)
    cells = v.page.locator(f'figure[data-explorable="{name}"] rect[data-rate]')
    cells.nth(5 * 16 + 3).click()  # beta index 5, lr index 3 (row by row from beta = 0)
    assert slider_value(v, name, "lr")[0] == 1.0 and slider_value(v, name, "beta")[0] == 0.5
    assert shown(v, name, "rate")[0] == json.loads(cells.nth(5 * 16 + 3).get_attribute("data-rate"))


@pytest.mark.site
@pytest.mark.browser
@pytest.mark.parametrize(
    "warmup_i, decay_i, param_i, cycles_i",
    [(2, 1, 0, 1), (0, 0, 2, 2), (3, 2, 1, 0), (1, 3, 2, 1), (3, 0, 0, 2), (0, 3, 0, 0)],
)
def test_schedule_builders_code_runs_and_gives_the_drawn_curve(
    open_explorable, warmup_i, decay_i, param_i, cycles_i
) -> None:
    name = "schedule-builder"
    v = open_explorable(name)
    for param, index in (
        ("warmup", warmup_i),
        ("decay", decay_i),
        ("param", param_i),
        ("cycles", cycles_i),
    ):
        set_slider(v, name, param, index)
    source = v.page.locator(f'figure[data-explorable="{name}"] [data-readout="code"]').inner_text()
    namespace: dict = {}
    exec(compile(source, "shown code", "exec"), namespace)  # what a reader copies and runs
    schedule, lrs = namespace["schedule"], namespace["lrs"]
    curve = drawn(v, name, "schedule")
    record(name, rel_dev(curve, lrs))
    record(name, rel_dev(curve, [schedule(t) for t in range(len(curve))]))  # step by step too
    # The code says what the sliders say.
    warmup, _ = slider_value(v, name, "warmup")
    decay, _ = slider_value(v, name, "decay")
    cycles, _ = slider_value(v, name, "cycles")
    assert (f"warmup_steps={warmup}" in source) == (warmup > 0)
    function = {"step": "gd.step_decay", "cosine": "gd.cosine", "linear": "gd.linear_decay"}
    if decay == "cosine" and cycles > 1:
        function["cosine"] = "gd.cosine_restarts"
    assert function.get(decay, f"gd.{decay}") + "(" in source
    assert (cycles == 1) == ("join_schedules" not in source and "restarts" not in source)
    screenshot(v, name, f"w{warmup}-{decay}-{param_i}-c{cycles}")


@pytest.mark.site
@pytest.mark.browser
@pytest.mark.parametrize(
    "b1_i, b2_i, eps_i, bias",
    [(2, 2, 0, True), (0, 0, 0, False), (3, 1, 2, True), (1, 2, 1, False)],
)
def test_adam_draws_gdtheorys_path_and_steps(open_explorable, b1_i, b2_i, eps_i, bias) -> None:
    name = "adam"
    v = open_explorable(name)
    set_slider(v, name, "beta1", b1_i)
    set_slider(v, name, "beta2", b2_i)
    set_slider(v, name, "eps", eps_i)
    box = v.page.locator(f'figure[data-explorable="{name}"] input[data-param="bias_correction"]')
    box.focus()
    if box.is_checked() != bias:
        box.press("Space")  # the keyboard toggles it
    assert box.is_checked() == bias
    beta1, _ = slider_value(v, name, "beta1")
    beta2, _ = slider_value(v, name, "beta2")
    eps, _ = slider_value(v, name, "eps")
    adam = gd.Adam(lr=0.1, beta1=beta1, beta2=beta2, eps=eps, bias_correction=bias)
    want = gd.minimize(gd.Beale(), adam, [1.0, 1.5], max_iter=100)
    every = 5
    t = np.arange(0, want.xs.shape[0] - 1, every)
    record(name, rel_dev(drawn(v, name, "path"), want.xs[t]))
    steps = np.abs(want.xs[t + 1] - want.xs[t])
    record(name, rel_dev(drawn(v, name, "step-x"), steps[:, 0]))
    record(name, rel_dev(drawn(v, name, "step-y"), steps[:, 1]))
    record(name, rel_dev(shown(v, name, "final-loss")[0], want.fs[-1]))
    record(name, rel_dev(shown(v, name, "end")[0], want.xs[-1]))
    if eps < 1e-6:  # the caption's first step: eta with the correction, else this factor
        first = 0.1 if bias else 0.1 * (1 - beta1) / np.sqrt(1 - beta2)
        assert drawn(v, name, "step-x")[0] == pytest.approx(first, rel=1e-6)
    screenshot(v, name, f"b1{beta1:g}-b2{beta2:g}-eps{eps:g}-bias{int(bias)}")


@pytest.mark.site
@pytest.mark.browser
@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("name", list(PAGES))
def test_axe_finds_no_serious_violation_in_a_drawn_explorable(
    open_explorable, name, scheme
) -> None:
    v = open_explorable(name, color_scheme=scheme)
    v.page.add_script_tag(path=str(ROOT / "tests" / "vendor" / "axe-core" / "axe.min.js"))
    found = v.page.evaluate(
        """async (sel) => (await axe.run(sel, {resultTypes: ['violations']})).violations
          .filter(x => x.impact === 'serious' || x.impact === 'critical')
          .map(x => `${x.id}: ${x.help} (${x.nodes.map(n => n.target.join(' ')).slice(0, 3)})`)""",
        f'figure[data-explorable="{name}"]',
    )
    assert not found, found
