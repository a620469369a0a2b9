"""A figure's cache key covers every library that can change what the figure draws."""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError

from sitebuild import figures

from tests.conftest import ROOT


def test_installing_an_optional_library_redraws_the_figures_that_run_it(monkeypatch) -> None:
    """convside_libraries.py runs optax and Keras when present and draws a notice when not:
    a figure cached without them must not survive their installation."""
    real = figures.version

    def absent(name: str) -> str:
        if name in {"optax", "keras"}:
            raise PackageNotFoundError(name)
        return real(name)

    def present(name: str) -> str:
        return {"optax": "0.2.8", "keras": "3.15.1"}.get(name) or real(name)

    monkeypatch.setattr(figures, "version", absent)
    without = figures.plan(ROOT / "docs")
    monkeypatch.setattr(figures, "version", present)
    with_them = figures.plan(ROOT / "docs")
    script = ROOT / "docs" / "figures" / "convside_libraries.py"
    assert without[script] != with_them[script]
