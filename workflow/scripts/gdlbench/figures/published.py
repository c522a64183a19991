"""Published numbers beside this run's, with their verdicts."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from gdlbench.figures.style import ci_error, plt, save_figure


def plot_published(table: pd.DataFrame, paths: list[Path]) -> None:
    """Per metric, each registry number (open marker) beside the reproduced mean and 95% CI
    (filled), labelled with its verdict."""
    metrics = list(dict.fromkeys(table["metric"]))
    heights = [table["metric"].eq(m).sum() for m in metrics]
    fig, axes = plt.subplots(
        len(metrics),
        1,
        figsize=(8, 0.45 * sum(heights) + 1.2 * len(metrics)),
        squeeze=False,
        gridspec_kw={"height_ratios": heights},
    )
    for ax, metric in zip(axes[:, 0], metrics, strict=True):
        rows = table[table["metric"] == metric].reset_index(drop=True)
        for y, row in rows.iterrows():
            ax.plot(row["published"], y, "o", markerfacecolor="white", markeredgecolor="black")
            if pd.notna(row["reproduced"]):
                err = ci_error(row["reproduced"], row["ci_low"], row["ci_high"])
                ax.errorbar(row["reproduced"], y, xerr=err, fmt="s", color="0.3", capsize=3)
        labels = [f"{row.id} [{row.verdict}]" for row in rows.itertuples()]
        ax.set_yticks(range(len(rows)), labels, fontsize=7)
        ax.set_ylim(-0.6, len(rows) - 0.4)
        ax.invert_yaxis()
        ax.set_xlabel(f"test {metric} (open: published; filled: reproduced, mean ± 95% CI)")
        ax.grid(axis="x", color="0.92")
    fig.suptitle("Published numbers beside this run's")
    save_figure(fig, paths)
