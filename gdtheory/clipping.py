r"""Gradient clipping: by value, by norm, by global norm, usable with any optimizer.

Clipping is a function of the gradient alone, so it composes with every
optimizer in two equivalent ways::

    x, state = opt.step(x, gd.clip_by_norm(g, 1.0), state)      # by hand
    opt = gd.Clipped(gd.Adam(lr=0.01), lambda g: gd.clip_by_norm(g, 1.0))
    x, state = opt.step(x, g, state)                            # as an optimizer

Batched runs (a leading axis of K runs, as in a learning-rate sweep): by default
[`clip_by_norm`][gdtheory.clip_by_norm] takes the norm of the whole array, which treats the batch as
*one* gradient and would couple the runs. Pass ``axis`` to clip each run on its
own: ``axis=-1`` for ``x`` of shape ``(K, d)``, or in general
``axis=tuple(range(1, g.ndim))``. [`clip_by_value`][gdtheory.clip_by_value] is elementwise and needs
no such care.

All functions return new arrays (the input is never modified), check their
arguments eagerly (``ValueError`` naming the argument), and refuse a non-finite
gradient with a ``ValueError`` naming ``g`` instead of spreading NaN.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from ._validation import _fmt, _is_real, nonnegative, positive, real

__all__ = ["clip_by_value", "clip_by_norm", "clip_by_global_norm", "global_norm", "Clipped"]

Axis = int | tuple[int, ...] | None


def _finite(name: str, g: Any) -> np.ndarray:
    """``g`` as a floating array; ``ValueError`` naming it if any entry is NaN or infinite."""
    g = np.asarray(g)
    if not np.issubdtype(g.dtype, np.floating):
        g = g.astype(float)
    if not np.all(np.isfinite(g)):
        bad = int(g.size - np.count_nonzero(np.isfinite(g)))
        raise ValueError(f"{name} must be finite, got {bad} non-finite entries of {g.size}")
    return g


def _check_norm_type(norm_type: object) -> float:
    """$p$ of a $p$-norm: a number >= 1, or ``inf``."""
    if _is_real(norm_type) and norm_type == math.inf:
        return math.inf
    try:
        return real("norm_type", norm_type, 1.0)
    except ValueError:
        raise ValueError(f"norm_type must be a number >= 1 or inf, got {_fmt(norm_type)}") from None


def _norm(g: np.ndarray, p: float, axis: Axis, keepdims: bool) -> np.ndarray:
    """The p-norm of ``g`` over ``axis``, safe from overflow for huge finite entries."""
    a = np.abs(g)
    if p == np.inf:
        return np.max(a, axis=axis, keepdims=keepdims, initial=0.0)
    # Scale by the largest entry so that a**p can neither overflow nor underflow.
    scale = np.max(a, axis=axis, keepdims=True, initial=0.0)
    safe = np.where(scale > 0, scale, 1.0)
    norm = np.sum((a / safe) ** p, axis=axis, keepdims=True) ** (1.0 / p) * safe
    if keepdims:
        return norm
    return norm.reshape(()) if axis is None else np.squeeze(norm, axis=axis)


def clip_by_value(g: np.ndarray, max_value: float | np.ndarray) -> np.ndarray:
    r"""Clip every entry to $[-\theta, \theta]$: $\tilde g_i = \max(-\theta, \min(\theta, g_i))$.

    As ``torch.nn.utils.clip_grad_value_`` (the course chapter, §7.3, "value-based clipping").

    Args:
        g: the gradient (any shape).
        max_value: $\theta > 0$, a number or an array broadcasting against ``g``
            (one threshold per run of a batch, e.g. shape ``(K, 1)``).

    Examples:
        >>> import numpy as np
        >>> import gdtheory as gd
        >>> gd.clip_by_value(np.array([3.0, -0.5, -7.0]), 1.0)
        array([ 1. , -0.5, -1. ])

    Reference:
        Goodfellow, I., Bengio, Y. & Courville, A. (2016). Deep Learning, §10.11.1.
    """
    max_value = positive("max_value", max_value, arrays=True)
    g = _finite("g", g)
    return np.clip(g, -np.asarray(max_value), np.asarray(max_value))


def clip_by_norm(
    g: np.ndarray,
    max_norm: float | np.ndarray,
    *,
    axis: Axis = None,
    norm_type: float = 2.0,
    eps: float = 0.0,
) -> np.ndarray:
    r"""Rescale $g$ so that its norm is at most $\theta$, keeping its direction.

    $$
    \tilde g = \begin{cases} g & \|g\| \le \theta \\
    \theta\, g / \|g\| & \text{otherwise} \end{cases}
    \qquad\text{implemented as}\qquad
    \tilde g = g \cdot \min\!\left(1, \frac{\theta}{\|g\| + \epsilon}\right)
    $$

    With the default $\epsilon = 0$ this is exactly the course chapter's rule (§7.3): a
    gradient inside the ball is returned unchanged and one outside lands on its
    surface. ``eps=1e-6`` reproduces ``torch.nn.utils.clip_grad_norm_``, which
    always adds $10^{-6}$ to the norm.

    Args:
        g: the gradient.
        max_norm: $\theta > 0$; a number, or an array broadcasting against the
            norms (keepdims shape), e.g. ``(K, 1)`` for per-run thresholds.
        axis: the axes holding one run's gradient. ``None`` (default): the whole
            array is one gradient. For a batch of runs along axis 0 pass
            ``axis=-1`` (shape ``(K, d)``) or ``axis=tuple(range(1, g.ndim))``.
        norm_type: $p$ of the $p$-norm, $p \ge 1$ or ``inf`` (default 2).
        eps: $\epsilon \ge 0$ added to the norm (default 0).

    Examples:
        >>> import numpy as np
        >>> import gdtheory as gd
        >>> gd.clip_by_norm(np.array([3.0, 4.0]), 1.0)          # norm 5 -> 1
        array([0.6, 0.8])
        >>> gd.clip_by_norm(np.array([0.3, 0.4]), 1.0)          # inside: unchanged
        array([0.3, 0.4])
        >>> G = np.array([[3.0, 4.0], [0.3, 0.4]])              # two runs
        >>> gd.clip_by_norm(G, 1.0, axis=-1)
        array([[0.6, 0.8],
               [0.3, 0.4]])

    Reference:
        Pascanu, R., Mikolov, T. & Bengio, Y. (2013). On the difficulty of training
        recurrent neural networks. ICML.
    """
    max_norm = positive("max_norm", max_norm, arrays=True)
    eps = nonnegative("eps", eps)
    p = _check_norm_type(norm_type)
    g = _finite("g", g)
    if axis is not None:
        try:
            np.sum(np.empty(g.shape, dtype=bool), axis=axis)
        except (ValueError, TypeError, IndexError):
            raise ValueError(f"axis {axis!r} does not fit a gradient of shape {g.shape}") from None
    norm = _norm(g, p, axis, keepdims=True)
    return g * _scale(norm, max_norm, eps)


def _scale(norm: np.ndarray, max_norm: Any, eps: float) -> np.ndarray:
    """min(1, max_norm / (norm + eps)), and 1 where the norm is 0 (nothing to clip)."""
    denom = norm + eps
    shape = np.broadcast_shapes(np.shape(denom), np.shape(max_norm))
    with np.errstate(over="ignore"):  # a subnormal norm: the ratio is inf, the scale 1
        ratio = np.divide(max_norm, denom, out=np.ones(shape), where=denom > 0)
    return np.minimum(1.0, ratio)


def global_norm(grads: Sequence[np.ndarray], norm_type: float = 2.0) -> float:
    r"""The norm of all arrays of ``grads`` taken together: $\big(\sum_i \|g_i\|_p^p\big)^{1/p}$.

    Examples:
        >>> import numpy as np
        >>> import gdtheory as gd
        >>> gd.global_norm([np.array([3.0]), np.array([[4.0]])])
        5.0
    """
    p = _check_norm_type(norm_type)
    grads = _sequence(grads)
    norms = np.array([_norm(g, p, None, keepdims=False) for g in grads], dtype=float)
    return float(_norm(norms, p, None, keepdims=False))


def _sequence(grads: Any) -> list[np.ndarray]:
    if isinstance(grads, np.ndarray) or not isinstance(grads, (list, tuple)):
        raise ValueError(
            f"grads must be a list or tuple of arrays, got {type(grads).__name__}; "
            "for a single array use clip_by_norm"
        )
    if len(grads) == 0:
        raise ValueError("grads must hold at least one array, got an empty sequence")
    return [_finite(f"grads[{i}]", g) for i, g in enumerate(grads)]


def clip_by_global_norm(
    grads: Sequence[np.ndarray],
    max_norm: float,
    *,
    norm_type: float = 2.0,
    eps: float = 0.0,
) -> list[np.ndarray] | tuple[np.ndarray, ...]:
    r"""Rescale a list of gradients together so that their global norm is at most $\theta$.

    $$
    \tilde g_i = g_i \cdot \min\!\left(1, \frac{\theta}{\|(g_1, \dots, g_n)\| + \epsilon}\right)
    $$

    Every array is scaled by the same factor, so the direction of the whole update
    is kept (clipping each array on its own would change it). This is
    ``torch.nn.utils.clip_grad_norm_`` over several parameters (with
    ``eps=1e-6``) and optax's ``clip_by_global_norm`` (with ``eps=0``).

    Args:
        grads: a list or tuple of arrays (e.g. one per layer).
        max_norm: $\theta > 0$.
        norm_type: $p \ge 1$ or ``inf`` (default 2).
        eps: $\epsilon \ge 0$ added to the norm (default 0).

    Returns:
        The clipped arrays, in a container of the input's type (list or tuple).

    Examples:
        >>> import numpy as np
        >>> import gdtheory as gd
        >>> w, b = gd.clip_by_global_norm((np.array([3.0]), np.array([4.0])), 1.0)
        >>> w, b
        (array([0.6]), array([0.8]))

    Reference:
        Pascanu, Mikolov & Bengio (2013), ICML, Algorithm 1.
    """
    max_norm = positive("max_norm", max_norm, arrays=True)
    if np.ndim(max_norm) != 0:
        raise ValueError(f"max_norm must be a single number for a global norm, got {max_norm!r}")
    eps = nonnegative("eps", eps)
    total = global_norm(grads, norm_type)
    scale = float(_scale(np.asarray(total), max_norm, eps))
    clipped = [np.asarray(g, dtype=float) * scale for g in grads]
    return tuple(clipped) if isinstance(grads, tuple) else clipped


@dataclass(frozen=True)
class Clipped:
    r"""An optimizer whose gradients are clipped first: ``step(x, g, s) = opt.step(x, clip(g), s)``.

    It follows the optimizer contract (``init``, ``query``, ``step``,
    ``learning_rate``) and can be used wherever an optimizer can; ``query``,
    ``learning_rate`` and the state are the wrapped optimizer's.

    Args:
        optimizer: any optimizer of :mod:`gdtheory.optimizers`.
        clip: a function ``g -> clipped g``, e.g.
            ``functools.partial(gd.clip_by_norm, max_norm=1.0)`` or
            ``lambda g: gd.clip_by_norm(g, 1.0, axis=-1)`` for a batch of runs.

    Examples:
        >>> import numpy as np
        >>> import gdtheory as gd
        >>> opt = gd.Clipped(gd.GD(lr=0.1), lambda g: gd.clip_by_norm(g, 1.0))
        >>> x = np.array([0.0, 0.0]); s = opt.init(x)
        >>> x, s = opt.step(x, np.array([30.0, 40.0]), s)   # clipped to (0.6, 0.8)
        >>> x
        array([-0.06, -0.08])
    """

    optimizer: Any
    clip: Callable[[np.ndarray], np.ndarray]

    def __post_init__(self) -> None:
        for method in ("init", "query", "step"):
            if not callable(getattr(self.optimizer, method, None)):
                raise ValueError(
                    f"optimizer must have init, query and step methods, got {self.optimizer!r}"
                )
        if not callable(self.clip):
            raise ValueError(f"clip must be a function g -> g, got {self.clip!r}")

    def init(self, x: np.ndarray) -> Any:
        return self.optimizer.init(x)

    def query(self, x: np.ndarray, state: Any) -> np.ndarray:
        return self.optimizer.query(x, state)

    def learning_rate(self, state: Any) -> Any:
        r"""The wrapped optimizer's step size at ``state`` (clipping changes ``g``, not $\eta$)."""
        return self.optimizer.learning_rate(state)

    def step(self, x: np.ndarray, g: np.ndarray, state: Any) -> tuple[np.ndarray, Any]:
        return self.optimizer.step(x, self.clip(g), state)
