r"""Speed kernels behind the readable optimizers (private; the tests hold them equal).

Each kernel computes what an optimizer's ``step`` computes, for the inputs where
plain numpy expressions are slow, and returns ``None`` for every other input, so
that the optimizer's own (textbook) lines run. Nothing here is needed to read an
optimizer: it is the same arithmetic, arranged for the memory hierarchy.

Adam on large arrays. Numpy evaluates ``beta1 * m + (1 - beta1) * g`` as several
full-size passes with full-size temporaries; on arrays far larger than the cache
that memory traffic is the whole cost. The kernel runs the update on blocks of
``BLOCK`` entries whose temporaries stay in cache and writes only the three new
arrays. It also uses the cheaper order of Kingma & Ba's section 2,

$$ x_{t+1} = x_t - \alpha_t\, \frac{m_t}{\sqrt{v_t} + \hat\epsilon_t}, \qquad
   \alpha_t = \eta_t \frac{\sqrt{1-\beta_2^t}}{1-\beta_1^t}, \quad
   \hat\epsilon_t = \epsilon \sqrt{1-\beta_2^t}, $$

which is the same quantity as $\eta_t \hat m_t / (\sqrt{\hat v_t} + \epsilon)$ up to
rounding (the moments $m_t$, $v_t$ are bitwise those of the textbook lines).

Tiny problems (a 2-D test function). On a handful of entries each numpy call
costs far more than the arithmetic it does, so Nesterov, RMSProp, Adam, AdamW,
NAdam, AdaMax, AdaDelta, RAdam, Rprop and Adafactor (on a vector) loop over the
entries in plain Python floats instead: the same operations in the same order,
hence bitwise the same numbers as the optimizer's own lines (IEEE arithmetic and a correctly rounded
square root in both; Adafactor's means are summed in numpy's own pairwise order,
``numpy_sum``, and its and RMSProp's maxima propagate NaN as ``np.maximum`` does,
``_maximum``).
Muon's Newton-Schulz products on a matrix with a side of 1 or 2 are a handful of
Python multiplications, equal to numpy's matrix products to rounding only: numpy
hands them to BLAS, whose kernel for the CPU fuses multiply-adds (on a Haswell
kernel, the 1 x 1 Gram matrix of a 1 x 2 matrix is ``fma(v1, v1, v0 * v0)``) and
sums in its own order, and Python has no fused multiply-add before 3.13. Muon's
momentum involves no product and is bitwise.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np

MIN_SIZE = 1 << 15
"""Arrays at least this large take the blocked Adam kernel."""
BLOCK = 1 << 14
"""Entries per block: the block's temporaries stay in the L2 cache."""
SMALL = 16
"""1-D arrays of at most this many entries take the Python-float kernels."""
EPS = float(np.finfo(np.float64).eps)
"""float64's machine epsilon (Adafactor's default ``eps1``)."""
_F64 = np.dtype(np.float64)


def _small(*arrays: Any) -> bool:
    """True if every array is 1-D float64 with at most ``SMALL`` entries, all of one length."""
    n = arrays[0].shape
    for a in arrays:
        if type(a) is not np.ndarray or a.shape != n or a.dtype != _F64:
            return False
    return len(n) == 1 and n[0] <= SMALL


def _tiny(x: np.ndarray, g: np.ndarray, a: Any) -> bool:
    """``_small(x, g, a)`` where ``x`` and ``g`` are arrays of one shape (as ``_arrays`` returns
    them): fewer checks, for the steps whose whole cost is a few microseconds."""
    return (
        x.ndim == 1
        and x.size <= SMALL
        and x.dtype is g.dtype is _F64
        and type(a) is np.ndarray
        and a.dtype is _F64
        and a.shape == x.shape
    )


def _scalars(*values: Any) -> bool:
    """True if every hyperparameter value is a plain number (not an array of them)."""
    for v in values:
        if type(v) is not float and type(v) is not int:
            return False
    return True


def adam(
    opt: Any,
    x: np.ndarray,
    g: np.ndarray,
    state: Any,
    lr: Any,
    beta1: Any,
    beta2: Any,
    shrink: float | None = None,
) -> Any:
    """``Adam.step``'s result ``(x_new, state_new)``, or ``None`` where no kernel applies.

    Tiny 1-D problems loop in Python floats; large, contiguous, unbatched float64
    problems run in blocks. Both need scalar hyperparameters and no AMSGrad; ``g``
    already holds any L2 term. ``shrink`` (AdamW) multiplies ``x`` first.
    """
    if opt.amsgrad:
        return None
    if x.size <= SMALL and _scalars(lr, beta1, beta2) and _small(x, g, state.m, state.v):
        return _adam_small(opt, x, g, state, lr, beta1, beta2, shrink)
    if x.size < MIN_SIZE or not all(np.ndim(h) == 0 for h in (lr, beta1, beta2)):
        return None
    for a in (x, g, state.m, state.v):
        if a.dtype != np.float64 or not a.flags.c_contiguous or a.shape != x.shape:
            return None
    t = state.t + 1
    bc1, bc2 = (1 - beta1**t, 1 - beta2**t) if opt.bias_correction else (1.0, 1.0)
    step_size, eps_hat = lr * bc2**0.5 / bc1, opt.eps * bc2**0.5
    x_new, m, v = _adam_blocked(x, g, state.m, state.v, beta1, beta2, step_size, eps_hat, shrink)
    return x_new, type(state)(t, m, v, None)


def _adam_blocked(x, g, m0, v0, beta1, beta2, step_size, eps_hat, shrink=None):
    x_new, m, v = np.empty_like(x), np.empty_like(m0), np.empty_like(v0)
    xf, gf, m0f, v0f = x.reshape(-1), g.reshape(-1), m0.reshape(-1), v0.reshape(-1)
    xo, mo, vo = x_new.reshape(-1), m.reshape(-1), v.reshape(-1)
    buf = np.empty(BLOCK, dtype=x.dtype)
    c1, c2 = 1 - beta1, 1 - beta2
    for i in range(0, xf.size, BLOCK):
        j = min(i + BLOCK, xf.size)
        gi, mi, vi, tmp = gf[i:j], mo[i:j], vo[i:j], buf[: j - i]
        np.multiply(m0f[i:j], beta1, out=mi)  # m = beta1 * m0 + (1 - beta1) * g
        np.multiply(gi, c1, out=tmp)
        mi += tmp
        np.multiply(v0f[i:j], beta2, out=vi)  # v = beta2 * v0 + (1 - beta2) * g * g
        np.multiply(gi, gi, out=tmp)
        tmp *= c2
        vi += tmp
        np.sqrt(vi, out=tmp)  # x - step_size * m / (sqrt(v) + eps_hat)
        tmp += eps_hat
        np.divide(mi, tmp, out=tmp)
        tmp *= step_size
        if shrink is None:
            np.subtract(xf[i:j], tmp, out=xo[i:j])
        else:  # AdamW: (x * shrink) - step
            np.multiply(xf[i:j], shrink, out=xo[i:j])
            xo[i:j] -= tmp
    return x_new, m, v


def adamw(opt: Any, x: np.ndarray, g: np.ndarray, state: Any, lr: Any, wd: Any) -> Any:
    """``AdamW.step``'s result for a tiny or a large problem, else ``None``.

    The decoupled decay ``x * (1 - lr * wd)`` and Adam's update in one pass over the
    entries (``x_i (1 - lr wd)`` first, as the step's own lines): in Python floats on a
    few entries, in ``adam``'s blocks on many.
    """
    if opt.amsgrad or not _scalars(lr, wd):
        return None
    beta1, beta2 = opt.beta1, opt.beta2
    if callable(beta1) or callable(beta2):
        return None  # schedules are checked by Adam.step's own lines
    shrink = 1 - lr * wd if wd != 0 else None
    if x.size > SMALL:
        return adam(opt, x, g, state, lr, beta1, beta2, shrink)  # None unless large
    if not _small(x, g, state.m, state.v):
        return None
    return _adam_small(opt, x, g, state, lr, beta1, beta2, shrink)


def _adam_small(opt, x, g, state, lr, beta1, beta2, shrink=None):
    t = state.t + 1
    bc1, bc2 = (1 - beta1**t, 1 - beta2**t) if opt.bias_correction else (1.0, 1.0)
    c1, c2, eps = 1 - beta1, 1 - beta2, opt.eps
    xs, ms, vs = [], [], []
    xl = x.tolist() if shrink is None else [xi * shrink for xi in x.tolist()]
    rows = zip(xl, g.tolist(), state.m.tolist(), state.v.tolist(), strict=True)
    for xi, gi, mi, vi in rows:
        mi = beta1 * mi + c1 * gi
        vi = beta2 * vi + c2 * (gi * gi)
        xs.append(xi - lr * (mi / bc1) / (math.sqrt(vi / bc2) + eps))
        ms.append(mi)
        vs.append(vi)
    return np.array(xs), type(state)(t, np.array(ms), np.array(vs), None)


def adamax(
    x: np.ndarray, g: np.ndarray, state: Any, lr: Any, beta1: Any, beta2: Any, eps: float
) -> tuple[np.ndarray, Any] | None:
    """``AdaMax.step``'s result for a tiny or a large problem, else ``None``.

    Bitwise the step's own lines in both (``g`` holds any L2 term): Python floats on a
    few entries, blocks of ``BLOCK`` entries on at least ``MIN_SIZE``.
    """
    if not _scalars(lr, beta1, beta2):
        return None
    t = state.t + 1
    step, c1 = lr / (1 - beta1**t), 1 - beta1
    if x.size >= MIN_SIZE:
        for a in (x, g, state.m, state.u):
            if a.dtype != np.float64 or not a.flags.c_contiguous or a.shape != x.shape:
                return None
        x_new, m, u = _adamax_blocked(x, g, state.m, state.u, beta1, beta2, eps, step)
        return x_new, type(state)(t, m, u)
    if not _small(x, g, state.m, state.u):
        return None
    xs, ms, us = [], [], []
    rows = zip(x.tolist(), g.tolist(), state.m.tolist(), state.u.tolist(), strict=True)
    for xi, gi, mi, ui in rows:
        mi = beta1 * mi + c1 * gi
        ui, ai = beta2 * ui, abs(gi) + eps
        if ai > ui:  # np.maximum(beta2 * u, |g| + eps); no NaN can reach here
            ui = ai
        xs.append(xi - step * (mi / ui))
        ms.append(mi)
        us.append(ui)
    return np.array(xs), type(state)(t, np.array(ms), np.array(us))


def _adamax_blocked(x, g, m0, u0, beta1, beta2, eps, step):
    x_new, m, u = np.empty_like(x), np.empty_like(m0), np.empty_like(u0)
    xf, gf, m0f, u0f = x.reshape(-1), g.reshape(-1), m0.reshape(-1), u0.reshape(-1)
    xo, mo, uo = x_new.reshape(-1), m.reshape(-1), u.reshape(-1)
    buf = np.empty(BLOCK, dtype=x.dtype)
    c1 = 1 - beta1
    for i in range(0, xf.size, BLOCK):
        j = min(i + BLOCK, xf.size)
        gi, mi, ui, tmp = gf[i:j], mo[i:j], uo[i:j], buf[: j - i]
        np.multiply(m0f[i:j], beta1, out=mi)  # m = beta1 * m0 + (1 - beta1) * g
        np.multiply(gi, c1, out=tmp)
        mi += tmp
        np.multiply(u0f[i:j], beta2, out=ui)  # u = max(beta2 * u0, |g| + eps)
        np.abs(gi, out=tmp)
        tmp += eps
        np.maximum(ui, tmp, out=ui)
        np.divide(mi, ui, out=tmp)  # x - step * (m / u)
        tmp *= step
        np.subtract(xf[i:j], tmp, out=xo[i:j])
    return x_new, m, u


def nadam(
    x: np.ndarray, g: np.ndarray, state: Any, beta1: Any, beta2: Any, eps: float, a: Any, b: Any
) -> tuple[np.ndarray, np.ndarray, np.ndarray] | None:
    """``(x_new, m, v)`` of ``NAdam.step`` for a tiny problem, else ``None``.

    ``a`` and ``b`` are the step's two coefficients, of $g_t / d_t$ and of $m_t / d_t$.
    """
    if not (_scalars(beta1, beta2, a, b) and _small(x, g, state.m, state.v)):
        return None
    bc2, c1, c2 = 1 - beta2 ** (state.t + 1), 1 - beta1, 1 - beta2
    xs, ms, vs = [], [], []
    rows = zip(x.tolist(), g.tolist(), state.m.tolist(), state.v.tolist(), strict=True)
    for xi, gi, mi, vi in rows:
        mi = beta1 * mi + c1 * gi
        vi = beta2 * vi + c2 * gi * gi
        d = math.sqrt(vi / bc2) + eps
        xs.append(xi - a * (gi / d) - b * (mi / d))
        ms.append(mi)
        vs.append(vi)
    return np.array(xs), np.array(ms), np.array(vs)


def adadelta(
    x: np.ndarray, g: np.ndarray, state: Any, lr: Any, rho: Any, eps: float
) -> tuple[np.ndarray, Any] | None:
    """``AdaDelta.step``'s result for a tiny problem, else ``None``."""
    if not (_scalars(lr, rho) and _small(x, g, state.v, state.u)):
        return None
    c = 1 - rho
    xs, vs, us = [], [], []
    rows = zip(x.tolist(), g.tolist(), state.v.tolist(), state.u.tolist(), strict=True)
    for xi, gi, vi, ui in rows:
        vi = rho * vi + c * gi * gi
        delta = math.sqrt(ui + eps) / math.sqrt(vi + eps) * gi
        xs.append(xi - lr * delta)
        vs.append(vi)
        us.append(rho * ui + c * delta * delta)
    return np.array(xs), type(state)(state.t + 1, np.array(vs), np.array(us))


def radam(
    x: np.ndarray, g: np.ndarray, state: Any, lr: Any, beta1: Any, beta2: Any, eps: float, r: Any
) -> tuple[np.ndarray, Any] | None:
    """``RAdam.step``'s result for a tiny problem, else ``None``.

    ``r`` is the step's rectification $r_t$ (0: a momentum step); ``g`` already holds
    any L2 term and ``x`` any decoupled decay.
    """
    if not (_scalars(lr, beta1, beta2, r) and _small(x, g, state.m, state.v)):
        return None
    t = state.t + 1
    bc1, root_bc2, c1, c2 = 1 - beta1**t, math.sqrt(1 - beta2**t), 1 - beta1, 1 - beta2
    xs, ms, vs = [], [], []
    rows = zip(x.tolist(), g.tolist(), state.m.tolist(), state.v.tolist(), strict=True)
    for xi, gi, mi, vi in rows:
        mi = beta1 * mi + c1 * gi
        vi = beta2 * vi + c2 * gi * gi
        scale = root_bc2 / (math.sqrt(vi) + eps) * r if r > 0 else 1.0
        xs.append(xi - mi / bc1 * lr * scale)
        ms.append(mi)
        vs.append(vi)
    return np.array(xs), type(state)(t, np.array(ms), np.array(vs))


def rprop(
    x: np.ndarray,
    g: np.ndarray,
    state: Any,
    eta_minus: float,
    eta_plus: float,
    low: float,
    high: float,
) -> tuple[np.ndarray, Any] | None:
    """``Rprop.step``'s result for a tiny problem, else ``None`` (``np.sign(0.0)`` is 0.0)."""
    if not _small(x, g, state.g_prev, state.delta):
        return None
    xs, gs, ds = [], [], []
    rows = zip(x.tolist(), g.tolist(), state.g_prev.tolist(), state.delta.tolist(), strict=True)
    for xi, gi, pi, di in rows:
        s = gi * pi
        di = min(max(di * (eta_plus if s > 0 else eta_minus if s < 0 else 1.0), low), high)
        if s < 0:
            gi = 0.0
        xs.append(xi - (1.0 if gi > 0 else -1.0 if gi < 0 else 0.0) * di)
        gs.append(gi)
        ds.append(di)
    return np.array(xs), type(state)(state.t + 1, np.array(gs), np.array(ds))


def nesterov(
    x: np.ndarray, g: np.ndarray, state: Any, lr: Any, beta: Any, torch_form: bool
) -> tuple[np.ndarray, Any] | None:
    """``Nesterov.step``'s result for a tiny problem, else ``None``."""
    v0 = state.v
    if not (_tiny(x, g, v0) and _scalars(lr, beta)):
        return None
    xs, vs = x.tolist(), v0.tolist()
    for i, gi in enumerate(g.tolist()):
        vi = beta * vs[i] + gi
        vs[i] = vi
        xs[i] = xs[i] - lr * (gi + beta * vi) if torch_form else xs[i] - lr * vi
    return np.array(xs), type(state)(state.t + 1, np.array(vs))


def rmsprop(
    opt: Any, x: np.ndarray, g: np.ndarray, state: Any, lr: Any, alpha: Any
) -> tuple[np.ndarray, Any] | None:
    """``RMSProp.step``'s result for a tiny problem, else ``None``.

    ``g`` already holds any L2 term. A momentum schedule is left to the step's lines
    (which check its value); so is a state no step makes (a negative ``v``), where
    ``math.sqrt`` or a division by 0 would raise and numpy gives NaN or infinity.
    """
    v0, a0, b0 = state.v, state.g_avg, state.b
    mu = 0.0 if b0 is None else opt.momentum
    centered, inside, eps, c = opt.centered, opt.eps_inside_sqrt, opt.eps, 1 - alpha
    if not (_tiny(x, g, v0) and _scalars(lr, alpha, mu)):
        return None
    if (centered and not _tiny(x, g, a0)) or (b0 is not None and not _tiny(x, g, b0)):
        return None
    xs, vs = x.tolist(), v0.tolist()
    avs = a0.tolist() if centered else None
    bs = None if b0 is None else b0.tolist()
    try:
        for i, gi in enumerate(g.tolist()):
            vi = alpha * vs[i] + c * gi * gi
            vs[i] = var = vi
            if centered:
                ai = alpha * avs[i] + c * gi
                avs[i] = ai
                var = _maximum(vi - ai * ai, 0.0)
            s = math.sqrt(var + eps) if inside else math.sqrt(var) + eps
            if bs is None:
                xs[i] = xs[i] - lr * (gi / s)
            else:
                bs[i] = bi = mu * bs[i] + gi / s
                xs[i] = xs[i] - lr * bi
    except (ValueError, ZeroDivisionError):  # sqrt of a negative, or gi / 0.0
        return None
    avg = np.array(avs) if centered else None
    b = None if bs is None else np.array(bs)
    return np.array(xs), type(state)(state.t + 1, np.array(vs), avg, b)


def numpy_sum(values: list[float]) -> float:
    """``np.add.reduce`` of a short contiguous float64 array, in numpy's own order.

    Numpy sums fewer than 8 entries left to right from 0.0, and up to its block size
    in 8 interleaved partial sums joined as a tree, then the remainder (its pairwise
    summation); doing the same keeps a kernel bitwise equal to ``np.mean``. Used
    for at most ``SMALL`` entries.
    """
    n = len(values)
    if n < 8:
        total = 0.0
        for v in values:
            total += v
        return total
    r = values[:8]
    i = 8
    while i < n - n % 8:
        r = [r[j] + values[i + j] for j in range(8)]
        i += 8
    total = ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]))
    for v in values[i:]:
        total += v
    return total


def _maximum(a: float, b: float) -> float:
    """``np.maximum`` of two floats: a NaN in either gives NaN (Python's ``max`` may drop it),
    and of two equal ones ``b``, as numpy (``np.maximum(-0.0, 0.0)`` is ``0.0``)."""
    return a if a > b or a != a else b


def _sum_squares(values: list[float]) -> float:
    """``np.sum(a * a)`` of a short contiguous float64 array given as a list, bitwise."""
    if len(values) >= 8:
        return numpy_sum([v * v for v in values])
    total = 0.0
    for v in values:
        total += v * v
    return total


def _mean_square(values: list[float]) -> float:
    """``np.mean(a * a)`` of a short 1-D float64 array given as a list, bitwise."""
    return _sum_squares(values) / len(values)


def adafactor(
    x: np.ndarray,
    g: np.ndarray,
    state: Any,
    shrink: Any,
    w: Any,
    rho: Any,
    opt: Any,
) -> tuple[np.ndarray, Any] | None:
    """``Adafactor.step``'s result for a tiny unfactored vector, else ``None``.

    ``shrink`` is the decay factor $1 - \\eta\\lambda$, ``w`` $= 1 - \\hat\\beta_{2,t}$ and
    ``rho`` the relative step $\\rho_t$; ``opt.eps1 = None`` is float64's machine
    epsilon (the only dtype taken here). Bitwise the step's lines, NaN included: each
    ``np.maximum`` is ``_maximum``. ``eps1 = 0`` is left to numpy (0 / 0 raises here).
    """
    V = state.V
    if V is None or not (_scalars(shrink, w, rho) and _small(x, g, V)):
        return None
    eps1, eps2, d = EPS if opt.eps1 is None else opt.eps1, opt.eps2, opt.d
    if not eps1 > 0:
        return None
    xs, gs, vs = x.tolist(), g.tolist(), V.tolist()
    alpha = _maximum(eps2, math.sqrt(_mean_square(xs))) * rho
    near, c = abs(w) < 0.5, 1 - w
    us = []
    for i, gi in enumerate(gs):
        g2, vi = gi * gi, vs[i]
        vi = vi + w * (g2 - vi) if near else g2 - (g2 - vi) * c  # torch's lerp, as _lerp
        vs[i] = vi
        us.append(gi / _maximum(math.sqrt(vi), eps1))
    denom = _maximum(1.0, math.sqrt(_mean_square(us)) / d)
    for i, u in enumerate(us):
        xs[i] = shrink * xs[i] - alpha * (u / denom)
    return np.array(xs), type(state)(state.t + 1, None, None, np.array(vs))


def _momentum(b0: list[float], gs: list[float], mu: float, nesterov: bool) -> tuple[list, list]:
    """Muon's ``B = _lerp(B0, G, 1 - mu)`` and ``B~ = _lerp(G, B, mu)`` (or ``B``), bitwise.

    ``_lerp(start, end, w)`` is ``start + w (end - start)`` for ``|w| < 0.5``, else
    ``end - (end - start)(1 - w)``; ``1 - mu`` is ``w`` of the first lerp.
    """
    w = 1 - mu
    near_b, near_m, c = abs(w) < 0.5, abs(mu) < 0.5, 1 - w
    bs, ms = [], []
    for bi, gi in zip(b0, gs, strict=True):
        bi = bi + w * (gi - bi) if near_b else gi - (gi - bi) * c
        bs.append(bi)
        if nesterov:
            ms.append(gi + mu * (bi - gi) if near_m else bi - (bi - gi) * w)
    return bs, ms if nesterov else bs


def muon(
    x: np.ndarray,
    g: np.ndarray,
    state: Any,
    shape: tuple[int, int],
    lr: Any,
    mu: Any,
    wd: Any,
    scale: float,
    opt: Any,
) -> tuple[np.ndarray, Any] | None:
    """``Muon.step``'s result for a tiny matrix, else ``None``.

    Applies to one float64 matrix (no batch) of at most ``SMALL`` entries whose smaller
    side is 1 or 2, held flat or as ``(m, n)``. The momentum is bitwise the step's;
    the orthogonalization (``newton_schulz_small``) equal to rounding. ``scale`` is
    $s(m, n)$.
    """
    m, n = shape
    size, B = m * n, state.B
    if size > SMALL or min(m, n) > 2 or not _scalars(lr, mu, wd):
        return None
    flat = x.shape == (size,)
    if not (flat or x.shape == (m, n)):
        return None
    for a in (x, g, B):
        if type(a) is not np.ndarray or a.dtype != _F64 or a.shape != x.shape:
            return None
    if flat:
        xs, gs, bs = x.tolist(), g.tolist(), B.tolist()
    else:
        xs, gs, bs = x.reshape(-1).tolist(), g.reshape(-1).tolist(), B.reshape(-1).tolist()
    bs, ms = _momentum(bs, gs, mu, opt.nesterov)
    O = newton_schulz_small(ms, m, n, opt.ns_steps, opt.ns_coefficients, opt.eps)
    shrink, step = 1 - lr * wd, lr * scale
    for i, oi in enumerate(O):
        xs[i] = shrink * xs[i] - step * oi
    x_new, B_new = np.array(xs), np.array(bs)
    if not flat:
        x_new, B_new = x_new.reshape(x.shape), B_new.reshape(x.shape)
    return x_new, type(state)(state.t + 1, B_new)


def newton_schulz_small(
    ms: list[float], m: int, n: int, steps: int, coefficients: Any, eps: float
) -> list[float]:
    """``newton_schulz`` of the ``m x n`` matrix held row by row in ``ms``, ``min(m, n) <= 2``.

    The norm is bitwise numpy's (``numpy_sum`` over the entries in memory order); the
    products ``X X^T``, ``A A`` and ``B X`` are summed left to right, where numpy's
    BLAS may fuse and reorder: equal to rounding. Returns the result row by row.
    """
    a, b, c = coefficients
    den = _maximum(math.sqrt(_sum_squares(ms)), eps)
    if m == 1 or n == 1:  # X X^T is the number s = |X|^2: each step scales X by a + b s + c s^2
        X = [v / den for v in ms]  # the wide 1 x q form, in the same order
        r = range(len(X))
        for _ in range(steps):
            s = 0.0
            for v in X:
                s += v * v
            k = b * s + c * (s * s)
            for i in r:
                v = X[i]
                X[i] = a * v + k * v
        return X
    tall = m > n
    p, q = (n, m) if tall else (m, n)  # iterate on the wide p x q form, p = 2 <= q
    W = [[ms[j * n + i] / den if tall else ms[i * n + j] / den for j in range(q)] for i in range(p)]
    for _ in range(steps):
        A = [
            [sum(u * v for u, v in zip(W[i], W[j], strict=True)) for j in range(p)]
            for i in range(p)
        ]
        AA = [[sum(A[i][k] * A[k][j] for k in range(p)) for j in range(p)] for i in range(p)]
        Bm = [[b * A[i][j] + c * AA[i][j] for j in range(p)] for i in range(p)]
        W = [
            [a * W[i][j] + sum(Bm[i][k] * W[k][j] for k in range(p)) for j in range(q)]
            for i in range(p)
        ]
    return [W[j][i] if tall else W[i][j] for i in range(m) for j in range(n)]
