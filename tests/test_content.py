"""What the pages say agrees with what their code computes.

* A figure title or legend that states a run's status or step count states the
  status and count that the page's doctest of the same run prints (the doctest
  output itself is checked against the code by the docs suite).
* Math has no escapes inside text-mode commands, which MathJax would show verbatim.
* The practice page's weight-decay advice has an effect, and its prose and figure
  state the numbers of its experiment.
"""

from __future__ import annotations

import ast
import doctest
import re
import runpy
from collections.abc import Iterator

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pytest  # noqa: E402

import gdtheory as gd  # noqa: E402
from tests.conftest import ROOT  # noqa: E402

DOCS = ROOT / "docs"
FIGURES = DOCS / "figures"
FENCE = re.compile(
    r"^(?P<indent>[ \t]*)```+ *pycon[^\n]*\n(?P<body>.*?)^(?P=indent)```+", re.MULTILINE | re.DOTALL
)
STATUS = r"(converged|max_iter|diverged|no_improvement)"
# The matplotlib style the site's build draws figures with (hooks/render_figures.py).
SITE_STYLE = runpy.run_path(str(ROOT / "hooks" / "render_figures.py"))["STYLE"]


# --- reading pages and figures -------------------------------------------------------------


def doctest_block(page: str, marker: str) -> list[doctest.Example]:
    """The examples of the one ``pycon`` block of ``page`` whose source contains ``marker``."""
    text = (DOCS / page).read_text(encoding="utf-8")
    blocks = [m for m in FENCE.finditer(text) if marker in m["body"]]
    assert len(blocks) == 1, f"{page}: {len(blocks)} pycon blocks contain {marker!r}, expected 1"
    match = blocks[0]
    body = "\n".join(line[len(match["indent"]) :] for line in match["body"].splitlines())
    return doctest.DocTestParser().get_examples(body)


def shown(examples: list[doctest.Example], source: str) -> str:
    """The output the page shows for the example whose source (without comment) is ``source``."""
    found = [e.want for e in examples if e.source.split("  #")[0].strip() == source]
    assert len(found) == 1, f"expected one example {source!r}, found {len(found)}"
    return found[0]


def run_figure(script: str) -> tuple[matplotlib.figure.Figure, dict]:
    """Run ``docs/figures/<script>.py`` as the site's build does: its figure and its globals."""
    plt.close("all")
    show = plt.show
    plt.show = lambda *args, **kwargs: None
    try:
        with matplotlib.rc_context(SITE_STYLE):
            namespace = runpy.run_path(str(FIGURES / f"{script}.py"), run_name="__main__")
    finally:
        plt.show = show
    numbers = plt.get_fignums()
    assert len(numbers) == 1, f"{script} left {len(numbers)} figures open"
    return plt.figure(numbers[0]), namespace


def draw(script: str) -> matplotlib.figure.Figure:
    return run_figure(script)[0]


def texts(fig: matplotlib.figure.Figure) -> Iterator[str]:
    """Every non-empty string drawn in the figure (titles, labels, legends, annotations)."""
    for artist in fig.findobj(matplotlib.text.Text):
        if artist.get_visible() and artist.get_text().strip():
            yield artist.get_text()


def legend_texts(ax: matplotlib.axes.Axes) -> list[str]:
    legend = ax.get_legend()
    return [t.get_text() for t in legend.get_texts()] if legend else []


@pytest.fixture(autouse=True)
def _close_figures() -> Iterator[None]:
    yield
    plt.close("all")


# --- 1. statuses and counts in figures are the doctests' -----------------------------------

GD = "basics/gradient-descent.md"


def test_lr_panels_state_the_status_and_steps_of_the_doctest_run() -> None:
    block = doctest_block(GD, "[[0.1], [0.3], [0.5], [0.9]]")
    statuses = ast.literal_eval(shown(block, "res.status.tolist()"))
    steps = ast.literal_eval(shown(block, "res.nit.tolist()"))
    losses = ast.literal_eval(shown(block, '[f"{v:.3g}" for v in res.fun]'))
    fig = draw("gd_lr_panels")
    titles = [ax.get_title() for ax in fig.axes]
    assert len(titles) == len(statuses), titles
    for title, status, nit, loss in zip(titles, statuses, steps, losses, strict=True):
        found = re.search(STATUS + r" after (\d+) steps", title)
        assert found, f"title {title!r} states no status"
        assert (found[1], int(found[2])) == (status, nit), (
            f"title {title!r} contradicts the doctest above it: {status} after {nit} steps"
        )
        assert f"= {loss}" in title, f"title {title!r}: the doctest shows f = {loss}"


def test_lr_loss_legend_states_the_statuses_of_the_doctest_run() -> None:
    block = doctest_block(GD, "[[0.1], [0.3], [0.5], [0.9]]")
    statuses = ast.literal_eval(shown(block, "res.status.tolist()"))
    labels = legend_texts(draw("gd_lr_loss").axes[0])
    assert [re.search(STATUS, label)[1] for label in labels] == statuses, labels


def test_stopping_figure_states_the_doctests_statuses_and_steps() -> None:
    block = doctest_block(GD, "patience=10, min_delta=1e-6")
    printed = re.findall(r"\} " + STATUS + r" (\d+)$", block[-1].want, re.M)
    fig = draw("gd_stopping")
    labels = [t for t in texts(fig) if re.search(STATUS + r" at \$t = \d+\$", t)]
    drawn = [re.search(STATUS + r" at \$t = (\d+)\$", t).groups() for t in labels]
    assert printed and drawn == printed, f"figure {drawn} vs doctest {printed}"


def test_limits_figure_states_the_doctests_statuses_and_steps() -> None:
    fig = draw("gd_limits")
    well, plateau, _, saddle = fig.axes[:4]

    block = doctest_block(GD, "class DoubleWell")
    printed = re.findall(r"^(\S+) " + STATUS + r" \[(\S+)\] (\S+)$", block[-1].want, re.M)
    drawn = [
        re.search(r"w_0 = (\S+)\$.*w = (\S+)\$, \$f = (\S+)\$", t).groups()
        for t in legend_texts(well)
    ]
    assert [(w0, w, f) for w0, _, w, f in printed] == drawn, (printed, drawn)

    block = doctest_block(GD, "gd.Plateau()")
    printed = {
        float(r): (s, n)
        for r, s, n in re.findall(r"^(\S+) " + STATUS + r" (\d+) ", block[-1].want, re.M)
    }
    drawn = {
        float(r): (s, n)
        for r, s, n in (
            re.search(r"distance (\S+): " + STATUS + r", \$t = (\d+)\$", t).groups()
            for t in legend_texts(plateau)
        )
    }
    assert printed and all(drawn[r] == printed[r] for r in printed), (printed, drawn)

    block = doctest_block(GD, "gd.Saddle()")
    printed = re.findall(r"Status\.\w+: '" + STATUS + "'", "".join(e.want for e in block))
    drawn = [re.search(STATUS, t)[1] for t in legend_texts(saddle)]
    assert drawn == printed, (printed, drawn)


def test_lr_prose_states_the_doctests_step_and_status() -> None:
    block = doctest_block(GD, "[[0.1], [0.3], [0.5], [0.9]]")
    first_zero = shown(block, "int(np.flatnonzero(res.fs[:, 1] == 0)[0])").strip()
    status = ast.literal_eval(shown(block, "res.status.tolist()"))[1]
    text = (DOCS / GD).read_text(encoding="utf-8")
    bullet = re.search(r"^\* \$\\eta = 0\.3\$ is .*?(?=^\* )", text, re.M | re.S)[0]
    said = re.search(r"From step (\d+)\s+on the loss is exactly zero", bullet)
    assert said and said[1] == first_zero, f"the doctest finds f = 0 from step {first_zero}"
    assert f"`'{status}'`" in bullet, f"the doctest's run of 0.3 ends with {status!r}"
    assert "converged" not in bullet


# --- 2. math that MathJax renders without showing its source ------------------------------

CODE_FENCE = re.compile(r"^([ \t]*)(```+|~~~+).*?^\1\2[ \t]*$", re.MULTILINE | re.DOTALL)
INLINE_CODE = re.compile(r"(`+).+?\1", re.DOTALL)
MATH = re.compile(r"\$\$.+?\$\$|\$[^$\n]+?\$|\\\(.+?\\\)|\\\[.+?\\\]", re.DOTALL)
# Text-mode commands: MathJax shows an escape such as \_ inside them literally.
TEXT_MODE = re.compile(r"\\(?:text\w*|mbox|hbox)\s*\{(?P<body>[^{}]*)\}")


def prose(text: str) -> str:
    """The page without its fenced code blocks and inline code spans."""
    return INLINE_CODE.sub("", CODE_FENCE.sub("", text))


def test_prose_helper_drops_code_but_keeps_math() -> None:
    text = "a $\\text{x\\_y}$ `b\\_c`\n```python\n$\\text{d\\_e}$\n```\n"
    assert MATH.findall(prose(text)) == ["$\\text{x\\_y}$"]


@pytest.mark.parametrize("page", sorted(p.relative_to(DOCS).as_posix() for p in DOCS.rglob("*.md")))
def test_no_escape_inside_text_mode_math(page: str) -> None:
    bad = [
        match[0]
        for formula in MATH.findall(prose((DOCS / page).read_text(encoding="utf-8")))
        for match in TEXT_MODE.finditer(formula)
        if "\\" in match["body"]
    ]
    assert not bad, f"{page}: MathJax shows these escapes verbatim: {bad}"


# --- 3. the practice page's weight-decay advice does what it says --------------------------

PRACTICE = "practice/index.md"


def recommended_adamw_decays() -> list[float]:
    """Every AdamW weight decay the practice page's recipe uses or recommends."""
    text = (DOCS / PRACTICE).read_text(encoding="utf-8")
    recipe = text[text.index("## A practical recipe") : text.index("## Default values")]
    bullet = re.search(r"^\d+\. \*\*Weight decay:\*\*.*?(?=^\S)", recipe, re.M | re.S)[0]
    # The powers of ten of the AdamW clause ("AdamW ... 10^{a} to 10^{b}; ..."), or of the
    # whole bullet if it has no such clause.
    clause = re.search(r"AdamW[^;]*?10\^\{.*?(?:;|$)", bullet, re.S)
    powers = re.findall(r"10\^\{(-?\d+)\}", clause[0] if clause else bullet)
    stated = [10.0 ** float(e) for e in powers]
    used = [float(v) for v in re.findall(r"AdamW\b.*?weight_decay\W+([\d.e-]+)", recipe, re.S)]
    return stated[:2] + used


def test_recommended_adamw_decay_is_not_a_no_op() -> None:
    """Decoupled decay is multiplied by the learning rate: L2-sized values do nothing."""
    decays = recommended_adamw_decays()
    assert len(decays) >= 3, f"expected a stated AdamW range and the recipe's value: {decays}"
    problem = gd.LogisticRegression(n=1000, d=20, seed=0)
    setup = {"max_iter": 1000, "batch_size": 64}
    x0 = np.zeros((len(decays), problem.dim))
    free = gd.minimize(problem, gd.Adam(lr=0.01), x0, **setup)
    decayed = gd.minimize(
        problem, gd.AdamW(lr=0.01, weight_decay=np.array(decays)[:, None]), x0, **setup
    )
    shrink = 1 - np.linalg.norm(decayed.x, axis=1) / np.linalg.norm(free.x, axis=1)
    weak = {d: f"{s:.2%}" for d, s in zip(decays, shrink, strict=True) if s < 0.01}
    assert not weak, f"AdamW weight decays the page recommends that shrink |x| by < 1%: {weak}"


def shrinkage_table() -> dict[str, list[str]]:
    """The practice page's doctest table: decays, and each convention's printed shrinkage."""
    block = doctest_block(PRACTICE, "for name, cls in [")
    lams = re.findall(r"\[([\d.e-]+)\]", next(e.source for e in block if "lams =" in e.source))
    rows = re.findall(r"^(.+?) +(\[.*\])$", block[-1].want, re.M)
    return {"lams": [float(v) for v in lams]} | {n: ast.literal_eval(r) for n, r in rows}


def test_prose_about_the_two_conventions_states_the_doctests_numbers() -> None:
    table = shrinkage_table()
    l2, w = ([float(v.rstrip("%")) for v in table[k]] for k in ("Adam + L2", "AdamW"))
    assert all(b < a for a, b in zip(l2, w[1:], strict=False)), f"L2 {l2} vs AdamW {w}"
    text = " ".join((DOCS / PRACTICE).read_text(encoding="utf-8").split())
    assert "Even at ten times the L2 value, AdamW shrinks the weights less" in text
    at = table["lams"].index
    said = re.search(r"at \$10\^\{-4\}\$ the weights shrink by ([\d.]+%)", text)
    assert said and said[1] == table["AdamW"][at(1e-4)], said
    said = re.search(
        r"at \$10\^\{-1\}\$ it takes ([\d.]+%), the penalty at \$10\^\{-2\}\$ ([\d.]+%)", text
    )
    assert said and said.groups() == (table["AdamW"][at(1e-1)], table["Adam + L2"][at(1e-2)]), said


def test_adamw_figure_draws_the_doctests_numbers() -> None:
    table = shrinkage_table()
    _, ns = run_figure("prac_adamw_decay")
    for name, key in [("Adam + L2 penalty", "Adam + L2"), ("AdamW (decoupled)", "AdamW")]:
        shrink = 1 - np.linalg.norm(ns["runs"][name].x, axis=1) / ns["size"]
        at = [int(np.argmin(np.abs(np.log10(ns["lams"] / lam)))) for lam in table["lams"]]
        drawn = [f"{shrink[k]:.1%}" for k in at]
        assert drawn == table[key], f"{name}: figure {drawn}, doctest {table[key]}"


# --- 4. the Performance page's figure is legible at the page's width ------------------------

# Material's content column at a 1280 px window: a 61rem grid (20 px rem) less two 12.1rem
# sidebars and 1.2rem margins each side is 688 px; figures wider than that are scaled down.
CONTENT_PX = 680
MIN_TEXT_PX = 10


def shown_scale(fig: matplotlib.figure.Figure) -> float:
    """CSS px per point of the figure's SVG once the page shows it at the column width."""
    natural_px = fig.get_figwidth() * 96  # an SVG is sized in pt: 1 in = 72 pt = 96 px
    return 96 / 72 * min(1.0, CONTENT_PX / natural_px)


def drawn_texts(fig: matplotlib.figure.Figure) -> list[matplotlib.text.Text]:
    fig.canvas.draw()
    return [
        t
        for t in fig.findobj(matplotlib.text.Text)
        if t.get_visible() and t.get_text().strip() and t.get_figure() is not None
    ]


def test_perf_figure_text_is_at_least_10px_at_the_column_width() -> None:
    fig = draw("perf_summary")
    scale = shown_scale(fig)
    small = sorted(
        {(round(t.get_fontsize() * scale, 1), t.get_text()[:40]) for t in drawn_texts(fig)}
    )
    small = [s for s in small if s[0] < MIN_TEXT_PX]
    assert not small, f"text under {MIN_TEXT_PX} px at {CONTENT_PX} px wide: {small[:8]}"


def test_perf_svg_glyphs_are_at_least_10px_at_the_column_width(tmp_path) -> None:
    """The SVG the site serves: text is drawn as glyph paths scaled by size / 100 pt."""
    out = tmp_path / "perf_summary.svg"
    render = runpy.run_path(str(ROOT / "hooks" / "render_figures.py"))["render"]
    render(str(FIGURES / "perf_summary.py"), str(out))
    svg = out.read_text(encoding="utf-8")
    width_pt = float(re.search(r'<svg[^>]*width="([\d.]+)pt"', svg)[1])
    px_per_pt = 96 / 72 * min(1.0, CONTENT_PX / (width_pt * 96 / 72))
    groups = svg.split('<g id="text_')[1:]
    sizes = [
        100 * float(scale) * px_per_pt
        for group in groups
        for scale in re.findall(r"scale\(([\d.]+) -[\d.]+\)", group.split("</g>\n  </g>")[0])
    ]
    assert groups and sizes, "no text groups found in the SVG"
    assert min(sizes) >= MIN_TEXT_PX, f"smallest glyphs {min(sizes):.1f} px at {CONTENT_PX} px"


def test_perf_figure_has_no_overlapping_text() -> None:
    fig = draw("perf_summary")
    renderer = fig.canvas.get_renderer()
    boxes = [(t.get_text()[:30], t.get_window_extent(renderer)) for t in drawn_texts(fig)]
    bars = [
        p.get_window_extent(renderer)
        for ax in fig.axes
        for p in ax.patches
        if isinstance(p, matplotlib.patches.Rectangle)
    ]
    clash = [
        (a, b)
        for i, (a, box_a) in enumerate(boxes)
        for b, box_b in boxes[i + 1 :]
        if box_a.overlaps(box_b)
    ]
    assert not clash, f"overlapping labels: {clash[:5]}"
    whole = fig.bbox
    cut = [
        name
        for name, box in boxes
        if not (whole.contains(box.x0, box.y0) and whole.contains(box.x1, box.y1))
    ]
    assert not cut, f"labels cut off at the figure's edge: {cut}"
    on_bars = [name for name, box in boxes if any(box.overlaps(bar) for bar in bars)]
    assert not on_bars, f"labels drawn over bars: {on_bars[:5]}"


def test_perf_figure_explains_every_colour() -> None:
    fig = draw("perf_summary")
    to_hex = matplotlib.colors.to_hex
    used = {to_hex(p.get_facecolor()) for ax in fig.axes for p in ax.patches if p.get_width()}
    legends = [ax.get_legend() for ax in fig.axes if ax.get_legend()] + fig.legends
    explained = {
        to_hex(h.get_facecolor())
        for legend in legends
        for h in legend.legend_handles
        if hasattr(h, "get_facecolor")
    }
    assert used <= explained, f"bar colours without a legend entry: {used - explained}"


def test_perf_figure_says_where_when_and_how_it_was_measured() -> None:
    import json

    fig = draw("perf_summary")
    words = " ".join(" ".join(texts(fig)).split())
    results = ROOT / "benchmarks" / "results"
    machine = json.loads((results / "optimizers.json").read_text())["machine"]
    assert "python3 dev.py bench" in words
    assert machine["cpu"] in words and f"{machine['cpu_count']} cores" in words
    for name in sorted(results.glob("*.json")):
        data = json.loads(name.read_text())
        when = data.get("date") or data.get("measured")
        assert (when and str(when) in words) or f"{name.stem}: date not recorded" in words, (
            f"the figure states no date for {name.name}"
        )


def test_exploding_figure_states_the_doctests_statuses_and_steps() -> None:
    block = doctest_block(PRACTICE, "class PowerFit")
    plain = re.search(
        r"'(\w+)'>, (\d+), ", shown(block, "plain.status, plain.nit, round(float(plain.x[0]), 2)")
    )
    clipped = re.search(
        r"'(\w+)'>, (\d+), ",
        shown(block, "clipped.status, clipped.nit, bool(np.isclose(clipped.x[0], 2 ** (1 / 30)))"),
    )
    words = " ".join(" ".join(texts(draw("prac_exploding"))).split())
    said = re.search(r"clipped: " + STATUS + r" in (\d+) steps", words)
    assert said and said.groups() == clipped.groups(), (said, clipped.groups())
    steps = {"1": "one step"}.get(plain[2], f"{plain[2]} steps")
    assert f"unclipped: {steps} to w" in words and f"({plain[1]})" in words, words


# --- 5. pages read in the order a learner needs (issue 14, point 8) ------------------------

ADAPTIVE = "methods/adaptive.md"
MOMENTUM = "methods/momentum.md"
CONVENTIONS = "reference/conventions.md"
HEADING = re.compile(r"^(?P<hashes>#{1,6}) +(?P<title>.+?)(?: *\{ *#(?P<id>[\w-]+) *\})? *$", re.M)
# An admonition: its first line and the indented (or blank) lines that follow it.
ADMONITION = re.compile(
    r'^(?:!!!|\?\?\?\+?) *[\w-]+(?: +"(?P<title>[^"]*)")? *\n(?P<body>(?:(?: {4}.*)?\n)*)', re.M
)
EPS_TABLE = re.compile(r"^\| *where *\| *formula *\| *used by *\|", re.M | re.I)


def page_text(page: str) -> str:
    return (DOCS / page).read_text(encoding="utf-8")


def blank_code(text: str) -> str:
    """``text`` with every fenced code block blanked out, each character kept in place."""
    return CODE_FENCE.sub(lambda m: re.sub(r"[^\n]", " ", m[0]), text)


def headings(page: str) -> list[tuple[int, str, str | None]]:
    """The page's headings in order: (level, title, explicit id), code blocks excluded."""
    return [
        (len(m["hashes"]), m["title"], m["id"])
        for m in HEADING.finditer(blank_code(page_text(page)))
    ]


def heading_at(page: str, pattern: str) -> int:
    """The position, among the page's headings, of the one heading that matches ``pattern``."""
    found = [i for i, (_, title, _) in enumerate(headings(page)) if re.search(pattern, title)]
    assert len(found) == 1, f"{page}: headings matching {pattern!r}: {found}"
    return found[0]


def section(page: str, pattern: str) -> str:
    """The source of the section whose heading matches ``pattern``, up to the next heading
    of the same or a higher level (its code blocks included)."""
    text = page_text(page)
    heads = list(HEADING.finditer(blank_code(text)))
    match = [m for m in heads if re.search(pattern, m["title"])]
    assert len(match) == 1, f"{page}: {len(match)} headings match {pattern!r}"
    start, level = match[0].start(), len(match[0]["hashes"])
    ends = [m.start() for m in heads if m.start() > start and len(m["hashes"]) <= level]
    return text[start : ends[0] if ends else len(text)]


def words(text: str) -> int:
    return len(prose(text).split())


def test_section_helper_skips_code_and_stops_at_the_next_heading() -> None:
    text = "# T\n## A\na\n```python\n# not a heading\n```\n### A1\nb\n## B\nc\n"
    heads = [(len(m["hashes"]), m["title"]) for m in HEADING.finditer(blank_code(text))]
    assert heads == [(1, "T"), (2, "A"), (3, "A1"), (2, "B")]
    assert len(blank_code(text)) == len(text)


def test_adaptive_page_frames_the_methods_as_diagonal_preconditioners_first() -> None:
    heads = headings(ADAPTIVE)
    frame = heading_at(ADAPTIVE, r"(?i)precondition")
    first_method = heading_at(ADAPTIVE, r"^AdaGrad")
    assert heads[frame][0] == 2 and frame < first_method, (
        f"the preconditioner framing (heading {frame}) must open the page, before AdaGrad"
        f" (heading {first_method}): {[t for _, t, _ in heads]}"
    )
    text = section(ADAPTIVE, r"(?i)precondition")
    assert re.search(r"x_\{t\+1\} *= *x_t *- *\\eta\\?,? *P_t\^\{-1\}", text), "no x - eta P^-1 g"
    for name in ("AdaGrad", "RMSProp", "Adam"):
        assert re.search(rf"^\| *{name} *\|", text, re.M), f"no row saying what {name} puts in P_t"
    assert "```pycon" in text, "the framing is checked by no doctest against the optimizers"
    assert words(text) <= 300, f"the framing is {words(text)} words long: keep it short"


def test_adaptive_page_compares_on_beale_before_amsgrad_and_adamw() -> None:
    beale = heading_at(ADAPTIVE, r"comparison on Beale")
    for later in (r"^AMSGrad", r"^AdamW"):
        assert beale < heading_at(ADAPTIVE, later), f"the Beale comparison comes after {later}"


def test_framework_epsilon_table_is_on_the_conventions_page_and_linked() -> None:
    still = bool(EPS_TABLE.search(page_text(ADAPTIVE)))
    assert not still, "the framework-epsilon table is still on the adaptive page"
    text = page_text(CONVENTIONS)
    tables = list(EPS_TABLE.finditer(text))
    assert len(tables) == 1, f"conventions page: {len(tables)} epsilon tables"
    above = [m for m in HEADING.finditer(text[: tables[0].start()])][-1]
    assert above["id"], f"the table's section {above['title']!r} has no explicit id to link to"
    link = f"(../reference/conventions.md#{above['id']})"
    assert link in page_text(ADAPTIVE), f"the adaptive page does not link to {link}"


MECHANICS = re.compile(r"\bshape\b|\bstate\b|in place|`\(K, ?1\)`|\bK copies|`dim`", re.I)


def test_gd_page_keeps_code_mechanics_in_one_short_box() -> None:
    text = page_text(GD)
    boxes = [m for m in ADMONITION.finditer(text) if m["title"] == "How the code runs it"]
    assert len(boxes) == 1, f"{len(boxes)} 'How the code runs it' boxes"
    box = boxes[0]["body"]
    for topic in (r"\bstate\b", r"\bshape\b"):
        assert re.search(topic, box), f"the box does not explain {topic}"
    assert words(box) <= 200, f"the box is {words(box)} words long"
    outside = CODE_FENCE.sub("", ADMONITION.sub("", text))
    leaks = [line.strip() for line in outside.splitlines() if MECHANICS.search(line)]
    assert not leaks, f"code mechanics in the explanation, outside the box: {leaks}"


def test_momentum_page_states_where_the_chapters_nesterov_turns_nan() -> None:
    """The prose's step numbers are those the page's run of the formula as written prints."""
    block = doctest_block(MOMENTUM, "the chapter's look-ahead: no lr")
    source = "".join(e.source for e in block)
    assert "y = x - beta * v" in source, "the run is not the course chapter's formula"
    lr = float(re.search(r"lr, beta = ([\d.]+), ", source)[1])
    printed = re.findall(
        r"^step (\d+): looked (\S+) ahead in x, x = \((\S+), (\S+)\)$", block[-1].want, re.M
    )
    rows = {int(t): (float(a), np.array([float(x), float(y)])) for t, a, x, y in printed}
    first_inf = min(t for t, (_, x) in rows.items() if np.isinf(x).any())
    first_nan = min(t for t, (_, x) in rows.items() if np.isnan(x).any())
    text = " ".join(prose(page_text(MOMENTUM)).split())
    said = re.search(
        r"on step (\d+) the look-ahead lands (\S+) units ahead in \$x\$ instead of ([\d.]+)\.",
        text,
    )
    assert said, "the page does not say how far the chapter's look-ahead lands"
    ahead, x = rows[int(said[1])]
    assert float(said[2]) == ahead and float(said[3]) == pytest.approx(lr * ahead), (said, ahead)
    assert "millions of units away" in text and 1e6 <= np.abs(x).max() < 1e9, x
    said = re.search(r"overflows to infinity at step (\d+), and from step (\d+) on it is NaN", text)
    assert said and (int(said[1]), int(said[2])) == (first_inf, first_nan), (said, rows)


# --- notebooks: the text points at the cells it speaks of, and calls them by their names ---

NOTEBOOKS = sorted(DOCS.rglob("*.ipynb"))
# The text right before a code cell that ends with a colon introduces that cell.
BACKWARD = re.compile(r"\b(above|previous|preceding)\b|위의|위에서|앞의", re.IGNORECASE)
INLINE_CALL = re.compile(r"`([^`\n]+)`")


def _cells(notebook) -> list[dict]:
    import json

    return json.loads(notebook.read_text(encoding="utf-8"))["cells"]


def _source(cell: dict) -> str:
    return "".join(cell["source"])


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: p.name)
def test_a_notebooks_introduction_to_the_next_cell_does_not_point_back(notebook) -> None:
    cells = _cells(notebook)
    wrong = []
    for cell, after in zip(cells, cells[1:], strict=False):
        text = _source(cell).rstrip()
        if cell["cell_type"] == "markdown" and after["cell_type"] == "code" and text[-1:] in ":：":
            last = text.rsplit("\n\n", 1)[-1]
            if BACKWARD.search(last):
                wrong.append(last)
    assert not wrong, f"{notebook.name}: introduces the cell below as above: {wrong}"


def _defined(cells: list[dict]) -> dict[str, list[str]]:
    """Each function a notebook's code defines -> its parameters' names, in order."""
    functions = {}
    for cell in cells:
        if cell["cell_type"] != "code":
            continue
        try:
            tree = ast.parse(_source(cell))
        except SyntaxError:
            continue
        for node in ast.walk(tree):
            if isinstance(node, ast.FunctionDef):
                functions[node.name] = [a.arg for a in node.args.args]
    return functions


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: p.name)
def test_calls_in_a_notebooks_text_use_its_functions_parameters(notebook) -> None:
    """A call written in the text, e.g. ``train(lr=schedule, seed=...)``, names arguments
    the notebook's function has; a bare name passed by position is that parameter's name
    (``train(schedule, ...)`` reads as a parameter ``schedule`` that ``train(lr, seed)``
    does not have)."""
    cells = _cells(notebook)
    functions = _defined(cells)
    wrong, seen = [], 0
    for cell in cells:
        if cell["cell_type"] != "markdown":
            continue
        for code in INLINE_CALL.findall(_source(cell)):
            try:
                call = ast.parse(code.replace("...", "None"), mode="eval").body
            except SyntaxError:
                continue
            if not (isinstance(call, ast.Call) and isinstance(call.func, ast.Name)):
                continue
            params = functions.get(call.func.id)
            if params is None:
                continue
            seen += 1
            named = [k.arg for k in call.keywords if k.arg not in params]
            by_position = [
                (a.id, p)
                for a, p in zip(call.args, params, strict=False)
                if isinstance(a, ast.Name) and a.id != p
            ]
            if named or by_position or len(call.args) > len(params):
                wrong.append(f"`{code}` for {call.func.id}({', '.join(params)})")
    assert not wrong, f"{notebook.name}: {wrong}"
    print(f"{notebook.name}: {seen} call(s) in the text checked")


def test_newton_legend_states_what_each_run_did() -> None:
    """A line that reaches the minimizer says converged, one that blows up says diverged,
    and the damped runs stop at the step counts of the page's doctest of the same runs."""
    fig, ns = run_figure("so_newton")
    right = fig.axes[1]
    said = {}
    for line, text in zip(right.get_lines(), legend_texts(right), strict=True):
        name, _, status = text.rpartition(": ")
        ys = line.get_ydata()
        if ys[-1] <= 1e-16:
            assert status == ns["label"]["converged"], (text, ys[-1])
        elif ys[-1] >= 1e6:
            assert status == ns["label"]["diverged"], (text, ys[-1])
        else:
            pytest.fail(f"{text}: ends at {ys[-1]:.1e}, neither at the minimizer nor far off")
        said[name] = (status, len(ys) - 1)
    block = doctest_block("methods/second-order.md", 'for damping in ["decrement", "backtracking"]')
    printed = dict(
        (d, (s, int(n)))
        for d, s, n in re.findall(r"^(\w+) (\w+) (\d+) ", block[-1].want, re.MULTILINE)
    )
    assert said[ns["label"]["damped"]] == printed["decrement"], (said, printed)
    assert said[ns["label"]["backtracking"]] == printed["backtracking"], (said, printed)


# --- the bibliography: one punctuation for every entry -------------------------------------

BIBLIOGRAPHIES = ["reference/bibliography.md", "reference/bibliography.ko.md"]
ENTRY = re.compile(r'^- <a id="(?P<id>[^"]+)"></a>(?P<ref>.+?)(?=\n\s*\n)', re.M | re.S)
PUNCTUATION = {  # rule -> what breaks it
    "authors (year). title": re.compile(r"\A(?![^()]+ \(\d{4}\)\. [A-Z*])"),
    "et al. after a comma": re.compile(r"[^,] et al\."),
    "a comma after the italic venue, before its volume": re.compile(r"\*[^*]+\*\s+\d"),
    "pages with an en dash": re.compile(r", \d+-\d+[.,]"),
    "identifiers as sentences (doi:x. arXiv:y.)": re.compile(r"(doi|arXiv):\S+,\s*(doi|arXiv):"),
    "a full stop at the end": re.compile(r"[^.]\Z"),
}


def bibliography_entries(page: str) -> dict[str, str]:
    return {m["id"]: " ".join(m["ref"].split()) for m in ENTRY.finditer(page_text(page) + "\n\n")}


def test_the_punctuation_rules_catch_the_slips_they_name() -> None:
    good = "Doe, J., et al. (2021). A title. *Optim. Lett.*, 16(6), 1649–1661. doi:1/x. arXiv:2."
    assert not any(rule.search(good) for rule in PUNCTUATION.values())
    slips = [
        good.replace("(2021).", "2021."),
        good.replace("J., et al.", "J. et al."),
        good.replace("*, 16(6)", "* 16(6)"),
        good.replace("1649–1661", "1649-1661"),
        good.replace("doi:1/x.", "doi:1/x,"),
        good.rstrip("."),
    ]
    for slip, (name, rule) in zip(slips, PUNCTUATION.items(), strict=True):
        assert rule.search(slip), (name, slip)


@pytest.mark.parametrize("page", BIBLIOGRAPHIES)
def test_every_bibliography_entry_is_punctuated_alike(page: str) -> None:
    entries = bibliography_entries(page)
    assert len(entries) > 40, f"{page}: only {len(entries)} entries found"
    wrong = {
        key: [name for name, rule in PUNCTUATION.items() if rule.search(ref)]
        for key, ref in entries.items()
    }
    wrong = {key: names for key, names in wrong.items() if names}
    assert not wrong, f"{page}: {wrong}"
    if page.endswith(".ko.md"):  # the references themselves are not translated
        assert entries == bibliography_entries(page.replace(".ko.md", ".md"))
