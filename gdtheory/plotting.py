"""The few plot helpers the site's figures share: contours with paths, loss curves, and labels.

matplotlib is imported only when a helper is called, so ``import gdtheory``
needs numpy alone. Each helper draws on an ``Axes`` you pass and returns it;
:func:`labels` picks a figure's words in the reader's language.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from matplotlib.axes import Axes

__all__ = ["LANGUAGES", "OPTIMIZER_COLORS", "contour_paths", "labels", "language", "loss_curves"]

LANGUAGES: tuple[str, ...] = ("en", "ko")
"""The languages the site is written in; the first is the default."""


def language() -> str:
    """The language figures are drawn in: ``GDTHEORY_LANG``, or ``"en"`` when it is unset.

    The site's build sets ``GDTHEORY_LANG=ko`` to draw the Korean edition's figures.

    Raises:
        ValueError: if ``GDTHEORY_LANG`` is not one of :data:`LANGUAGES`.
    """
    lang = os.environ.get("GDTHEORY_LANG", "") or LANGUAGES[0]
    if lang not in LANGUAGES:
        raise ValueError(f"GDTHEORY_LANG must be one of {LANGUAGES}, got {lang!r}")
    return lang


def labels(table: Mapping[str, Mapping[str, str]], lang: str | None = None) -> Mapping[str, str]:
    """The words of a figure in one language, from a table with one entry per language.

    Every language of :data:`LANGUAGES` must be in ``table`` with the same keys, so a
    label cannot be missing in one edition.

    Args:
        table: ``{"en": {key: text}, "ko": {key: text}}``.
        lang: the language to pick; default :func:`language` (``GDTHEORY_LANG``).

    Returns:
        ``table[lang]``.

    Raises:
        ValueError: if a language is missing from ``table``, or its keys differ from
            the English ones.

    Example:
        >>> import gdtheory as gd
        >>> LABELS = {"en": {"loss": "loss"}, "ko": {"loss": "손실"}}
        >>> gd.plotting.labels(LABELS, "ko")["loss"]
        '손실'
        >>> gd.plotting.labels({"en": {"loss": "loss"}})
        Traceback (most recent call last):
        ...
        ValueError: table must have an entry for every language ('en', 'ko'), missing ['ko']
    """
    missing = [name for name in LANGUAGES if name not in table]
    if missing:
        raise ValueError(
            f"table must have an entry for every language {LANGUAGES}, missing {missing}"
        )
    keys = set(table[LANGUAGES[0]])
    for name in LANGUAGES[1:]:
        if set(table[name]) != keys:
            diff = sorted(keys.symmetric_difference(table[name]))
            raise ValueError(
                f"table[{name!r}] must have the keys of table['en'], differs in {diff}"
            )
    lang = language() if lang is None else lang
    if lang not in LANGUAGES:
        raise ValueError(f"lang must be one of {LANGUAGES}, got {lang!r}")
    return table[lang]


OPTIMIZER_COLORS: Mapping[str, str] = {
    "GD": "#1f77b4",
    "SGD": "#1f77b4",
    "Momentum": "#ff7f0e",
    "Nesterov": "#2ca02c",
    "AdaGrad": "#9467bd",
    "RMSProp": "#8c564b",
    "AdaDelta": "#e377c2",
    "Adam": "#d62728",
    "AMSGrad": "#7f7f7f",
    "AdamW": "#bcbd22",
    "NAdam": "#17becf",
    "AdaMax": "#aec7e8",
    "Lion": "#ffbb78",
    "Schedule-Free": "#98df8a",
}
"""One color per optimizer, the same on every figure of the site."""


def contour_paths(
    ax: Axes,
    f: Callable[[np.ndarray], np.ndarray],
    paths: Mapping[str, np.ndarray] | Sequence[np.ndarray],
    *,
    xlim: tuple[float, float],
    ylim: tuple[float, float],
    levels: int | Sequence[float] = 20,
    log_levels: bool = True,
    minimum: Sequence[float] | None = None,
    arrows: bool = False,
    markers: bool = True,
    resolution: int = 200,
    minimum_label: str = "minimum",
) -> Axes:
    """Contours of a 2-D function ``f`` with one or more optimization paths on top.

    Args:
        ax: the matplotlib ``Axes`` to draw on.
        f: vectorized function of points of shape ``(..., 2)``.
        paths: ``{label: array of shape (T, 2)}`` or a sequence of such arrays.
        xlim: the window's horizontal extent.
        ylim: the window's vertical extent.
        levels: number of contour levels, or the levels themselves.
        log_levels: space the levels geometrically between min and max of ``f``
            (valleys such as Rosenbrock's need it).
        minimum: a point to mark with a star.
        arrows: draw each step as an arrow instead of a line.
        markers: mark every iterate with a dot (turn off for long runs).
        resolution: grid points per axis.
        minimum_label: the legend's word for the star (a figure's ``labels`` entry).
    """
    xs = np.linspace(*xlim, resolution)
    ys = np.linspace(*ylim, resolution)
    X, Y = np.meshgrid(xs, ys)
    Z = f(np.stack([X, Y], axis=-1))
    if isinstance(levels, int) and log_levels:
        lo = max(float(np.min(Z)), 1e-12) if np.min(Z) > 0 else 1e-3 * float(np.ptp(Z))
        levels = np.geomspace(lo + 1e-12, float(np.max(Z)), levels)
    ax.contour(X, Y, Z, levels=levels, cmap="Greys_r", linewidths=0.7, alpha=0.8)
    items = paths.items() if isinstance(paths, Mapping) else ((None, p) for p in paths)
    for label, path in items:
        path = np.asarray(path)
        color = OPTIMIZER_COLORS.get(label) if label else None
        if arrows:
            (line,) = ax.plot(path[:1, 0], path[:1, 1], "o", ms=4, color=color, label=label)
            d = np.diff(path, axis=0)
            ax.quiver(
                path[:-1, 0],
                path[:-1, 1],
                d[:, 0],
                d[:, 1],
                angles="xy",
                scale_units="xy",
                scale=1,
                width=0.004,
                color=line.get_color(),
            )
        else:
            style = ".-" if markers else "-"
            ax.plot(path[:, 0], path[:, 1], style, ms=3, lw=1.2, color=color, label=label)
    if minimum is not None:
        ax.plot(*minimum, marker="*", color="black", ms=12, ls="none", label=minimum_label)
    ax.set(xlim=xlim, ylim=ylim, xlabel="$x_1$", ylabel="$x_2$")
    return ax


def loss_curves(
    ax: Axes,
    curves: Mapping[str, np.ndarray],
    *,
    f_star: float = 0.0,
    log: bool = True,
    ylabel: str = r"$f(x_t) - f^\star$",
    xlabel: str = "step $t$",
) -> Axes:
    """Plot ``f(x_t) - f*`` against the step ``t`` for each labelled history.

    Args:
        ax: the matplotlib ``Axes`` to draw on.
        curves: ``{label: array of f(x_t)}``; labels naming an optimizer get its color.
        f_star: the optimal value, subtracted from every curve.
        log: use a logarithmic vertical axis.
        ylabel: the vertical axis label.
        xlabel: the horizontal axis label (a figure's ``labels`` entry for "step").
    """
    for label, values in curves.items():
        gap = np.asarray(values, dtype=float) - f_star
        ax.plot(np.arange(len(gap)), gap, label=label, color=OPTIMIZER_COLORS.get(label))
    if log:
        ax.set_yscale("log")
    ax.set(xlabel=xlabel, ylabel=ylabel)
    return ax
