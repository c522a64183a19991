"""Tuning grids: the configurations a model's `grid` (its tuning budget) spans."""

from __future__ import annotations

import itertools
from typing import Any


def grid_points(grid: dict[str, list] | None) -> list[dict[str, Any]]:
    """Every configuration of `grid`, keys in sorted order and the last varying fastest (as
    scikit-learn's ParameterGrid, without importing it); one empty configuration without a
    grid."""
    keys = sorted(grid or {})
    return [dict(zip(keys, values, strict=True))
            for values in itertools.product(*(grid[key] for key in keys))]  # fmt: skip
