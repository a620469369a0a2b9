"""Figures in two languages: Korean text is drawn in NanumGothic, and a missing glyph fails."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
RENDERER = ROOT / "hooks" / "render_figures.py"

SCRIPT = """
import matplotlib.pyplot as plt
import gdtheory as gd

LABELS = {"en": {"title": "The loss"}, "ko": {"title": "손실 곡선"}}
label = gd.plotting.labels(LABELS)
fig, ax = plt.subplots()
ax.semilogy([1, 2, 3], [1, 1e-2, 1e-4])
ax.set(title=label["title"] + TITLE_SUFFIX, xlabel="$-x_t$")
"""


def draw(
    tmp_path: Path, lang: str, suffix: str = "", name: str = "fig"
) -> subprocess.CompletedProcess:
    """Run the renderer on a fresh machine: its own home and an empty temporary folder.

    The renderer keeps its patched Korean font in the temporary folder; a folder that an
    earlier build filled would hide what happens the first time (stop 22's CI failure).
    """
    script = tmp_path / f"{name}.py"
    script.write_text(SCRIPT.replace("TITLE_SUFFIX", repr(suffix)), encoding="utf-8")
    tmp = tempfile.mkdtemp(dir=tmp_path)
    return subprocess.run(
        [sys.executable, str(RENDERER), str(script), str(tmp_path / f"{name}-{lang}.svg")],
        env={
            "GDTHEORY_LANG": lang,
            "PATH": "/usr/bin:/bin",
            "HOME": str(tmp_path),
            "TMPDIR": tmp,
        },
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_a_korean_figure_draws_without_missing_glyphs(tmp_path: Path) -> None:
    result = draw(tmp_path, "ko")
    assert result.returncode == 0, result.stderr
    assert "glyph" not in result.stderr.lower(), result.stderr
    english = draw(tmp_path, "en")
    assert english.returncode == 0, english.stderr
    ko, en = (tmp_path / "fig-ko.svg").read_bytes(), (tmp_path / "fig-en.svg").read_bytes()
    assert ko != en  # the title is drawn in Korean


def test_a_korean_figure_is_byte_reproducible(tmp_path: Path) -> None:
    assert draw(tmp_path, "ko", name="a").returncode == 0
    assert draw(tmp_path, "ko", name="b").returncode == 0
    assert (tmp_path / "a-ko.svg").read_bytes() == (tmp_path / "b-ko.svg").read_bytes()


@pytest.mark.parametrize("lang", ["en", "ko"])
def test_a_missing_glyph_fails_the_figure(tmp_path: Path, lang: str) -> None:
    # Hangul in the English style (DejaVu Sans only); a Tibetan letter in either.
    result = draw(tmp_path, lang, suffix=" 경사" if lang == "en" else " \u0f40")
    assert result.returncode == 1, result.stderr
    assert "missing from" in result.stderr or "does not have a glyph" in result.stderr
    assert not (tmp_path / f"fig-{lang}.svg").exists()


# The gap between the ink of one line of a text and the ink of the next, in ems, as
# matplotlib lays the text out in each language's style: each line's baseline from the
# layout, its ink from the renderer's measure of that line.
LINE_GAPS = """
import json, sys
sys.path.insert(0, HOOKS)
import matplotlib
matplotlib.use("agg")
import matplotlib.pyplot as plt
import render_figures

gaps = {}
for lang, text in TEXTS:
    with matplotlib.rc_context(render_figures.style(lang)):
        fig = plt.figure()
        t = fig.text(0.5, 0.5, text, fontsize=10)
        renderer = fig.canvas.get_renderer()
        _, lines, _ = t._get_layout(renderer)
        ink = [renderer.get_text_width_height_descent(line, t.get_fontproperties(), False)
               for line, _, _ in lines]
        em = renderer.points_to_pixels(10)
        gaps[text] = [((y1 - d1) - (y2 + h2 - d2)) / em for (_, _, (_, y1)), (_, _, (_, y2)),
                      (_, _, d1), (_, h2, d2) in zip(lines, lines[1:], ink, ink[1:])]
        plt.close(fig)
print(json.dumps(gaps))
"""


def test_the_lines_of_a_korean_text_are_spaced_as_english_ones(tmp_path: Path) -> None:
    """Two-line labels and titles (the Performance figure's among them) keep a visible gap
    between their lines in Korean too. NanumGothic's own metrics give a line exactly one
    em high, with no line gap, and Hangul fills the em: 0.008 em of white between the
    lines of "학습률 1,000개의 스윕,/각각 1,000 스텝" (DejaVu Sans, in English: 0.22 em)."""
    texts = [
        ("en", "loop time / batched time\n(goal: at least 50)"),
        ("ko", "루프 시간 / 배치 실행 시간\n(목표: 50 이상)"),
        ("ko", "학습률 1,000개의 스윕,\n각각 1,000 스텝"),
        ("ko", "반올림 오차는\n$\\varepsilon / h$처럼 커진다"),
    ]
    script = LINE_GAPS.replace("HOOKS", repr(str(RENDERER.parent))).replace("TEXTS", repr(texts))
    result = subprocess.run(
        [sys.executable, "-c", script],
        env={"PATH": "/usr/bin:/bin", "HOME": str(tmp_path), "TMPDIR": str(tmp_path)},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    gaps = json.loads(result.stdout)
    assert len(gaps) == len(texts)
    tight = {text: g for text, g in gaps.items() if min(g) < 0.15}
    assert not tight, f"lines closer than 0.15 em (ink to ink): {tight}"


def serve(tmp_path: Path, requests: list[list]) -> list[dict]:
    """The renderer's replies to ``requests`` ([script, out, lang, keep]) in one process."""
    result = subprocess.run(
        [sys.executable, str(RENDERER), "--serve"],
        input="".join(json.dumps(r) + "\n" for r in requests),
        env={"PATH": "/usr/bin:/bin", "HOME": str(tmp_path)},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return [json.loads(line) for line in result.stdout.splitlines()]


def test_a_kept_english_figure_is_translated_as_a_korean_run_draws_it(tmp_path: Path) -> None:
    """The build runs a script once: the worker keeps the English figure and puts the
    Korean words and font in it. Same bytes as a run of the script in Korean, and the
    English drawing is the same as without keeping."""
    assert draw(tmp_path, "ko", name="run").returncode == 0
    assert draw(tmp_path, "en", name="run").returncode == 0
    script = tmp_path / "fig.py"
    script.write_text(SCRIPT.replace("TITLE_SUFFIX", repr(" 12")), encoding="utf-8")
    (tmp_path / "run.py").write_text(script.read_text(encoding="utf-8"), encoding="utf-8")
    assert draw(tmp_path, "ko", suffix=" 12", name="run").returncode == 0
    assert draw(tmp_path, "en", suffix=" 12", name="run").returncode == 0
    en, ko = tmp_path / "kept-en.svg", tmp_path / "kept-ko.svg"
    replies = serve(tmp_path, [[str(script), str(en), "en", True], [str(script), str(ko), "ko"]])
    assert all(r["ok"] for r in replies), replies
    assert en.read_bytes() == (tmp_path / "run-en.svg").read_bytes()
    assert ko.read_bytes() == (tmp_path / "run-ko.svg").read_bytes()
    assert "손실 곡선 12" in ko.read_text(encoding="utf-8")  # the title, a text comment


def test_a_missing_glyph_fails_a_translated_figure(tmp_path: Path) -> None:
    script = tmp_path / "fig.py"
    table = '{"en": {"title": "The loss"}, "ko": {"title": "손실 \\u0f40"}}'
    script.write_text(
        SCRIPT.replace("TITLE_SUFFIX", "''").replace(
            '{"en": {"title": "The loss"}, "ko": {"title": "손실 곡선"}}', table
        ),
        encoding="utf-8",
    )
    en, ko = tmp_path / "en.svg", tmp_path / "ko.svg"
    replies = serve(tmp_path, [[str(script), str(en), "en", True], [str(script), str(ko), "ko"]])
    assert replies[0]["ok"] and not replies[1]["ok"], replies
    assert "missing from" in replies[1]["error"] or "does not have a glyph" in replies[1]["error"]
    assert not ko.exists()


def _korean_equals_a_fresh_korean_run(tmp_path: Path, script: Path) -> list[dict]:
    """The worker's Korean drawing of ``script`` (after its English one) has the bytes of a
    fresh Korean run of the same source (``run.py``) in its own process; the replies."""
    result = subprocess.run(
        [sys.executable, str(RENDERER), str(tmp_path / "run.py"), str(tmp_path / "run-ko.svg")],
        env={"GDTHEORY_LANG": "ko", "PATH": "/usr/bin:/bin", "HOME": str(tmp_path)},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    en, ko = tmp_path / "en.svg", tmp_path / "ko.svg"
    replies = serve(tmp_path, [[str(script), str(en), "en", True], [str(script), str(ko), "ko"]])
    assert all(r["ok"] for r in replies), replies
    assert ko.read_bytes() == (tmp_path / "run-ko.svg").read_bytes()
    return replies


def test_tick_labels_set_with_their_ticks_are_translated(tmp_path: Path) -> None:
    """``set_xticks(ticks, labels)`` (a tick-to-label lookup matplotlib makes) with the
    table's words: translated, not run again, with the bytes of a Korean run."""
    script = tmp_path / "fig.py"
    source = (
        SCRIPT.replace("TITLE_SUFFIX", "''")
        .replace('{"title": "The loss"}', '{"title": "The loss", "a": "first", "b": "second"}')
        .replace('{"title": "손실 곡선"}', '{"title": "손실 곡선", "a": "처음", "b": "두 번째"}')
    )
    source += 'ax.set_xticks([1, 3], [label["a"], label["b"]])\n'
    script.write_text(source, encoding="utf-8")
    (tmp_path / "run.py").write_text(source, encoding="utf-8")
    replies = _korean_equals_a_fresh_korean_run(tmp_path, script)
    assert replies[1]["translated"], replies
    assert "두 번째" in (tmp_path / "ko.svg").read_text(encoding="utf-8")


def test_a_figure_with_a_colorbar_is_drawn_again_in_korean(tmp_path: Path) -> None:
    """Constrained layout moved the colorbar's axes from where a fresh run starts them: a
    translated drawing would place them differently, so the script runs again."""
    script = tmp_path / "fig.py"
    source = SCRIPT.replace("TITLE_SUFFIX", "''") + (
        'mesh = ax.pcolormesh([[1, 2], [3, 4]])\nfig.colorbar(mesh, ax=ax, label=label["title"])\n'
    )
    script.write_text(source, encoding="utf-8")
    (tmp_path / "run.py").write_text(source, encoding="utf-8")
    replies = _korean_equals_a_fresh_korean_run(tmp_path, script)
    assert not replies[1]["translated"], replies


def test_a_figure_with_words_not_from_its_table_is_drawn_again_in_korean(tmp_path: Path) -> None:
    """A text holding an English entry the translation cannot account for (here the
    script words it itself) is not translated: the script runs again in Korean."""
    script = tmp_path / "fig.py"
    source = SCRIPT.replace("TITLE_SUFFIX", "''") + 'ax.set_xlabel("The loss, per step")\n'
    script.write_text(source.replace('xlabel="$-x_t$"', 'ylabel="y"'), encoding="utf-8")
    (tmp_path / "run.py").write_text(script.read_text(encoding="utf-8"), encoding="utf-8")
    _korean_equals_a_fresh_korean_run(tmp_path, script)


def test_a_figure_that_asks_for_its_language_is_drawn_again_in_korean(tmp_path: Path) -> None:
    """A script that draws differently per language, not only with other words (here a
    monospace title in English alone), runs again in Korean instead of being translated."""
    script = tmp_path / "fig.py"
    source = SCRIPT.replace("TITLE_SUFFIX", "''") + (
        'ax.title.set_family("monospace" if gd.plotting.language() == "en"'
        ' else "NanumGothic gdtheory")\n'
    )
    script.write_text(source, encoding="utf-8")
    (tmp_path / "run.py").write_text(source, encoding="utf-8")
    _korean_equals_a_fresh_korean_run(tmp_path, script)


def test_the_plot_helpers_take_their_words_from_the_figure() -> None:
    """contour_paths and loss_curves write English words unless given the figure's own:
    a translated script passes its table's entries instead of relabelling afterwards."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    import numpy as np

    import gdtheory as gd

    def f(x):
        return (x**2).sum(axis=-1)

    fig, (left, right) = plt.subplots(1, 2)
    try:
        path = np.array([[1.0, 1.0], [0.5, 0.5]])
        kw = {"xlim": (-1, 1), "ylim": (-1, 1), "minimum": (0, 0), "resolution": 20}
        gd.plotting.contour_paths(left, f, [path], **kw)
        gd.plotting.contour_paths(left, f, [path], minimum_label="최소점", **kw)
        assert {"minimum", "최소점"} <= {line.get_label() for line in left.lines}
        gd.plotting.loss_curves(right, {"GD": np.array([1.0, 0.1])})
        assert right.get_xlabel() == "step $t$"
        gd.plotting.loss_curves(right, {"GD": np.array([1.0, 0.1])}, xlabel="스텝 $t$")
        assert right.get_xlabel() == "스텝 $t$"
    finally:
        plt.close(fig)


def _path_tokens(d: str) -> list[str]:
    """Path data as SVG's grammar reads it: commands and numbers, in order."""
    return re.findall(r"[A-Za-z]|-?(?:\d+\.?\d*|\.\d+)(?:e-?\d+)?", d)


def test_path_data_is_compact_and_draws_the_same_path(tmp_path: Path) -> None:
    """Glyph outlines are most of a Korean figure's bytes: the saved SVG writes path data
    without the spaces and line breaks matplotlib puts in, and the shorter data reads as
    the same commands and numbers as matplotlib's own (rounded) output."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    sys.path.insert(0, str(RENDERER.parent))
    try:
        import render_figures
    finally:
        sys.path.remove(str(RENDERER.parent))
    assert draw(tmp_path, "ko").returncode == 0
    saved = (tmp_path / "fig-ko.svg").read_text(encoding="utf-8")
    paths = re.findall(r'\sd="([^"]*)"', saved)
    assert len(paths) > 20  # axes, ticks and the Hangul glyphs of the title
    assert not any(re.search(r"\s[A-Za-z]|[A-Za-z]\s|\s-|\n", d) for d in paths), paths[:3]
    fig, ax = plt.subplots()
    ax.plot([0, 1, 2], [1, -0.5, 2])
    ax.set_title("-1 0.5")
    svg_file = tmp_path / "raw.svg"
    fig.savefig(svg_file, format="svg")
    plt.close(fig)
    raw = svg_file.read_text(encoding="utf-8")
    rounded = render_figures._COORDINATES.sub(
        lambda m: (
            m.group(1)
            + render_figures._LONG_NUMBER.sub(render_figures._round_number, m.group(2))
            + '"'
        ),
        raw,
    )
    before = re.findall(r'\sd="([^"]*)"', rounded)
    after = re.findall(r'\sd="([^"]*)"', render_figures.compact(raw))
    assert len(before) == len(after) > 5
    for old, new in zip(before, after, strict=True):
        assert _path_tokens(old) == _path_tokens(new), (old, new)
        assert len(new) < len(old) or old == new
