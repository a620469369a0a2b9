"""The two contracts the run loop, the checks and the search are written against.

They are structural types (``typing.Protocol``): any object with these members
qualifies, whether or not it inherits from anything. [`Optimizer`][gdtheory.Optimizer]
lives with the optimizers; [`Problem`][gdtheory.Problem] is what
[`minimize`][gdtheory.minimize] asks of a problem.
"""

from __future__ import annotations

from typing import Any, Protocol, runtime_checkable

import numpy as np

from .optimizers import Optimizer  # noqa: F401  (re-exported for the type hints)

__all__ = ["Problem"]


@runtime_checkable
class Problem(Protocol):
    r"""What [`minimize`][gdtheory.minimize] needs of a problem.

    ``dim`` is the length of a point; ``f`` and ``grad`` accept points of shape
    ``(..., dim)`` (a batch of points at once) and return shapes ``(...)`` and
    ``(..., dim)``. A finite-sum problem also has ``n`` examples and an ``idx``
    argument to ``grad`` (a minibatch); an online problem has ``online = True``
    and a ``t`` argument. The checks further read ``L``, ``m``, ``x_star`` and
    ``f_star`` where their theorem needs them.

    Examples:
        >>> import gdtheory as gd
        >>> isinstance(gd.SeedQuadratic(), gd.Problem)
        True
    """

    dim: int

    def f(self, x: np.ndarray) -> Any: ...

    def grad(self, x: np.ndarray) -> np.ndarray: ...
