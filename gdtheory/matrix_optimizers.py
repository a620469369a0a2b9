r"""Optimizers that treat a parameter as a matrix: Adafactor and Muon.

Both follow the contract of the optimizers in `gdtheory.optimizers`
(frozen dataclass, pure ``init``/``query``/``step``, ``learning_rate(state)``) and
both need to know which entries of the point form a matrix. That is the
``shape`` argument:

* ``shape=(m, n)``: the point's last axis holds an $m \times n$ matrix flattened
  row by row (``W.reshape(-1)``, length $mn$). This is how ``gd.minimize`` and the
  site's problems pass a point, so ``gd.minimize(problem, gd.Muon(shape=(m, n)), x0)``
  runs as it does for any optimizer. A point already shaped ``(..., m, n)`` is
  accepted too. The step returns the shape it was given.
* ``shape=None`` (default), for a hand loop over a matrix: a point with two or
  more axes is a matrix on its last two axes, as ``torch.optim`` treats a 2-D
  tensor; a 1-D point is a vector (Adafactor then keeps one second moment per
  entry; Muon refuses it, as torch does).

In both cases any leading axes are a batch of independent runs, as everywhere
in gdtheory: each matrix of the batch gets its own factors, norms and
orthogonalization. (Torch treats a 3-D tensor as one parameter, with one RMS over
all of it; that is the one place the two differ.) Hyperparameters are numbers or
schedules ``t -> value``; a batch of settings is not supported here.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import partial
from typing import Any, Literal, NamedTuple

import numpy as np

from . import _kernels
from ._validation import (
    Hyper,
    boolean,
    choice,
    integer,
    nonnegative,
    positive,
    real,
    set_field,
    unit_interval,
)
from .optimizers import _arrays, _at, _Base, _beta_at, _lr_at, _zeros

__all__ = [
    "Adafactor",
    "AdafactorState",
    "Muon",
    "MuonState",
    "newton_schulz",
]

_RATE = partial(positive, schedules=True)
_DECAY = partial(nonnegative, schedules=True)
_COEF = partial(unit_interval, schedules=True)


def _shape(name: str, value: object) -> tuple[int, ...] | None:
    """``None``, or a tuple of one or two positive integers (the matrix or vector shape)."""
    if value is None:
        return None
    if not isinstance(value, tuple | list) or len(value) not in (1, 2):
        raise ValueError(
            f"{name} must be None or a tuple (m, n) of positive integers, got {value!r}"
        )
    return tuple(integer(name, v, minimum=1) for v in value)


def _coefficients(name: str, value: object) -> tuple[float, float, float]:
    """A tuple of three finite numbers (Newton-Schulz's ``(a, b, c)``)."""
    if not isinstance(value, tuple | list) or len(value) != 3:
        raise ValueError(f"{name} must be a tuple (a, b, c) of numbers, got {value!r}")
    a, b, c = (real(name, v) for v in value)
    return a, b, c


def _view(x: np.ndarray, shape: tuple[int, ...] | None) -> tuple[np.ndarray, bool]:
    """``x`` as ``(..., m, n)`` (a matrix) or ``(..., d)`` (a vector), and whether it is a matrix.

    A view, never a copy; ``x.shape`` is restored by ``reshape(x.shape)``.
    """
    if shape is None:
        return x, x.ndim >= 2
    if x.shape[-len(shape) :] == shape:
        return x, len(shape) == 2
    if x.ndim >= 1 and x.shape[-1] == math.prod(shape):
        return x.reshape(x.shape[:-1] + shape), len(shape) == 2
    raise ValueError(
        f"x of shape {x.shape} does not hold a matrix of shape={shape}: its last axis must "
        f"have {math.prod(shape)} entries (or its last axes be {shape})"
    )


def _lerp(start: np.ndarray, end: np.ndarray, w: float) -> np.ndarray:
    """``start + w (end - start)``, rounded as ``torch.lerp`` rounds it (two forms by ``w``)."""
    if abs(w) < 0.5:
        return start + w * (end - start)
    return end - (end - start) * (1 - w)


def _rms(a: np.ndarray, matrix: bool) -> np.ndarray:
    """Root mean square of each vector or matrix of a batch (kept as broadcastable axes)."""
    axes = (-2, -1) if matrix else (-1,)
    return np.sqrt(np.mean(a * a, axis=axes, keepdims=True))


# --------------------------------------------------------------------------- Adafactor


class AdafactorState(NamedTuple):
    r"""State of [`Adafactor`][gdtheory.Adafactor].

    For a matrix: ``R`` (shape ``(..., m)``), the running mean over each row of
    $G \odot G$, and ``C`` (``(..., n)``), over each column; ``V`` is ``None``.
    For a vector: ``V``, one running mean of $g^2$ per entry; ``R`` and ``C`` are
    ``None``. A matrix's state is $m + n$ numbers instead of Adam's $mn$.
    """

    t: int
    R: np.ndarray | None
    C: np.ndarray | None
    V: np.ndarray | None


@dataclass(frozen=True)
class Adafactor(_Base):
    r"""Adafactor: Adam's second moment stored as one row and one column, without momentum.

    For an $m \times n$ matrix $X$ with gradient $G_t$, $t$ counted from 1 and
    $\mathrm{RMS}(A) = \sqrt{\operatorname{mean}(A \odot A)}$:

    $$
    \begin{aligned}
    \hat\beta_{2,t} &= 1 - t^{\tau}, \qquad
    \rho_t = \min(\eta_t, 1/\sqrt t), \qquad
    \alpha_t = \max(\epsilon_2, \mathrm{RMS}(X_{t-1}))\, \rho_t \\
    R_t &= \hat\beta_{2,t} R_{t-1} + (1-\hat\beta_{2,t})\,
        \operatorname{mean}_{\text{row}}(G_t \odot G_t) \quad (m \text{ numbers}) \\
    C_t &= \hat\beta_{2,t} C_{t-1} + (1-\hat\beta_{2,t})\,
        \operatorname{mean}_{\text{col}}(G_t \odot G_t) \quad (n \text{ numbers}) \\
    \hat V_t &= \frac{R_t C_t^\top}{\max(\operatorname{mean}(R_t), \epsilon_1)}, \qquad
    U_t = \frac{G_t}{\max(\sqrt{\hat V_t}, \epsilon_1)}, \qquad
    \hat U_t = \frac{U_t}{\max(1, \mathrm{RMS}(U_t)/d)} \\
    X_t &= (1 - \eta_t\lambda)\, X_{t-1} - \alpha_t \hat U_t
    \end{aligned}
    $$

    with $R_0 = C_0 = 0$. A vector keeps $\hat V_t = \hat\beta_{2,t}\hat V_{t-1} +
    (1-\hat\beta_{2,t})\, g_t \odot g_t$ entry by entry instead of $R$ and $C$. The
    rank-one $\hat V_t$ is the paper's factored second moment: the second moment
    of entry $(i, j)$ is estimated as its row's mean times its column's mean over the
    overall mean. $\hat\beta_{2,t}$ grows towards 1, so no bias correction is needed;
    the clipping by $d$ and the relative step $\rho_t$ scaled by the parameter's RMS
    are the paper's other two changes to Adam (which also drops the first moment).

    Convention: PyTorch's (``torch.optim.Adafactor``), which the tests reproduce to
    1e-10 over 200 steps, and one step at a time from torch's state to 1e-15 on runs
    where a rounding difference grows (it can double per step once the iterate bounces
    around the minimum). It differs from the paper's final algorithms (its Algorithms 4
    and 5, for matrices and vectors, with the proposed hyperparameters $\epsilon_1 =
    10^{-30}$, $\epsilon_2 = 10^{-3}$, $d = 1$, $\hat\beta_{2,t} = 1 - t^{-0.8}$;
    numbers taken from torch's documentation and secondary sources, not re-read in the
    PDF) in three places: the paper's $\rho_t = \min(10^{-2}, 1/\sqrt t)$ has the
    constant $10^{-2}$ where torch has ``lr`` (default 0.01, so the defaults agree); the
    paper adds $\epsilon_1$ to $G \odot G$ before the row and column means, torch
    applies $\epsilon_1$ (default: machine epsilon) afterwards, to
    $\operatorname{mean}(R_t)$ and to $\sqrt{\hat V_t}$; and the paper has no weight
    decay, torch decays by $\eta_t\lambda$ as AdamW does. Means instead of the paper's
    sums give the same $\hat V_t$.

    ``shape`` says which entries form the matrix (module docstring): ``(m, n)`` views
    a flat point of length $mn$ as the matrix, ``None`` takes a 2-D point as it is.

    Args:
        lr: $\eta$, the cap on the relative step $\rho_t$ and the decay's scale
            (default 0.01).
        beta2_decay: $\tau \le 0$ in $\hat\beta_{2,t} = 1 - t^{\tau}$ (default -0.8).
        eps1: $\epsilon_1 \ge 0$ (default ``None``: the machine epsilon of ``x``'s dtype).
        eps2: $\epsilon_2 \ge 0$, the smallest parameter scale (default 1e-3).
        d: clipping threshold $d \ge 1$ on $\mathrm{RMS}(U_t)$ (default 1.0).
        weight_decay: decoupled decay $\lambda \ge 0$ (default 0).
        shape: ``(m, n)`` of the matrix held flat in ``x``, ``(d,)`` for a vector, or
            ``None`` (default): ``x``'s own axes decide.

    Examples:
        A 2 x 3 matrix, held flat as ``minimize`` holds it. The state is one number
        per row and one per column; the first step moves every entry by
        $\alpha_1 = \mathrm{RMS}(X_0) \cdot 0.01$ times an update of RMS 1 or less:

        >>> import numpy as np
        >>> import gdtheory as gd
        >>> opt = gd.Adafactor(shape=(2, 3))
        >>> x = np.ones(6); s = opt.init(x)
        >>> s.R.shape, s.C.shape
        ((2,), (3,))
        >>> x, s = opt.step(x, np.array([1.0, 2.0, 3.0, 4.0, 5.0, 6.0]), s)
        >>> x.round(6)
        array([0.993817, 0.990531, 0.988598, 0.989453, 0.989906, 0.990277])

    Reference:
        Shazeer, N. & Stern, M. (2018). Adafactor: Adaptive learning rates with
        sublinear memory cost. ICML. arXiv:1804.04235.
    """

    lr: Hyper = 1e-2
    beta2_decay: float = -0.8
    eps1: float | None = None
    eps2: float = 1e-3
    d: float = 1.0
    weight_decay: Hyper = 0.0
    shape: tuple[int, ...] | None = None

    _checks = {
        "lr": _RATE,
        "beta2_decay": partial(real, high=0.0),
        "eps2": nonnegative,
        "d": partial(real, low=1.0),
        "weight_decay": _DECAY,
        "shape": _shape,
    }

    def __post_init__(self) -> None:
        super().__post_init__()
        if self.eps1 is not None:
            set_field(self, "eps1", nonnegative)

    def init(self, x: np.ndarray) -> AdafactorState:
        x = np.asarray(x, dtype=float) if not isinstance(x, np.ndarray) else x
        w, matrix = _view(x, self.shape)
        if not matrix:
            return AdafactorState(t=0, R=None, C=None, V=_zeros(x))
        zeros = _zeros(w)
        return AdafactorState(t=0, R=zeros[..., 0], C=zeros[..., 0, :], V=None)

    def learning_rate(self, state: AdafactorState) -> Any:
        r"""The relative step $\rho_t = \min(\eta_t, 1/\sqrt t)$ of the next step.

        The absolute step is $\alpha_t = \max(\epsilon_2, \mathrm{RMS}(X_{t-1}))\rho_t$,
        which also depends on the point, and the update it multiplies is clipped.
        """
        return min(_lr_at(self.lr, state.t), 1 / math.sqrt(state.t + 1))

    def step(
        self, x: np.ndarray, g: np.ndarray, state: AdafactorState
    ) -> tuple[np.ndarray, AdafactorState]:
        x, g = _arrays(x, g)
        X, matrix = _view(x, self.shape)
        t = state.t + 1
        lr = _lr_at(self.lr, state.t)
        wd = _at("weight_decay", self.weight_decay, state.t, nonnegative)
        w = t**self.beta2_decay  # 1 - beta2_hat
        rho = min(lr, 1 / math.sqrt(t))
        if fast := _kernels.adafactor(x, g, state, 1 - lr * wd, w, rho, self):
            return fast  # a few entries of a vector: Python floats
        G = g.reshape(X.shape)
        eps1 = float(np.finfo(X.dtype).eps) if self.eps1 is None else self.eps1
        alpha = np.maximum(self.eps2, _rms(X, matrix)) * rho
        G2 = G * G
        if matrix:
            R = _lerp(state.R, G2.mean(axis=-1), w)
            C = _lerp(state.C, G2.mean(axis=-2), w)
            scale = np.maximum(R.mean(axis=-1), eps1)[..., None, None]
            V_hat = R[..., :, None] * C[..., None, :] / scale
            V = None
        else:
            R = C = None
            V_hat = V = _lerp(state.V, G2, w)
        U = G / np.maximum(np.sqrt(V_hat), eps1)
        U_hat = U / np.maximum(1.0, _rms(U, matrix) / self.d)
        X_new = (1 - lr * wd) * X - alpha * U_hat
        return X_new.reshape(x.shape), AdafactorState(t, R, C, V)


# --------------------------------------------------------------------------- Muon

NS_COEFFICIENTS = (3.4445, -4.7750, 2.0315)
"""Jordan's quintic Newton-Schulz coefficients $(a, b, c)$, as ``torch.optim.Muon``."""


def newton_schulz(
    M: np.ndarray,
    steps: int = 5,
    coefficients: tuple[float, float, float] = NS_COEFFICIENTS,
    eps: float = 1e-7,
) -> np.ndarray:
    r"""Approximate orthogonalization $U V^\top$ of $M = U \Sigma V^\top$ by Newton-Schulz.

    $$
    X_0 = \frac{M}{\max(\lVert M\rVert_F, \varepsilon)}, \qquad
    X_{k+1} = a X_k + \left(b\, X_k X_k^\top + c\, (X_k X_k^\top)^2\right) X_k
    $$

    Each step maps every singular value $\sigma$ of $X_k$ to
    $p(\sigma) = a\sigma + b\sigma^3 + c\sigma^5$ and keeps the singular vectors, so
    after ``steps`` steps $X = U\, p^{(k)}(\Sigma / \lVert M\rVert_F)\, V^\top$. With
    Jordan's coefficients $p$ rises steeply from 0 ($p'(0) = a = 3.4445$) and after 5
    steps sends every singular value between $3 \cdot 10^{-3}$ and 1 into
    $[0.68, 1.21]$: not exactly $U V^\top$, but every direction of $M$ with
    comparable weight. A wide matrix ($m \le n$) is iterated as it is, a tall one through its
    transpose (the smaller Gram matrix), as torch does. Leading axes are a batch.

    Args:
        M: array of shape ``(..., m, n)``.
        steps: number of iterations $k$ (default 5).
        coefficients: $(a, b, c)$ (default Jordan's).
        eps: $\varepsilon$, guards the division by the norm (default 1e-7).

    Returns:
        The array $X_k$, of ``M``'s shape.

    Examples:
        The singular values of a random 4 x 6 matrix, before and after:

        >>> import numpy as np
        >>> import gdtheory as gd
        >>> M = np.random.default_rng(0).standard_normal((4, 6))
        >>> np.linalg.svd(M, compute_uv=False).round(2)
        array([3.01, 2.19, 1.75, 0.83])
        >>> np.linalg.svd(gd.newton_schulz(M), compute_uv=False).round(2)
        array([1.12, 1.09, 0.76, 0.69])

    Reference:
        Jordan, K. et al. (2024). Muon: An optimizer for hidden layers in neural
        networks. kellerjordan.github.io/posts/muon.
    """
    a, b, c = coefficients
    tall = M.shape[-2] > M.shape[-1]
    X = np.swapaxes(M, -1, -2) if tall else M
    norm = np.sqrt(np.sum(X * X, axis=(-2, -1), keepdims=True))
    X = X / np.maximum(norm, eps)
    for _ in range(steps):
        A = X @ np.swapaxes(X, -1, -2)
        B = b * A + c * (A @ A)
        X = a * X + B @ X
    return np.swapaxes(X, -1, -2) if tall else X


class MuonState(NamedTuple):
    """State of [`Muon`][gdtheory.Muon]: step count ``t`` and the momentum ``B`` (shaped as x)."""

    t: int
    B: np.ndarray


@dataclass(frozen=True)
class Muon(_Base):
    r"""Muon: momentum whose matrix is orthogonalized (Newton-Schulz) before the step.

    For an $m \times n$ matrix $X$ with gradient $G_t$:

    $$
    \begin{aligned}
    B_t &= \mu B_{t-1} + (1-\mu)\, G_t \\
    \tilde B_t &= \mu B_t + (1-\mu)\, G_t \ \text{(nesterov)} \quad\text{or}\quad
        \tilde B_t = B_t \\
    O_t &= \mathrm{NS}_k(\tilde B_t) \approx U V^\top \quad
        \text{where } \tilde B_t = U\Sigma V^\top \\
    X_t &= (1 - \eta_t\lambda)\, X_{t-1} - \eta_t\, s(m, n)\, O_t
    \end{aligned}
    $$

    with $B_0 = 0$ and $\mathrm{NS}_k$ the $k$-step iteration of
    [`newton_schulz`][gdtheory.newton_schulz]. Orthogonalizing replaces the momentum's
    singular values by (roughly) 1: the step keeps the directions of $\tilde B_t$ and
    gives the weak ones as much length as the dominant one. $s$ = ``adjust_lr_fn``:
    ``"original"`` (Jordan's, default) $s = \sqrt{\max(1, m/n)}$; ``"match_rms_adamw"``
    (Liu et al. 2025) $s = 0.2\sqrt{\max(m, n)}$, which gives the update the RMS of an
    AdamW update so AdamW's ``lr`` and ``weight_decay`` carry over.

    Convention: PyTorch's (``torch.optim.Muon``). Its momentum is the running mean
    written above (torch's ``buf.lerp_(grad, 1 - momentum)``), where its docstring and
    Jordan's post write the sum $B_t = \mu B_{t-1} + G_t$; both are the same after the
    normalization inside $\mathrm{NS}$ (they differ by the factor $1-\mu$). Torch runs
    the Newton-Schulz iteration in bfloat16; this class runs it in ``x``'s dtype. The
    tests reproduce torch to 1e-10 over 200 steps with torch's iteration run in
    float64 (its own code with the one cast removed), and to bfloat16's precision
    with the cast. The decay uses the unadjusted $\eta_t$, as torch.

    ``shape`` says which entries form the matrix (module docstring): ``(m, n)``
    views a flat point of length $mn$ as the matrix (what ``gd.minimize`` passes);
    ``None`` takes the last two axes of ``x``. Muon is meant for matrices only: a
    network's biases and embeddings go to another optimizer, such as AdamW.

    Args:
        lr: learning rate $\eta$ (default 1e-3).
        weight_decay: decoupled decay $\lambda \ge 0$ (default 0.1, as torch).
        momentum: $\mu \in [0, 1)$ (default 0.95).
        nesterov: use $\tilde B_t = \mu B_t + (1-\mu) G_t$ (default True).
        ns_coefficients: $(a, b, c)$ of the iteration (default Jordan's
            ``(3.4445, -4.7750, 2.0315)``).
        eps: $\varepsilon$ of the normalization (default 1e-7).
        ns_steps: $k$, Newton-Schulz iterations per step (default 5; 1 to 99).
        adjust_lr_fn: ``"original"`` or ``"match_rms_adamw"`` (default ``"original"``).
        shape: ``(m, n)`` of the matrix held flat in ``x``, or ``None`` (default).

    Examples:
        One step from rest on a 2 x 3 matrix: the update is orthogonalized, so its
        two singular values are nearly equal (about 0.7, where Jordan's iteration
        leaves them) although the gradient's were 5 and 0.1:

        >>> import numpy as np
        >>> import gdtheory as gd
        >>> opt = gd.Muon(lr=0.1, weight_decay=0.0, shape=(2, 3))
        >>> x = np.zeros(6); s = opt.init(x)
        >>> g = np.array([[5.0, 0.0, 0.0], [0.0, 0.1, 0.0]])
        >>> x, s = opt.step(x, g.reshape(-1), s)
        >>> np.linalg.svd(-x.reshape(2, 3) / 0.1, compute_uv=False).round(3)
        array([0.697, 0.682])

    Reference:
        Jordan, K., Jin, Y., Boza, V., You, J., Cesista, F., Newhouse, L. &
        Bernstein, J. (2024). Muon: An optimizer for hidden layers in neural networks.
        kellerjordan.github.io/posts/muon. Liu, J. et al. (2025). Muon is scalable for
        LLM training. arXiv:2502.16982 (``match_rms_adamw``).
    """

    lr: Hyper = 1e-3
    weight_decay: Hyper = 0.1
    momentum: Hyper = 0.95
    nesterov: bool = True
    ns_coefficients: tuple[float, float, float] = NS_COEFFICIENTS
    eps: float = 1e-7
    ns_steps: int = 5
    adjust_lr_fn: Literal["original", "match_rms_adamw"] = "original"
    shape: tuple[int, int] | None = None

    _checks = {
        "lr": _RATE,
        "weight_decay": _DECAY,
        "momentum": _COEF,
        "nesterov": boolean,
        "eps": positive,
        "ns_steps": partial(integer, minimum=1),
        "adjust_lr_fn": partial(choice, choices=("original", "match_rms_adamw")),
        "shape": _shape,
        "ns_coefficients": _coefficients,
    }

    def __post_init__(self) -> None:
        super().__post_init__()
        if self.ns_steps >= 100:
            raise ValueError(f"ns_steps must be an integer in [1, 99], got {self.ns_steps}")
        if self.shape is not None and len(self.shape) != 2:
            raise ValueError(f"shape must be a tuple (m, n) for Muon, got {self.shape!r}")

    def _matrix(self, x: np.ndarray) -> np.ndarray:
        X, matrix = _view(x, self.shape)
        if not matrix:
            raise ValueError(
                f"Muon needs a matrix: x of shape {x.shape} is a vector; pass shape=(m, n) "
                "for a flat point, or x with two axes"
            )
        return X

    def init(self, x: np.ndarray) -> MuonState:
        x = np.asarray(x, dtype=float) if not isinstance(x, np.ndarray) else x
        self._matrix(x)  # refuse a vector now, not at the first step
        return MuonState(t=0, B=_zeros(x))

    def _adjust(self, m: int, n: int) -> float:
        if self.adjust_lr_fn == "match_rms_adamw":
            return 0.2 * math.sqrt(max(m, n))
        return math.sqrt(max(1, m / n))

    def learning_rate(self, state: MuonState) -> Any:
        r"""The step $\eta_t\, s(m, n)$ that multiplies the orthogonalized $O_t$."""
        m, n = self._matrix(state.B).shape[-2:]
        return _lr_at(self.lr, state.t) * self._adjust(m, n)

    def step(self, x: np.ndarray, g: np.ndarray, state: MuonState) -> tuple[np.ndarray, MuonState]:
        x, g = _arrays(x, g)
        X = self._matrix(x)
        lr = _lr_at(self.lr, state.t)
        mu = _beta_at("momentum", self.momentum, state.t)
        wd = _at("weight_decay", self.weight_decay, state.t, nonnegative)
        scale = self._adjust(*X.shape[-2:])
        if fast := _kernels.muon(x, g, state, X.shape[-2:], lr, mu, wd, scale, self):
            return fast  # a matrix of a few entries: Python floats
        G = g.reshape(X.shape)
        B = _lerp(state.B.reshape(X.shape), G, 1 - mu)
        B_tilde = _lerp(G, B, mu) if self.nesterov else B
        O = newton_schulz(B_tilde, self.ns_steps, self.ns_coefficients, self.eps)
        X_new = (1 - lr * wd) * X - lr * scale * O
        return X_new.reshape(x.shape), MuonState(state.t + 1, B.reshape(x.shape))
