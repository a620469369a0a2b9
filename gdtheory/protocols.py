"""The two contracts the run loop, the checks and the search are written against.

They are structural types (``typing.Protocol``): any object with these members
qualifies, whether or not it inherits from anything. [`Optimizer`][gdtheory.Optimizer]
lives with the optimizers; [`Problem`][gdtheory.Problem] is what
[`minimize`][gdtheory.minimize] asks of a problem; [`Oracle`][gdtheory.Oracle] is
what the run loop answers to an optimizer that needs more than a gradient (it
declares ``needs`` and its step takes the oracle: ``step(x, g, state, oracle)``).
"""

from __future__ import annotations

from typing import Any, Protocol, runtime_checkable

import numpy as np

from .optimizers import Optimizer  # noqa: F401  (re-exported for the type hints)

__all__ = ["Oracle", "Problem"]


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


@runtime_checkable
class Oracle(Protocol):
    r"""What the run loop hands to the ``step`` of a method that declares ``needs``.

    An optimizer whose step needs more than the gradient at its query point (Newton's
    Hessian, a line search's function values, L-BFGS's re-evaluations) says so in a
    class attribute ``needs`` (any of ``"f"``, ``"grad"``, ``"hess"``) and takes the
    oracle as a fourth argument, ``step(x, g, state, oracle)``.
    [`minimize`][gdtheory.minimize] answers with a
    [`ProblemOracle`][gdtheory.ProblemOracle] of the full objective; the values are
    those of the problem at any point, ``hvp(x, v)`` $= \nabla^2 f(x) v$.

    Examples:
        >>> import gdtheory as gd
        >>> isinstance(gd.ProblemOracle(gd.SeedQuadratic(), ("f",)), gd.Oracle)
        True
    """

    def f(self, x: np.ndarray) -> Any: ...

    def grad(self, x: np.ndarray) -> np.ndarray: ...

    def value_and_grad(self, x: np.ndarray) -> tuple[Any, np.ndarray]: ...

    def hess(self, x: np.ndarray) -> np.ndarray: ...

    def hvp(self, x: np.ndarray, v: np.ndarray) -> np.ndarray: ...
