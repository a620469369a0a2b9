r"""Convergence theory, checked numerically: the bounds and the checks, under one name.

The bounds live in ``gdtheory.bounds`` (pure functions of the
step count and the problem's constants), the checks that hold a run to them in
``gdtheory.checks``. This module gathers both, as it did before
they were split, so that ``from gdtheory.convergence import check_gd_convex``
keeps working.

Examples:
    >>> from gdtheory.convergence import check_gd_convex, gd_convex_bound
    >>> import gdtheory as gd
    >>> check_gd_convex is gd.check_gd_convex and gd_convex_bound is gd.gd_convex_bound
    True
"""

from __future__ import annotations

from . import bounds, checks
from .bounds import *  # noqa: F403
from .checks import *  # noqa: F403

__all__ = [*bounds.__all__, *checks.__all__]
