"""One model against another, one point per target of a multi-target dataset (DanQ against
DeepSEA over chromatin profiles, as in the DanQ paper)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from gdlbench.aggregate.targets import compared_metric, paired_targets
from gdlbench.aggregate.win_rates import win_rate_row
from gdlbench.figures.style import TARGET_TYPE_STYLE, plt, save_figure


def plot_target_pair(
    targets: pd.DataFrame, task: str, dataset: str, model: str, reference: str, paths: list[Path]
) -> None:
    """Scatter of `model` (y) against `reference` (x), one point per target (seed-mean test
    value of the compared metric, targets.tsv), coloured by target type, with the diagonal;
    the title gives the win rate and sign-test p, the legend each type's medians."""
    pairs = paired_targets(targets, task, dataset, model, reference)
    metric = compared_metric(task)
    fig, ax = plt.subplots(figsize=(4.8, 4.6))
    groups = [("targets", pairs[pairs["target_type"].isna()])]
    groups += list(pairs.dropna(subset=["target_type"]).groupby("target_type", sort=True))
    for kind, part in groups:
        if part.empty:
            continue
        colour, marker = TARGET_TYPE_STYLE.get(kind, ("0.4", "o"))
        label = (f"{kind} (n={len(part)}): median {part['value_model'].median():.3f} vs "
                 f"{part['value_reference'].median():.3f}")  # fmt: skip
        ax.scatter(part["value_reference"], part["value_model"], s=9, alpha=0.7, color=colour,
                   marker=marker, linewidths=0, label=label)  # fmt: skip
    values = pd.concat([pairs["value_model"], pairs["value_reference"]])
    low, high = (values.min(), values.max()) if len(values) else (0.0, 1.0)
    pad = 0.03 * (high - low) or 0.01
    ax.plot([low - pad, high + pad], [low - pad, high + pad], color="black", linewidth=0.8,
            linestyle="--")  # fmt: skip
    ax.set_xlim(low - pad, high + pad)
    ax.set_ylim(low - pad, high + pad)
    ax.set_xlabel(f"{reference} test {metric}")
    ax.set_ylabel(f"{model} test {metric}")
    _, wins, _, _, rate, _, sign_p, _ = win_rate_row(pairs["difference"].to_numpy())
    ax.set_title(
        f"{dataset}: {model} better on {wins} of {len(pairs)} targets\n"
        f"(win rate {rate:.0%}, sign test p = {sign_p:.2g}); median {metric} "
        f"{pairs['value_model'].median():.3f} vs {pairs['value_reference'].median():.3f}",
        fontsize=8,
    )
    if len(pairs):
        ax.legend(fontsize=6, loc="lower right", markerscale=1.5)
    save_figure(fig, paths)
