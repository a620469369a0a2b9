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
"""

from __future__ import annotations

from typing import Any

import numpy as np

MIN_SIZE = 1 << 15
"""Arrays at least this large take the blocked Adam kernel."""
BLOCK = 1 << 14
"""Entries per block: the block's temporaries stay in the L2 cache."""


def adam(
    opt: Any, x: np.ndarray, g: np.ndarray, state: Any, lr: Any, beta1: Any, beta2: Any
) -> Any:
    """``Adam.step``'s result ``(x_new, state_new)`` from blocks, or ``None`` if not worth it.

    Applies to large, contiguous, unbatched float64 problems with scalar
    hyperparameters and without AMSGrad; ``g`` already holds any L2 term.
    """
    if opt.amsgrad or x.size < MIN_SIZE or not all(np.ndim(h) == 0 for h in (lr, beta1, beta2)):
        return None
    for a in (x, g, state.m, state.v):
        if a.dtype != np.float64 or not a.flags.c_contiguous or a.shape != x.shape:
            return None
    t = state.t + 1
    bc1, bc2 = (1 - beta1**t, 1 - beta2**t) if opt.bias_correction else (1.0, 1.0)
    step_size, eps_hat = lr * bc2**0.5 / bc1, opt.eps * bc2**0.5
    x_new, m, v = _adam_blocked(x, g, state.m, state.v, beta1, beta2, step_size, eps_hat)
    return x_new, type(state)(t, m, v, None)


def _adam_blocked(x, g, m0, v0, beta1, beta2, step_size, eps_hat):
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
        np.subtract(xf[i:j], tmp, out=xo[i:j])
    return x_new, m, v
