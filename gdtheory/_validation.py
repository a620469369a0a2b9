"""Argument checks and hyperparameter resolution shared by every module.

Every public function checks its arguments eagerly and raises a ``ValueError``
that names the argument and the offending value, so that bad input never turns
into a silent NaN or a storm of numpy warnings.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

ArrayLike = float | np.ndarray
Schedule = Callable[..., ArrayLike]
"""A schedule maps a step count ``t`` (int or integer array) to a value."""
Hyper = float | np.ndarray | Schedule
"""A hyperparameter: a number, an array (one value per run of a batch), or a schedule."""


def _fmt(value: object) -> str:
    if isinstance(value, np.ndarray) and value.size > 6:
        return f"array of shape {value.shape} with min {np.nanmin(value):g}"
    return repr(value) if isinstance(value, str) else f"{value}"


def _as_array(name: str, value: object) -> np.ndarray:
    try:
        arr = np.asarray(value, dtype=float)
    except (TypeError, ValueError):
        raise ValueError(f"{name} must be a number, got {value!r}") from None
    return arr


def check_positive(name: str, value: object) -> None:
    """Raise ``ValueError`` unless ``value`` (a number or array) is finite and > 0.

    Callables (schedules) are accepted as they are; their values are checked
    where they are used.
    """
    if callable(value):
        return
    arr = _as_array(name, value)
    if not (np.all(np.isfinite(arr)) and np.all(arr > 0)):
        raise ValueError(f"{name} must be a positive finite number, got {_fmt(value)}")


def check_nonnegative(name: str, value: object) -> None:
    """Raise ``ValueError`` unless ``value`` is finite and >= 0 (callables pass)."""
    if callable(value):
        return
    arr = _as_array(name, value)
    if not (np.all(np.isfinite(arr)) and np.all(arr >= 0)):
        raise ValueError(f"{name} must be a non-negative finite number, got {_fmt(value)}")


def check_unit_interval(name: str, value: object) -> None:
    """Raise ``ValueError`` unless ``value`` lies in [0, 1) (callables pass)."""
    if callable(value):
        return
    arr = _as_array(name, value)
    if not (np.all(np.isfinite(arr)) and np.all(arr >= 0) and np.all(arr < 1)):
        raise ValueError(f"{name} must be in [0, 1), got {_fmt(value)}")


def check_gradient(g: np.ndarray, x: np.ndarray) -> None:
    """Raise ``ValueError`` if ``g`` does not match ``x`` in shape or is not finite."""
    if np.shape(g) != np.shape(x):
        raise ValueError(f"g must have the shape of x {np.shape(x)}, got shape {np.shape(g)}")
    if not np.all(np.isfinite(g)):
        raise ValueError(
            "g must be finite, got a gradient with non-finite entries "
            f"({int(np.size(g) - np.count_nonzero(np.isfinite(g)))} of {np.size(g)})"
        )


def value_at(h: Hyper, t: int | np.ndarray) -> ArrayLike:
    """The value of hyperparameter ``h`` at step ``t`` (0-based: ``t`` steps done).

    A number or an array is returned as it is; a schedule is called with ``t``.

    Examples:
        >>> from gdtheory._validation import value_at
        >>> value_at(0.1, 7)
        0.1
        >>> value_at(lambda t: 0.1 / (1 + t), 4)
        0.02
    """
    return h(t) if callable(h) else h
