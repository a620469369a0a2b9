"""Optimizers (being written): each a frozen dataclass with pure ``init``/``query``/``step``."""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

import numpy as np

from ._validation import Hyper, check_gradient, check_positive, value_at

__all__ = ["GD", "GDState"]


class GDState(NamedTuple):
    """State of plain gradient descent: only the step count."""

    t: int


@dataclass(frozen=True)
class GD:
    r"""Gradient descent: $x_{t+1} = x_t - \eta_t \nabla f(x_t)$.

    Args:
        lr: learning rate $\eta$ (a number, an array, or a schedule).

    Examples:
        >>> import numpy as np
        >>> import gdtheory as gd
        >>> opt = gd.GD(lr=0.1)
        >>> x = np.array([1.0, -2.0])
        >>> x, state = opt.step(x, 2 * x, opt.init(x))
        >>> x
        array([ 0.8, -1.6])
    """

    lr: Hyper = 0.01

    def __post_init__(self) -> None:
        check_positive("lr", self.lr)

    def init(self, x: np.ndarray) -> GDState:
        return GDState(t=0)

    def query(self, x: np.ndarray, state: GDState) -> np.ndarray:
        return x

    def step(self, x: np.ndarray, g: np.ndarray, state: GDState) -> tuple[np.ndarray, GDState]:
        check_gradient(g, x)
        return x - value_at(self.lr, state.t) * g, GDState(t=state.t + 1)
