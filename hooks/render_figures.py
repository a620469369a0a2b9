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

import functools
import gc
import importlib.util
import json
import logging
import os
import re
import runpy
import string
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
# The patched copy below has a family name of its own: koreanize-matplotlib, once
# imported (by a figure script, say), registers its unpatched NanumGothic, and with two
# fonts of one name matplotlib may draw with the one that has no minus sign.
KOREAN_FONT = "NanumGothic gdtheory"
FONT_PATCH = 2  # the patch's revision: a new one is written beside an older copy


def nanum_folder() -> str:
    """The folder of the NanumGothic files that koreanize-matplotlib ships.

    Found without importing the package: importing it registers its own fonts with
    matplotlib and changes the rc parameters of the process.
    """
    spec = importlib.util.find_spec("koreanize_matplotlib")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("koreanize-matplotlib is not installed: run `python3 dev.py setup`")
    return os.path.join(spec.submodule_search_locations[0], "fonts")


def _korean_font() -> str:
    """NanumGothic (from the koreanize-matplotlib package), given a minus sign and a line gap.

    NanumGothic has no U+2212 MINUS SIGN, which matplotlib's tick labels use
    (``$\\mathdefault{10^{-2}}$``): this copy maps it to the font's own en dash glyph.
    Its line metrics (OS/2 typographic ascender 800, descender -200, line gap 0, of 1,000
    units) make the lines of a text exactly one em apart, and Hangul fills the em: the
    lines of a two-line label touched. This copy has a line gap of 0.2 em, as DejaVu Sans
    has (410 of 2,048 units), so that Korean lines are spaced as English ones. It is
    renamed :data:`KOREAN_FONT`, and written once per version (and :data:`FONT_PATCH`) to
    the temporary folder; the same bytes every time.
    """
    from importlib.metadata import version

    from fontTools.ttLib import TTFont

    folder = os.path.join(tempfile.gettempdir(), "gdtheory-fonts")
    name = f"NanumGothic-gdtheory-{version('koreanize-matplotlib')}-{FONT_PATCH}.ttf"
    out = os.path.join(folder, name)
    if not os.path.exists(out):
        font = TTFont(os.path.join(nanum_folder(), "NanumGothic.ttf"))
        for table in font["cmap"].tables:
            if table.isUnicode() and 0x2013 in table.cmap:
                table.cmap.setdefault(0x2212, table.cmap[0x2013])
        font["OS/2"].sTypoLineGap = font["head"].unitsPerEm // 5
        for record in font["name"].names:  # family, full and PostScript names
            if record.nameID in (1, 4, 16):
                record.string = KOREAN_FONT
            elif record.nameID == 6:
                record.string = KOREAN_FONT.replace(" ", "-")
        os.makedirs(folder, exist_ok=True)
        tmp = f"{out}.{os.getpid()}.tmp"
        font.save(tmp)
        os.replace(tmp, out)
    return out


def _korean_style() -> dict:
    """The site's style with NanumGothic for text (Hangul, and mathtext's plain text)."""
    from matplotlib import font_manager

    path = _korean_font()
    if path not in {f.fname for f in font_manager.fontManager.ttflist}:
        font_manager.fontManager.addfont(path)
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


# The figures drawn in English and kept, undrawn, for their translation (``keep=True``).
RETAINED: dict[str, tuple] = {}  # script -> (figure, label tables, English default font)


def render(script: str, out: str, lang: str = "en", keep: bool = False) -> bool:
    """Draw ``script`` to ``out`` in ``lang``.

    ``keep=True`` (English): the figure is kept, with the label tables the script read, so
    that a later ``render(script, ..., "ko")`` in this process draws it again with the
    Korean words (:func:`translate_figure`) instead of running the script a second time.
    Each English entry of the tables in a text becomes the Korean one (:func:`translator`);
    a figure whose tick labels come from a function, and an explorable (its data may
    hold words), is drawn by running the script again in Korean. Returns whether the
    drawing was translated.
    """
    retained = RETAINED.pop(script, None)
    if lang != "en" and retained is not None and _draw_translated(script, out, lang, retained):
        return True
    plt.close("all")
    explorable = os.path.basename(script).startswith("explore_")
    previous = os.environ.get("GDTHEORY_LANG")
    os.environ["GDTHEORY_LANG"] = lang
    try:
        with (
            matplotlib.rc_context(style(lang)),
            warnings.catch_warnings(),
            _MissingGlyphs() as m,
            _RecordedTables() as recorded,
        ):
            # "Glyph 44221 (\N{HANGUL SYLLABLE GYEONG}) missing from font(s) DejaVu Sans."
            warnings.filterwarnings("error", message=r"Glyph .* missing from")
            fig = _draw(script, out, explorable)
            family = list(matplotlib.rcParams["font.family"])
        if m.messages:  # mathtext logs its missing glyphs instead of warning
            os.unlink(out)
            raise RuntimeError(f"{script} ({lang}): " + "; ".join(m.messages))
        if keep and lang == "en" and not explorable and recorded.tables:
            RETAINED[script] = (fig, recorded.tables, family)
            # The kept figures are hundreds of thousands of objects that the garbage
            # collector would walk again on every later drawing (a tenth more time):
            # they and what is alive now are set aside (the worker ends with the build).
            gc.freeze()
    finally:
        if previous is None:
            os.environ.pop("GDTHEORY_LANG", None)
        else:
            os.environ["GDTHEORY_LANG"] = previous
    plt.close("all")
    return False


class _RecordedTables:
    """Records the label tables a script passes to ``gd.plotting.labels`` while it runs.

    A script that asks ``gd.plotting.language()`` itself (to draw differently in each
    language, not only with other words) records ``None``: it cannot be translated.
    """

    def __enter__(self) -> _RecordedTables:
        import gdtheory.plotting

        module = self.module = gdtheory.plotting
        self.labels, self.language = module.labels, module.language
        self.tables: list | None = []

        def labels(table, lang=None):
            if self.tables is not None:
                self.tables.append(table)
            return self.labels(table, self.language() if lang is None else lang)

        def language():
            self.tables = None
            return self.language()

        module.labels, module.language = labels, language
        return self

    def __exit__(self, *exc) -> None:
        self.module.labels, self.module.language = self.labels, self.language


def _fields(template: str) -> list[tuple[str, str | None]]:
    """``str.format``'s reading of ``template``: (literal text, field name or None) pairs.

    A text that is no template (TeX braces such as ``$x_{t}$``) is one literal.
    """
    try:
        return [(literal, field) for literal, field, _, _ in string.Formatter().parse(template)]
    except ValueError:
        return [(template, None)]


class Untranslatable(ValueError):
    """A text the English entries do not account for: the script must run in Korean."""


# What a text may hold besides the table's entries: no words (TeX aside), so that nothing
# in it could be a word the script would have put there differently in another language.
_TEX = re.compile(r"\$[^$]*\$|[-+]?\d+(?:\.\d+)?(?:e[-+]?\d+)?")
_WORD = re.compile(r"[^\W\d_]")


def _wordless(text: str) -> bool:
    return not _WORD.search(_TEX.sub("", text))


def translator(tables: list, lang: str):
    r"""A function from a text drawn with the English words of ``tables`` to the same text
    in ``lang``.

    Each English entry in the text, a literal or a ``str.format`` template (its fields
    matching what the script filled in, up to the line's end), becomes the entry of
    ``lang`` with the same fields, longest entries first. A field is itself an entry
    (translated) or the script's own value (kept; it holds no entry). A text with no
    entry is left as it is; one with an entry and words of its own around it (outside
    TeX and numbers), or a field holding an entry and more, raises
    :class:`Untranslatable`: whether those words change with the language cannot be told.

    >>> tr = translator([{"en": {"at": "{n} steps", "t": "step"}, "ko": {"at": "{n} 스텝",
    ...     "t": "스텝"}}], "ko")
    >>> tr("step 3"), tr("12 steps"), tr("$x$: 12 steps\nstep"), tr("Adam")
    ('스텝 3', '12 스텝', '$x$: 12 스텝\n스텝', 'Adam')
    >>> translator([{"en": {"c": "constant {lr}", "m": "{name}: mean {m}"},
    ...     "ko": {"c": "고정 {lr}", "m": "{name}: 평균 {m}"}}], "ko")("constant 0.02: mean 3")
    '고정 0.02: 평균 3'
    >>> tr("step by step")
    Traceback (most recent call last):
    ...
    render_figures.Untranslatable: 'step by step': words besides the entries: ' by '
    """
    pairs = {(en, table[lang][key]) for table in tables for key, en in table["en"].items()}
    literal = dict(pairs)
    patterns = []
    for en, text in sorted(pairs, key=lambda pair: (-len(pair[0]), pair)):
        fields = _fields(en)
        if not en or all(not part for part, _ in fields):  # "" or "{name}": matches anything
            continue
        names = [name for _, name in fields if name is not None]
        regex = "".join(
            re.escape(part) + ("" if name is None else "([^\n]+)") for part, name in fields
        )
        patterns.append((re.compile(regex), names, _fields(text) if names else [(text, None)]))

    changed = [en for en, text in pairs if en != text and len(en) > 1 and not _fields(en)[1:]]
    templates = [pattern for pattern in patterns if pattern[1]]

    def fill(target: list, names: list, groups: tuple) -> str:
        values = dict(zip(names, groups, strict=True))
        return "".join(part + (field(values[name]) if name else "") for part, name in target)

    def field(value: str) -> str:
        """A field's value: an entry (translated), or the script's own (kept) if no entry
        is in it."""
        if value in literal:
            return literal[value]
        for regex, names, target in templates:
            m = regex.fullmatch(value)
            if m:
                return fill(target, names, m.groups())
        if any(en in value for en in changed) or any(t[0].search(value) for t in templates):
            raise Untranslatable(f"{value!r}: a field that holds an entry and more")
        return value

    def translate(s: str) -> str:
        out, rest, i = [], [], 0
        while i < len(s):
            for regex, names, target in patterns:
                m = regex.match(s, i)
                if m and m.end() > i:
                    out.append(fill(target, names, m.groups()))
                    i = m.end()
                    rest.append("\0")
                    break
            else:
                out.append(s[i])
                rest.append(s[i])
                i += 1
        if "\0" in rest and not _wordless("".join(rest)):
            left = "".join(rest).replace("\0", "")
            raise Untranslatable(f"{s!r}: words besides the entries: {left!r}")
        return "".join(out)

    return translate


def _labels_by_tick(formatter) -> dict | None:
    """The labels a ``FuncFormatter`` gives, if it is the one ``set_ticks(ticks, labels)``
    (``Axis.set_ticklabels``) makes: a lookup in a dict from tick to label."""
    from matplotlib.axis import Axis

    func = getattr(formatter, "func", None)
    if (
        isinstance(func, functools.partial)
        and func.func is Axis._format_with_dict
        and len(func.args) == 1
        and isinstance(func.args[0], dict)
        and not func.keywords
    ):
        return func.args[0]
    return None


def _translate_formatters(fig, tr) -> bool:
    """Translate the tick labels that axes make again at each drawing, from a fixed list
    (``set_ticks(ticks, labels)`` included) or a format string; False if one comes from
    elsewhere (a function of the script's, categories)."""
    from matplotlib import ticker

    numeric = (
        ticker.ScalarFormatter,
        ticker.LogFormatter,
        ticker.NullFormatter,
        ticker.EngFormatter,
        ticker.PercentFormatter,
    )
    for ax in fig.axes:
        for axis in ax._axis_map.values():
            for formatter in (axis.get_major_formatter(), axis.get_minor_formatter()):
                if isinstance(formatter, ticker.FixedFormatter):
                    formatter.seq = [tr(s) for s in formatter.seq]
                elif isinstance(formatter, ticker.StrMethodFormatter | ticker.FormatStrFormatter):
                    formatter.fmt = tr(formatter.fmt)
                elif (by_tick := _labels_by_tick(formatter)) is not None:
                    translated = {tick: tr(text) for tick, text in by_tick.items()}
                    formatter.func = functools.partial(formatter.func.func, translated)
                elif not isinstance(formatter, numeric):
                    return False
    return True


def translate_figure(fig, tables: list, lang: str, family: list) -> bool:
    """Put ``lang``'s words and font in ``fig``, an English drawing; False if a text is
    :class:`Untranslatable`, a tick label comes from a function or categories, or the
    figure has a colorbar (then the script must run again in ``lang``; a tick formatter
    may be changed already)."""
    from matplotlib.text import Text

    # A colorbar's axes start where a fresh run placed them before constrained layout
    # moved them, which the figure no longer knows: its drawing would differ in position.
    if any(getattr(ax, "_colorbar", None) is not None for ax in fig.axes):
        return False
    tr = translator(tables, lang)
    texts = fig.findobj(Text)
    try:
        if not _translate_formatters(fig, tr):
            return False
        new = [tr(t.get_text()) for t in texts]
    except Untranslatable:
        return False
    font = style(lang).get("font.family")
    for text, s in zip(texts, new, strict=True):
        text.set_text(s)
        if font and text.get_fontfamily() == family:
            text.set_fontfamily(font)
    # constrained layout starts from the axes' positions: start from where a fresh run does
    for ax in fig.axes:
        spec = ax.get_subplotspec()
        if spec is not None:
            ax._set_position(spec.get_position(fig), which="both")
    return True


def _draw_translated(script: str, out: str, lang: str, retained: tuple) -> bool:
    fig, tables, family = retained
    with matplotlib.rc_context(style(lang)), warnings.catch_warnings(), _MissingGlyphs() as m:
        warnings.filterwarnings("error", message=r"Glyph .* missing from")
        if not translate_figure(fig, tables, lang, family):
            return False
        _save(fig, out)
    if m.messages:
        os.unlink(out)
        raise RuntimeError(f"{script} ({lang}): " + "; ".join(m.messages))
    return True


# Coordinates in path data and positions: matplotlib writes up to six decimals of a
# pixel; two (a hundredth of a pixel at 100 dpi) draw the same picture, and the SVGs are
# 5-15 % smaller. Transforms keep their digits (glyph scales are small numbers).
_COORDINATES = re.compile(r'(\s(?:d|x|y)=")([^"]*)"')
_LONG_NUMBER = re.compile(r"-?\d+\.\d{3,}")


def _round_number(m: re.Match) -> str:
    text = f"{float(m.group(0)):.2f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


# Path data also drops the spaces and line breaks that SVG's path grammar does not need
# ("M 1 -2 \nL 3 4 \nz" is "M1-2L3 4z"): glyph outlines, Hangul ones above all, are most
# of a figure's bytes, and this takes about 8 % more off.
_PATH_COMMAND = re.compile(r"\s*([MmLlHhVvCcSsQqTtAaZz])\s*")
_SPACE_BEFORE_MINUS = re.compile(r"\s+(?=-)")
_SPACES = re.compile(r"\s+")


def path_data(d: str) -> str:
    r"""SVG path data ``d`` without the whitespace its grammar does not need.

    >>> path_data("M 57.6 -266.84 \nL 1 2 \nz")
    'M57.6-266.84L1 2z'
    """
    d = _PATH_COMMAND.sub(r"\1", d)
    return _SPACES.sub(" ", _SPACE_BEFORE_MINUS.sub("", d)).strip()


def compact(svg: str) -> str:
    """``svg`` with its coordinates rounded to hundredths of a pixel, and its path data
    without needless whitespace.

    >>> compact('<path d="M 57.6 266.835625 L 1 2" x="3.14159"/>')
    '<path d="M57.6 266.84L1 2" x="3.14"/>'
    """

    def shorter(m: re.Match) -> str:
        numbers = _LONG_NUMBER.sub(_round_number, m.group(2))
        return m.group(1) + (path_data(numbers) if m.group(1) == ' d="' else numbers) + '"'

    return _COORDINATES.sub(shorter, svg)


def _draw(script: str, out: str, explorable: bool):
    """Run ``script`` and save the one figure it leaves open to ``out``; the figure."""
    namespace = runpy.run_path(script, run_name="__main__")
    if explorable and not isinstance(namespace.get("EXPLORABLE"), dict):
        raise RuntimeError(f"{script} must leave its data in a dict named EXPLORABLE")
    numbers = plt.get_fignums()
    if len(numbers) != 1:
        raise RuntimeError(f"{script} must leave exactly one figure open, found {len(numbers)}")
    fig = plt.figure(numbers[0])
    _save(fig, out, namespace["EXPLORABLE"] if explorable else None)
    return fig


def _save(fig, out: str, data: object = None) -> None:
    tmp = f"{out}.{os.getpid()}.tmp"  # two builds may share the cache
    fig.savefig(tmp, format="svg", metadata={"Date": None, "Creator": "gdtheory"})
    with open(tmp, encoding="utf-8") as fh:
        svg = compact(fh.read())
    with open(tmp, "w", encoding="utf-8") as fh:
        fh.write(svg)
    if data is not None:
        write_data(data, data_path(out))
    os.replace(tmp, out)


def serve() -> int:
    """Draw figures on request until stdin closes; a script's own prints go to stderr."""
    replies = os.fdopen(os.dup(1), "w")
    os.dup2(2, 1)
    sys.stdout = sys.stderr
    for line in sys.stdin:
        script, out, lang, *keep = json.loads(line)
        try:
            translated = render(script, out, lang, keep=bool(keep and keep[0]))
            reply = {"ok": True, "translated": translated}
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
