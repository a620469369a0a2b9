"""Methods that ask the problem for more than a gradient: Newton's method, line search, L-BFGS."""

from __future__ import annotations

__all__: list[str] = []
