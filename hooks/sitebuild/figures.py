"""Figures: every ``docs/figures/NAME.py`` drawn to ``NAME-<key>.svg`` in a cache folder.

The key covers the script, the code of ``gdtheory`` (not its docstrings), the
benchmark results that figures plot, the renderer, the matplotlib and numpy
versions, and which optional libraries (optax, Keras) are installed. Nothing is
written into ``docs/``.

A figure with words keeps them in a table per language (``gd.plotting.labels``); such a
script is *translated* and is also drawn in Korean, to ``NAME-<key>.ko.svg``
(:func:`plan` with ``lang="ko"``), which the Korean edition serves as its
``figures/NAME.svg``. A figure without words is drawn once, for both editions.

An explorable, ``docs/figures/explore_NAME.py``, is a figure with data: it draws its
static figure the same way and also writes ``NAME-<key>.json`` beside it (see
``hooks/render_figures.py``); the site serves both, ``figures/explore_NAME.svg`` and
``figures/explore_NAME.json``.

>>> from sitebuild import figures
>>> plan = figures.plan(figures.ROOT / "docs")
>>> all(out.suffix == ".svg" for out in plan.values())
True
"""

from __future__ import annotations

import re
from concurrent.futures import Future
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from sitebuild import ROOT, cache_module
from sitebuild.jobs import RENDERER, Slots

# Data files that figure scripts read (the Performance page plots benchmark results).
DATA = ROOT / "benchmarks" / "results"


def _data_digest() -> bytes:
    return b"".join(p.name.encode() + p.read_bytes() for p in sorted(DATA.glob("*.json")))


# Optional libraries that a figure runs when they are installed (convside_libraries.py
# compares gdtheory with optax and Keras, and draws a notice without them).
OPTIONAL = ("optax", "jax", "jaxlib", "keras")


def _optional_versions() -> str:
    found = []
    for name in OPTIONAL:
        try:
            found.append(f"{name}=={version(name)}")
        except PackageNotFoundError:
            found.append(f"{name}:absent")
    return ";".join(found)


LABELS = re.compile(r"\blabels\(")


def is_translated(script: Path) -> bool:
    """Whether a figure script takes its words from a per-language table (``labels(...)``)."""
    return bool(LABELS.search(Path(script).read_text(encoding="utf-8")))


def plan(docs_dir: Path, lang: str = "en") -> dict[Path, Path]:
    """Each figure script under ``docs_dir/figures`` and the cached SVG it draws in ``lang``.

    For a language other than English, only the translated scripts (:func:`is_translated`).
    """
    cache = cache_module()
    scripts = sorted((Path(docs_dir) / "figures").glob("*.py"))
    if lang != "en":
        scripts = [s for s in scripts if is_translated(s)]
    common = cache.key(
        cache.package_digest(),
        _data_digest(),
        RENDERER.read_bytes(),
        version("matplotlib"),
        version("numpy"),
        _optional_versions(),
    )
    out_dir = cache.cache_dir("figures")
    if lang == "en":
        return {s: out_dir / f"{s.stem}-{cache.key(common, s.read_bytes())}.svg" for s in scripts}
    # The Korean drawings also depend on the font (koreanize-matplotlib ships NanumGothic).
    common = cache.key(common, lang, version("koreanize-matplotlib"))
    return {
        s: out_dir / f"{s.stem}-{cache.key(common, s.read_bytes())}.{lang}.svg" for s in scripts
    }


def is_explorable(script: Path) -> bool:
    """Whether a figure script is an explorable (its name starts with ``explore_``)."""
    return Path(script).name.startswith("explore_")


def data_file(svg: Path) -> Path:
    """The JSON data an explorable writes beside its cached SVG."""
    return Path(svg).with_suffix(".json")


def generated(targets: dict[Path, Path]) -> dict[str, Path]:
    """Each site path (``figures/NAME.svg``, and ``.json`` for explorables) and its cache file."""
    out: dict[str, Path] = {}
    for script, svg in targets.items():
        out[f"figures/{script.stem}.svg"] = svg
        if is_explorable(script):
            out[f"figures/{script.stem}.json"] = data_file(svg)
    return out


def stale(targets: dict[Path, Path]) -> list[tuple[Path, Path]]:
    """The (script, svg) pairs whose SVG (or an explorable's data) is not in the cache yet."""
    return [
        (s, out)
        for s, out in targets.items()
        if not out.exists() or (is_explorable(s) and not data_file(out).exists())
    ]


def start(
    pairs: list[tuple[Path, Path]], slots: Slots, lang: str = "en", keep: frozenset = frozenset()
) -> list[Future]:
    """Queue each pair on the build slots; the futures fail with the script's traceback.

    The English drawings of the scripts in ``keep`` stay in their worker, which then
    draws the translation from them (see ``hooks/render_figures.py``); the other
    languages' drawings are queued for that (``Slots.draw_translations``).
    """
    if lang != "en":
        return slots.draw_translations(pairs, lang)
    return [slots.draw(script, out, lang, script in keep) for script, out in pairs]


def prune(*targets: dict[Path, Path]) -> None:
    """Delete cached SVGs (and explorables' data) that no current script draws (any
    language), except those of the previous version of the package (``kept_generations``)."""
    cache = cache_module()
    live = {out.name for t in targets for out in generated(t).values()}
    keep = cache.kept_generations("figures", live)
    folder = cache.cache_dir("figures")
    for old in [*folder.glob("*.svg"), *folder.glob("*.json")]:
        if old.name not in keep:
            old.unlink(missing_ok=True)
