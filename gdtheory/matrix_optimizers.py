"""Optimizers that treat a matrix parameter as a matrix: Adafactor and Muon."""

from __future__ import annotations

__all__: list[str] = []
