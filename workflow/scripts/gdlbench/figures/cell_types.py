"""One model against another, one point per cell type of a collection (histone)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from gdlbench.aggregate.cell_types import with_cell_types
from gdlbench.figures.style import plt, save_figure


def _extents(pairs: pd.DataFrame, axis: str) -> list[pd.Series]:
    """Error-bar extents of one axis's CIs, stopping at the estimate where an interval lies
    beside it (gdlbench.figures.style.ci_error)."""
    mean = pairs[f"mean_{axis}"]
    return [(mean - pairs[f"ci_low_{axis}"]).clip(lower=0),
            (pairs[f"ci_high_{axis}"] - mean).clip(lower=0)]  # fmt: skip


def plot_model_pair(
    summary: pd.DataFrame,
    cell_types: pd.DataFrame,
    x_model: str,
    y_model: str,
    metric: str,
    paths: list[Path],
) -> None:
    """Scatter of `y_model` against `x_model`, one point per cell type (seed-mean test
    `metric`, with 95% CI whiskers), and the diagonal."""
    rows = with_cell_types(summary, cell_types)
    rows = rows[rows["metric"] == metric]
    pairs = rows[rows["model"] == x_model].merge(
        rows[rows["model"] == y_model], on=["collection", "cell_type"], suffixes=("_x", "_y")
    )
    fig, ax = plt.subplots(figsize=(4.6, 4.4))
    ax.errorbar(
        pairs["mean_x"],
        pairs["mean_y"],
        xerr=_extents(pairs, "x"),
        yerr=_extents(pairs, "y"),
        fmt="o",
        color="0.3",
        ecolor="0.6",
        markeredgecolor="black",
        capsize=2,
    )
    for row in pairs.itertuples():
        ax.annotate(row.cell_type, (row.mean_x, row.mean_y), fontsize=6, xytext=(3, 3),
                    textcoords="offset points")  # fmt: skip
    values = pd.concat([pairs["ci_low_x"], pairs["ci_low_y"], pairs["ci_high_x"],
                        pairs["ci_high_y"]]).dropna()  # fmt: skip
    low = min(values.min(), 0.5) if len(values) else 0.5
    ax.plot([low, 1], [low, 1], color="black", linewidth=0.8, linestyle="--")
    ax.set_xlim(low, 1)
    ax.set_ylim(low, 1)
    ax.set_xlabel(f"{x_model} test {metric}")
    ax.set_ylabel(f"{y_model} test {metric}")
    above = int((pairs["mean_y"] > pairs["mean_x"]).sum())
    ax.set_title(f"{y_model} above the diagonal in {above} of {len(pairs)} cell types", fontsize=9)
    save_figure(fig, paths)
