"""Figures in two languages: Korean text is drawn in NanumGothic, and a missing glyph fails."""

from __future__ import annotations

import subprocess
import sys
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
    script = tmp_path / f"{name}.py"
    script.write_text(SCRIPT.replace("TITLE_SUFFIX", repr(suffix)), encoding="utf-8")
    return subprocess.run(
        [sys.executable, str(RENDERER), str(script), str(tmp_path / f"{name}-{lang}.svg")],
        env={"GDTHEORY_LANG": lang, "PATH": "/usr/bin:/bin", "HOME": str(tmp_path)},
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
