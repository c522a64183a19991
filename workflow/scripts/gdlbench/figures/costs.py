"""Each model's primary test metric against its costs, with the Pareto front."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from gdlbench.figures.style import (
    FAMILY_ORDER,
    FAMILY_STYLE,
    MAX_DATASETS,
    ci_error,
    plt,
    save_figure,
)

COST_LABELS = {  # the cost columns of costs.tsv (gdlbench.aggregate.costs.COSTS)
    "train_s_per_seed": "training wall time per seed (s, log)",
    "peak_rss_mb": "peak memory of the training job (MB)",
    "n_parameters": "fitted parameters (log)",
}
COSTS = list(COST_LABELS)


def plot_costs(table: pd.DataFrame, task: str, paths: list[Path]) -> None:
    """One row per dataset, one panel per cost: the primary test metric (mean +- 95% CI)
    against the cost; the Pareto front (costs.pareto_front over all three costs) is drawn
    with black-edged markers and named."""
    table = table[table["task"] == task]
    datasets = sorted(table["dataset"].unique())[:MAX_DATASETS]
    fig, axes = plt.subplots(
        len(datasets), len(COSTS), figsize=(4.2 * len(COSTS), 3.6 * len(datasets)), squeeze=False
    )
    for row_axes, dataset in zip(axes, datasets, strict=True):
        rows = table[table["dataset"] == dataset]
        for ax, cost in zip(row_axes, COSTS, strict=True):
            for row in rows.itertuples():
                shade, marker = FAMILY_STYLE[row.family]
                err = ci_error(row.value, row.ci_low, row.ci_high)
                ax.errorbar(
                    getattr(row, cost),
                    row.value,
                    yerr=err,
                    fmt=marker,
                    color=shade,
                    ecolor="0.5",
                    markeredgecolor="black" if row.pareto else shade,
                    markersize=8 if row.pareto else 5,
                    capsize=2,
                )
                if row.pareto:
                    ax.annotate(
                        row.model,
                        (getattr(row, cost), row.value),
                        fontsize=6,
                        xytext=(3, 3),
                        textcoords="offset points",
                    )
            if cost != "peak_rss_mb":
                ax.set_xscale("log")
            ax.set_xlabel(COST_LABELS[cost])
            ax.set_ylabel(f"test {rows['metric'].iloc[0]}")
            ax.grid(color="0.92")
        row_axes[0].set_title(dataset, loc="left", fontsize=9)
    handles = [
        plt.Line2D(
            [], [], marker=FAMILY_STYLE[f][1], color=FAMILY_STYLE[f][0], linestyle="", label=f
        )
        for f in FAMILY_ORDER
        if f in set(table["family"])
    ]
    axes[0][-1].legend(handles=handles, fontsize=7, loc="best")
    metric = table["metric"].iloc[0]
    fig.suptitle(f"{task}: test {metric} against cost (large, outlined: Pareto front)")
    save_figure(fig, paths)
