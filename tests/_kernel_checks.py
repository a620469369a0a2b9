"""What the kernel tests share: run a step through a ``gdtheory._kernels`` fast path
and through the step's readable numpy lines, and compare the bytes."""

from __future__ import annotations

import numpy as np

from gdtheory import _kernels


def spy(monkeypatch, name):
    """Replace ``_kernels.<name>`` by a wrapper that records whether it returned a result."""
    real, calls = getattr(_kernels, name), []

    def wrapper(*args):
        out = real(*args)
        calls.append(out is not None)
        return out

    monkeypatch.setattr(_kernels, name, wrapper)
    return calls


def both(opt, x, g, state, monkeypatch, name, ran=True):
    """``opt.step`` with the kernel in place (``ran``: it must take the input) and
    through the numpy lines (``_kernels.SMALL = 0``)."""
    calls = spy(monkeypatch, name)
    with np.errstate(all="ignore"):  # huge inputs overflow in numpy's own lines too
        fast = opt.step(x, g, state)
    assert calls == [ran], "the kernel did not take this input" if ran else "it did"
    monkeypatch.setattr(_kernels, "SMALL", 0)
    with np.errstate(all="ignore"):  # huge inputs overflow, as they do in the kernel
        slow = opt.step(x, g, state)
    monkeypatch.undo()
    assert calls == [ran, False]
    return fast, slow


def bits(a):
    """The bytes of a float64 array, or ``None`` (states hold ``None`` for unused fields)."""
    return None if a is None else np.asarray(a, dtype=np.float64).tobytes()
