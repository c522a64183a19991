"""What each interpreted model learned, per dataset: a bar per model (shaded by family) for
each truth measure the digest shows, the seed mean with its 95% t-interval."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from gdlbench.aggregate.interpretation import INTERPRETED, seed_summary
from gdlbench.figures.style import FAMILY_ORDER, FAMILY_STYLE, ci_error, plt, save_figure

# dashed reference lines
CHANCE = {"site_auroc_ism": 0.5, "partner_dependence_ism": 0.0, "mirna_dependence_ism": 0.0,
          "bin_auroc_occlusion": 0.5}  # fmt: skip


def plot_interpretation(table: pd.DataFrame, paths: list[Path]) -> None:
    """One row of panels per dataset, one panel per INTERPRETED measure; a measure that does
    not apply to a model (no filters, one motif planted) leaves its bar out."""
    datasets = sorted(table["dataset"].unique())
    summary = seed_summary(table).set_index(["dataset", "model", "measure"])
    fig, axes = plt.subplots(len(datasets), len(INTERPRETED), squeeze=False,
                             figsize=(3.4 * len(INTERPRETED), 2.6 * len(datasets)))  # fmt: skip
    for row, dataset in enumerate(datasets):
        runs = table[table["dataset"] == dataset]
        models = (runs[["model", "family"]].drop_duplicates()
                  .assign(order=lambda f: f["family"].map(FAMILY_ORDER.index))
                  .sort_values(["order", "model"]))  # fmt: skip
        for col, measure in enumerate(INTERPRETED):
            ax, drawn = axes[row][col], 0
            for x, (model, family) in enumerate(zip(models["model"], models["family"],
                                                    strict=True)):  # fmt: skip
                if (dataset, model, measure) not in summary.index:
                    continue
                mean, low, high = summary.loc[(dataset, model, measure), ["mean", "ci_low",
                                                                          "ci_high"]]  # fmt: skip
                ax.bar(x, mean, color=FAMILY_STYLE[family][0], edgecolor="black",
                       yerr=ci_error(mean, low, high), capsize=3)  # fmt: skip
                drawn += 1
            if not drawn:
                ax.text(0.5, 0.5, "does not apply", transform=ax.transAxes, ha="center",
                        color="0.4")  # fmt: skip
            if measure in CHANCE:
                ax.axhline(CHANCE[measure], color="0.5", linestyle="--", linewidth=0.8)
            ax.set_xticks(range(len(models)), models["model"], rotation=30, ha="right",
                          fontsize=7)  # fmt: skip
            ax.set_title(f"{dataset}: {measure}", fontsize=8)
    save_figure(fig, paths)
