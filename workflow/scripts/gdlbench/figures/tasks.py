"""Per task, every model's test metrics with 95% CIs, grouped and shaded by family."""

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


def plot_task(summary: pd.DataFrame, task: str, paths: list[Path]) -> None:
    """Dot-and-whisker panels (one per dataset x metric) of mean test metric +- 95% CI; the
    first MAX_DATASETS datasets (by name) when there are more, said in the title."""
    table = summary[summary["task"] == task].copy()
    table["family_rank"] = table["family"].map(FAMILY_ORDER.index)
    datasets, metrics = sorted(table["dataset"].unique()), list(dict.fromkeys(table["metric"]))
    shown = (
        f"first {MAX_DATASETS} of {len(datasets)} datasets, "
        if len(datasets) > MAX_DATASETS
        else ""
    )
    datasets = datasets[:MAX_DATASETS]
    height = 0.45 * table["model"].nunique() * len(datasets) + 1.6
    fig, axes = plt.subplots(
        len(datasets), len(metrics), figsize=(3.6 * len(metrics), height), squeeze=False
    )
    for r, dataset in enumerate(datasets):
        for c, metric in enumerate(metrics):
            ax = axes[r][c]
            rows = table[(table["dataset"] == dataset) & (table["metric"] == metric)]
            rows = rows.sort_values(["family_rank", "model"]).reset_index(drop=True)
            for y, row in rows.iterrows():
                shade, marker = FAMILY_STYLE[row["family"]]
                ax.errorbar(
                    row["mean"],
                    y,
                    xerr=ci_error(row["mean"], row["ci_low"], row["ci_high"]),
                    fmt=marker,
                    color=shade,
                    markeredgecolor="black",
                    ecolor="black",
                    capsize=3,
                )
            labels = [f"{row.model} ({row.family})" for row in rows.itertuples()]
            ax.set_yticks(range(len(rows)), labels if c == 0 else [])
            ax.set_xlabel(f"{metric} (test, mean ± 95% CI)")
            ax.set_title(dataset if c == 0 else "", loc="left", fontsize=9)
            ax.grid(axis="x", color="0.9")
    fig.suptitle(f"{task}: test metrics over seeds ({shown}n = {int(table['n_seeds'].max())})")
    save_figure(fig, paths)
