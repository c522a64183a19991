"""Tuning grids: the configurations a model's `grid` (its tuning budget) spans, and the one
selection on the validation split that torch models and baselines share."""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterable
from typing import Any, TypeVar

Point = TypeVar("Point")
Result = TypeVar("Result")


def grid_points(grid: dict[str, list] | None) -> list[dict[str, Any]]:
    """Every configuration of `grid`, keys in sorted order and the last varying fastest (as
    scikit-learn's ParameterGrid, without importing it); one empty configuration without a
    grid."""
    keys = sorted(grid or {})
    return [dict(zip(keys, values, strict=True))
            for values in itertools.product(*(grid[key] for key in keys))]  # fmt: skip


def select_on_validation(
    points: Iterable[Point],
    evaluate: Callable[[Point], tuple[float, Result, dict[str, Any]]],
    higher_is_better: bool,
) -> tuple[Result, list[dict[str, Any]]]:
    """Fit and score every point (`evaluate` returns its validation value, what it fitted and
    its row of the tuning table) and keep the fit with the best value, the first on ties;
    returns it and the tuning rows (one per point: the declared budget). The test split is
    never read here: `evaluate` scores on validation."""
    best, best_value, rows = None, None, []
    for point in points:
        value, result, row = evaluate(point)
        rows.append(row)
        if best_value is None or (value > best_value if higher_is_better else value < best_value):
            best, best_value = result, value
    return best, rows
