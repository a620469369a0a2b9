"""Figures: every ``docs/figures/NAME.py`` drawn to ``NAME-<key>.svg`` in a cache folder.

The key covers the script, the code of ``gdtheory`` (not its docstrings), the
benchmark results that figures plot, the renderer, the matplotlib and numpy
versions, and which optional libraries (optax, Keras) are installed. Nothing is
written into ``docs/``.

>>> from sitebuild import figures
>>> plan = figures.plan(figures.ROOT / "docs")
>>> all(out.suffix == ".svg" for out in plan.values())
True
"""

from __future__ import annotations

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


def plan(docs_dir: Path) -> dict[Path, Path]:
    """Each figure script under ``docs_dir/figures`` and the cached SVG it draws."""
    cache = cache_module()
    scripts = sorted((Path(docs_dir) / "figures").glob("*.py"))
    common = cache.key(
        cache.package_digest(),
        _data_digest(),
        RENDERER.read_bytes(),
        version("matplotlib"),
        version("numpy"),
        _optional_versions(),
    )
    out_dir = cache.cache_dir("figures")
    return {s: out_dir / f"{s.stem}-{cache.key(common, s.read_bytes())}.svg" for s in scripts}


def stale(targets: dict[Path, Path]) -> list[tuple[Path, Path]]:
    """The (script, svg) pairs whose SVG is not in the cache yet."""
    return [(s, out) for s, out in targets.items() if not out.exists()]


def start(pairs: list[tuple[Path, Path]], slots: Slots) -> list[Future]:
    """Queue each pair on the build slots; the futures fail with the script's traceback."""
    return [slots.draw(script, out) for script, out in pairs]


def prune(targets: dict[Path, Path]) -> None:
    """Delete cached SVGs that no current script draws."""
    live = set(targets.values())
    for old in cache_module().cache_dir("figures").glob("*.svg"):
        if old not in live:
            old.unlink(missing_ok=True)
