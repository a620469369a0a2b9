"""Argument checks and hyperparameter resolution shared by every module.

Every public function checks its arguments eagerly and raises a ``ValueError``
that names the argument and the offending value, so that bad input never turns
into a silent NaN or a storm of numpy warnings. One vocabulary, one message style
(``<name> must be <what>, got <value>``); each check returns the coerced value:

* numbers: [`real`][gdtheory._validation.real] with an interval whose ends may be open
  or closed, and its short forms ``positive``, ``nonnegative``, ``finite``,
  ``interval``, ``unit_interval``; with ``arrays=True`` a list or array of numbers is
  accepted (one value per run of a batch), with ``schedules=True`` a callable
  ``t -> value`` is passed through (its values are checked where they are used);
* ``integer`` (with a minimum), ``boolean``, ``choice``;
* ``set_field``: the one place a frozen dataclass stores a coerced field.

Strings, booleans where numbers are meant, ``None`` and other types are refused with
the same message as an out-of-range value: ``lr must be a positive finite number,
got '0.1'``. All refusals are ``ValueError`` (never ``TypeError``), so that a caller
catches one exception type for every bad argument.

Examples:
    >>> from gdtheory._validation import integer, interval, positive
    >>> positive("lr", 1)
    1.0
    >>> interval("beta", 0.9, 0.0, 1.0, high_open=True)
    0.9
    >>> positive("lr", "0.1")
    Traceback (most recent call last):
    ...
    ValueError: lr must be a positive finite number, got '0.1'
    >>> integer("step_size", 0, minimum=1)
    Traceback (most recent call last):
    ...
    ValueError: step_size must be a positive integer, got 0
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Callable, Sequence
from typing import Any

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


def _describe(low: float | None, high: float | None, low_open: bool, high_open: bool) -> str:
    """The words for an interval: 'a positive finite number', 'a number in [0, 1)', ..."""
    if low is not None and high is not None:
        return f"a number in {'(' if low_open else '['}{low:g}, {high:g}{')' if high_open else ']'}"
    if low == 0:
        return "a positive finite number" if low_open else "a non-negative finite number"
    if low is not None:
        return f"a finite number {'>' if low_open else '>='} {low:g}"
    if high is not None:
        return f"a finite number {'<' if high_open else '<='} {high:g}"
    return "a finite number"


def _is_real(value: object) -> bool:
    return isinstance(value, numbers.Real) and not isinstance(value, bool | np.bool_)


def real(
    name: str,
    value: object,
    low: float | None = None,
    high: float | None = None,
    *,
    low_open: bool = False,
    high_open: bool = False,
    arrays: bool = False,
    schedules: bool = False,
) -> Any:
    """``value`` as a float in the interval from ``low`` to ``high``, or ``ValueError``.

    Args:
        name: the argument's name, for the message.
        value: what the caller passed.
        low, high: the ends (``None``: unbounded); ``low_open``/``high_open`` exclude them.
        arrays: also accept a list, tuple or array of such numbers (returned as a
            float array; a floating array is returned as it is).
        schedules: also accept a callable ``t -> value``, returned as it is.

    Returns:
        The coerced value: a ``float``, a float array, or the callable.
    """
    if schedules and callable(value):
        return value
    if _is_real(value):
        x = float(value)
        if math.isfinite(x) and _inside(x, low, high, low_open, high_open):
            return x
    elif arrays and isinstance(value, np.ndarray | list | tuple):
        arr = _float_array(value)
        if (
            arr is not None
            and np.all(np.isfinite(arr))
            and _inside(arr, low, high, low_open, high_open)
        ):
            return arr
    raise ValueError(
        f"{name} must be {_describe(low, high, low_open, high_open)}, got {_fmt(value)}"
    )


def _inside(x: Any, low: float | None, high: float | None, low_open: bool, high_open: bool) -> bool:
    if low is not None and not np.all(x > low if low_open else x >= low):
        return False
    return high is None or bool(np.all(x < high if high_open else x <= high))


def _float_array(value: object) -> np.ndarray | None:
    """A list or array of real numbers as a float array (``None`` if it is not one)."""
    if isinstance(value, np.ndarray):
        arr = value
    else:
        if any(
            isinstance(v, bool | np.bool_ | str) for v in np.ravel(np.asarray(value, dtype=object))
        ):
            return None
        try:
            arr = np.asarray(value)
        except ValueError:  # ragged
            return None
    if arr.dtype.kind == "f":
        return arr
    return arr.astype(np.float64) if arr.dtype.kind in "iu" else None


def positive(name: str, value: object, **kinds: bool) -> Any:
    """``value`` as a float > 0 (finite): ``real(name, value, 0, low_open=True, ...)``."""
    return real(name, value, 0.0, low_open=True, **kinds)


def nonnegative(name: str, value: object, **kinds: bool) -> Any:
    """``value`` as a finite float >= 0."""
    return real(name, value, 0.0, **kinds)


def finite(name: str, value: object, **kinds: bool) -> Any:
    """``value`` as a finite float."""
    return real(name, value, **kinds)


def interval(
    name: str,
    value: object,
    low: float,
    high: float,
    *,
    low_open: bool = False,
    high_open: bool = False,
    **kinds: bool,
) -> Any:
    """``value`` as a float in the interval from ``low`` to ``high`` (ends closed by default)."""
    return real(name, value, low, high, low_open=low_open, high_open=high_open, **kinds)


def unit_interval(name: str, value: object, **kinds: bool) -> Any:
    """``value`` in $[0, 1)$: a momentum or an averaging coefficient."""
    return real(name, value, 0.0, 1.0, high_open=True, **kinds)


def integer(name: str, value: object, minimum: int = 0) -> int:
    """``value`` as an ``int >= minimum`` (booleans and floats refused), or ``ValueError``."""
    ok = isinstance(value, numbers.Integral) and not isinstance(value, bool | np.bool_)
    if ok and value >= minimum:
        return int(value)
    kind = {0: "a non-negative integer", 1: "a positive integer"}.get(
        minimum, f"an integer >= {minimum}"
    )
    raise ValueError(f"{name} must be {kind}, got {_fmt(value)}")


def boolean(name: str, value: object) -> bool:
    """``value`` as a ``bool`` (only ``True``, ``False`` and numpy booleans), or ``ValueError``."""
    if isinstance(value, bool | np.bool_):
        return bool(value)
    raise ValueError(f"{name} must be True or False, got {_fmt(value)}")


def choice(name: str, value: object, choices: Sequence[str]) -> str:
    """``value`` if it is one of ``choices`` (strings), or ``ValueError`` listing them."""
    if isinstance(value, str) and value in choices:
        return value
    raise ValueError(f"{name} must be one of {', '.join(map(repr, choices))}, got {_fmt(value)}")


def set_field(obj: object, name: str, check: Callable[..., Any], *args: Any, **kw: Any) -> Any:
    """Check field ``name`` of frozen dataclass ``obj``, store the coerced value, return it.

    ``check(name, value, *args, **kw)`` is one of the checks above. The one place a
    frozen dataclass's ``__post_init__`` writes a field.
    """
    value = check(name, getattr(obj, name), *args, **kw)
    object.__setattr__(obj, name, value)
    return value


# Older names (kept for the modules that still call them): they check and return None.


def check_positive(name: str, value: object) -> None:
    """Raise ``ValueError`` unless ``value`` (a number, an array or a schedule) is > 0."""
    positive(name, value, arrays=True, schedules=True)


def check_nonnegative(name: str, value: object) -> None:
    """Raise ``ValueError`` unless ``value`` (a number, an array or a schedule) is >= 0."""
    nonnegative(name, value, arrays=True, schedules=True)


def check_unit_interval(name: str, value: object) -> None:
    """Raise ``ValueError`` unless ``value`` (a number, an array or a schedule) is in [0, 1)."""
    unit_interval(name, value, arrays=True, schedules=True)


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
