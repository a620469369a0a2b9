"""Draw figure scripts to SVG files: ``python hooks/render_figures.py SCRIPT OUT [SCRIPT OUT ...]``.

Each figure script is a plain matplotlib program (what a reader would run
themselves). It runs in a fresh namespace under the site's style, in one language
(``GDTHEORY_LANG``, read by ``gd.plotting.labels``; Korean text is set in
NanumGothic, which ``koreanize-matplotlib`` installs with the locked packages, and a
glyph missing from the font fails the figure instead of drawing a box); the single
figure it leaves open is saved with fixed metadata so that two builds give
identical bytes. The build runs it in subprocesses, so a change to ``gdtheory``
is always picked up: with ``--serve`` it reads one JSON ``[script, out]`` per line
on stdin and answers one JSON line each (``sitebuild/jobs.py``), so matplotlib is
imported once per build slot, not once per figure.

An explorable (``docs/figures/explore_NAME.py``) is a figure with data: besides its
static figure (what the page shows without JavaScript) it leaves a JSON-ready dict
in a global ``EXPLORABLE``, written next to the SVG as ``OUT.json`` (compact, keys
sorted, no NaN), which the page's script draws.
"""

from __future__ import annotations

import json
import logging
import os
import re
import runpy
import sys
import tempfile
import traceback
import warnings

os.environ.setdefault("MPLBACKEND", "Agg")

import matplotlib  # noqa: E402

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
from matplotlib import mathtext  # noqa: E402

# Dark text on an opaque white card: legible on both the light and the dark palette
# (the site's CSS frames the card on the dark one).
STYLE = {
    "figure.facecolor": "white",
    "axes.facecolor": "white",
    "savefig.facecolor": "white",
    "figure.dpi": 100,
    "figure.figsize": (7.0, 4.2),
    "figure.constrained_layout.use": True,
    "font.size": 10,
    "axes.grid": True,
    "grid.alpha": 0.3,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "legend.frameon": False,
    "svg.hashsalt": "gdtheory",
    "svg.fonttype": "path",
    "path.simplify": True,
    "lines.linewidth": 1.6,
}


def _share_mathtext_cache() -> None:
    """One mathtext cache for the whole process.

    matplotlib caches parsed math per parser *instance*, and every SVG save makes new
    parsers, so each tick label ``$10^{-2}$`` was parsed again in every figure (a
    quarter of the drawing time). The result depends only on the key below.
    """
    parse = mathtext.MathTextParser._parse_cached
    inner = getattr(parse, "__wrapped__", None)
    if inner is None or getattr(parse, "_gdtheory_shared", False):
        return
    memo: dict = {}

    def shared(self, s, dpi, prop, antialiased, load_glyph_flags):
        k = (self._output_type, s, dpi, prop, antialiased, load_glyph_flags)
        if k not in memo:
            memo[k] = inner(self, s, dpi, prop, antialiased, load_glyph_flags)
        return memo[k]

    shared._gdtheory_shared = True
    mathtext.MathTextParser._parse_cached = shared


_share_mathtext_cache()

# The font of each language's text: matplotlib's default (DejaVu Sans) has no Hangul.
KOREAN_FONT = "NanumGothic"


def _korean_font() -> str:
    """NanumGothic (from the koreanize-matplotlib package), given a minus sign.

    NanumGothic has no U+2212 MINUS SIGN, which matplotlib's tick labels use
    (``$\\mathdefault{10^{-2}}$``): this copy maps it to the font's own en dash glyph.
    Written once per version to the temporary folder; the same bytes every time.
    """
    from importlib.metadata import version
    from importlib.resources import files

    from fontTools.ttLib import TTFont

    folder = os.path.join(tempfile.gettempdir(), "gdtheory-fonts")
    out = os.path.join(folder, f"NanumGothic-minus-{version('koreanize-matplotlib')}.ttf")
    if not os.path.exists(out):
        font = TTFont(str(files("koreanize_matplotlib") / "fonts" / "NanumGothic.ttf"))
        for table in font["cmap"].tables:
            if table.isUnicode() and 0x2013 in table.cmap:
                table.cmap.setdefault(0x2212, table.cmap[0x2013])
        os.makedirs(folder, exist_ok=True)
        tmp = f"{out}.{os.getpid()}.tmp"
        font.save(tmp)
        os.replace(tmp, out)
    return out


def _korean_style() -> dict:
    """The site's style with NanumGothic for text (Hangul, and mathtext's plain text)."""
    from matplotlib import font_manager

    if KOREAN_FONT not in {f.name for f in font_manager.fontManager.ttflist}:
        font_manager.fontManager.addfont(_korean_font())
    return {"font.family": KOREAN_FONT}


def style(lang: str) -> dict:
    """The rc parameters of a figure drawn in ``lang``."""
    return {**STYLE, **_korean_style()} if lang == "ko" else STYLE


def data_path(out: str) -> str:
    """Where an explorable's data goes: the SVG's path with ``.json`` for ``.svg``."""
    return os.path.splitext(out)[0] + ".json"


def write_data(data: object, path: str) -> None:
    """``data`` as compact JSON with sorted keys; NaN or infinity is an error."""
    text = json.dumps(data, separators=(",", ":"), sort_keys=True, allow_nan=False)
    tmp = f"{path}.{os.getpid()}.tmp"  # two builds may share the cache
    with open(tmp, "w", encoding="utf-8") as fh:
        fh.write(text)
    os.replace(tmp, path)


class _MissingGlyphs(logging.Handler):
    """Collects mathtext's "Font ... does not have a glyph for ..." messages while drawing."""

    def __enter__(self) -> _MissingGlyphs:
        self.messages: list[str] = []
        logging.getLogger("matplotlib.mathtext").addHandler(self)
        return self

    def __exit__(self, *exc) -> None:
        logging.getLogger("matplotlib.mathtext").removeHandler(self)

    def emit(self, record: logging.LogRecord) -> None:
        if "does not have a glyph" in record.getMessage():
            self.messages.append(record.getMessage())


def render(script: str, out: str, lang: str = "en") -> None:
    plt.close("all")
    explorable = os.path.basename(script).startswith("explore_")
    previous = os.environ.get("GDTHEORY_LANG")
    os.environ["GDTHEORY_LANG"] = lang
    try:
        with matplotlib.rc_context(style(lang)), warnings.catch_warnings(), _MissingGlyphs() as m:
            # "Glyph 44221 (\N{HANGUL SYLLABLE GYEONG}) missing from font(s) DejaVu Sans."
            warnings.filterwarnings("error", message=r"Glyph .* missing from")
            _draw(script, out, explorable)
        if m.messages:  # mathtext logs its missing glyphs instead of warning
            os.unlink(out)
            raise RuntimeError(f"{script} ({lang}): " + "; ".join(m.messages))
    finally:
        if previous is None:
            os.environ.pop("GDTHEORY_LANG", None)
        else:
            os.environ["GDTHEORY_LANG"] = previous
    plt.close("all")


# Coordinates in path data and positions: matplotlib writes up to six decimals of a
# pixel; two (a hundredth of a pixel at 100 dpi) draw the same picture, and the SVGs are
# 5-15 % smaller. Transforms keep their digits (glyph scales are small numbers).
_COORDINATES = re.compile(r'(\s(?:d|x|y)=")([^"]*)"')
_LONG_NUMBER = re.compile(r"-?\d+\.\d{3,}")


def _round_number(m: re.Match) -> str:
    text = f"{float(m.group(0)):.2f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def compact(svg: str) -> str:
    """``svg`` with its coordinates rounded to hundredths of a pixel.

    >>> compact('<path d="M 57.6 266.835625 L 1 2"/>')
    '<path d="M 57.6 266.84 L 1 2"/>'
    """
    return _COORDINATES.sub(
        lambda m: m.group(1) + _LONG_NUMBER.sub(_round_number, m.group(2)) + '"', svg
    )


def _draw(script: str, out: str, explorable: bool) -> None:
    namespace = runpy.run_path(script, run_name="__main__")
    if explorable and not isinstance(namespace.get("EXPLORABLE"), dict):
        raise RuntimeError(f"{script} must leave its data in a dict named EXPLORABLE")
    numbers = plt.get_fignums()
    if len(numbers) != 1:
        raise RuntimeError(f"{script} must leave exactly one figure open, found {len(numbers)}")
    fig = plt.figure(numbers[0])
    tmp = f"{out}.{os.getpid()}.tmp"  # two builds may share the cache
    fig.savefig(tmp, format="svg", metadata={"Date": None, "Creator": "gdtheory"})
    with open(tmp, encoding="utf-8") as fh:
        svg = compact(fh.read())
    with open(tmp, "w", encoding="utf-8") as fh:
        fh.write(svg)
    if explorable:
        write_data(namespace["EXPLORABLE"], data_path(out))
    os.replace(tmp, out)


def serve() -> int:
    """Draw figures on request until stdin closes; a script's own prints go to stderr."""
    replies = os.fdopen(os.dup(1), "w")
    os.dup2(2, 1)
    sys.stdout = sys.stderr
    for line in sys.stdin:
        script, out, lang = json.loads(line)
        try:
            render(script, out, lang)
            reply = {"ok": True}
        except BaseException:  # report the failing figure, keep serving
            reply = {"ok": False, "error": traceback.format_exc()}
        replies.write(json.dumps(reply) + "\n")
        replies.flush()
    return 0


def main(argv: list[str]) -> int:
    if argv == ["--serve"]:
        return serve()
    failed = 0
    lang = os.environ.get("GDTHEORY_LANG", "") or "en"
    for script, out in zip(argv[0::2], argv[1::2], strict=True):
        try:
            render(script, out, lang)
        except BaseException:  # report every failing figure, then fail
            failed += 1
            print(f"figure script failed: {script}", file=sys.stderr)
            traceback.print_exc()
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
