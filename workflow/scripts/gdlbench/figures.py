"""Further figures (PNG + PDF, grey-scale): ROC and PR curves of each family's best model, the
cost/Pareto view, learning curves, and published beside reproduced numbers. Plotting only:
no torch import, so that the figure jobs start fast."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
from matplotlib.ticker import NullFormatter
from sklearn import metrics as skm

from gdlbench.metrics import primary_metric
from gdlbench.plots import (
    FAMILY_ORDER,
    FAMILY_STYLE,
    LINE_STYLES,
    MAX_DATASETS,
    ci_error,
    plt,
    save_figure,
)
from gdlbench.tasks import TASKS


def pooled_test_curve_data(paths: list[Path]) -> tuple[np.ndarray, np.ndarray]:
    """(y, scores) of the test rows of every seed's predictions, pooled; multiclass scores
    are flattened one-vs-rest against one-hot labels (micro-average)."""
    ys, scores = [], []
    for path in paths:
        frame = pd.read_csv(path, sep="\t")
        frame = frame[frame["split"] == "test"]
        columns = [c for c in frame.columns if c.startswith("score")]
        y = frame["y"].to_numpy()
        if len(columns) > 1:
            y = (y[:, None] == np.arange(len(columns))[None, :]).astype(int)
        ys.append(y.ravel())
        scores.append(frame[columns].to_numpy().ravel())
    return np.concatenate(ys), np.concatenate(scores)


def plot_roc_pr(
    curves: dict[str, dict[str, tuple[str, np.ndarray, np.ndarray]]], task: str, paths: list[Path]
) -> None:
    """One row per dataset (`curves`: dataset -> family -> (model, y, scores)): ROC and
    precision-recall curves of each family's best model, seeds pooled."""
    datasets = sorted(curves)[:MAX_DATASETS]
    fig, axes = plt.subplots(len(datasets), 2, figsize=(9, 3.8 * len(datasets)), squeeze=False)
    for (roc, pr), dataset in zip(axes, datasets, strict=True):
        for family in sorted(curves[dataset], key=FAMILY_ORDER.index):
            model, y, scores = curves[dataset][family]
            style, grey = LINE_STYLES[family]
            fpr, tpr, _ = skm.roc_curve(y, scores)
            precision, recall, _ = skm.precision_recall_curve(y, scores)
            auc, ap = skm.auc(fpr, tpr), skm.average_precision_score(y, scores)
            roc.plot(fpr, tpr, linestyle=style, color=grey, label=f"{model} ({family}) {auc:.3f}")
            pr.plot(
                recall, precision, linestyle=style, color=grey, label=f"{model} ({family}) {ap:.3f}"
            )
        prevalence = float(np.mean(y))
        roc.plot([0, 1], [0, 1], color="0.8", linewidth=0.8)
        pr.axhline(prevalence, color="0.8", linewidth=0.8)
        roc.set(
            xlabel="false positive rate",
            ylabel="true positive rate",
            title=f"{dataset}: ROC (legend: AUROC)",
        )
        pr.set(
            xlabel="recall",
            ylabel="precision",
            ylim=(0, 1.02),
            title=f"{dataset}: precision-recall (legend: AP)",
        )
        for ax in (roc, pr):
            ax.legend(fontsize=7, loc="lower right" if ax is roc else "lower left")
            ax.title.set_fontsize(9)
    kind = "micro-averaged one-vs-rest, " if TASKS[task].kind == "multiclass" else ""
    fig.suptitle(f"{task}: best model per family (chosen on validation), {kind}seeds pooled")
    save_figure(fig, paths)


COST_LABELS = {  # the cost columns of costs.tsv (gdlbench.costs.COSTS)
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


def plot_learning_curves(table: pd.DataFrame, task: str, paths: list[Path]) -> None:
    """One panel per dataset: the primary test metric (mean +- 95% CI) against the number of
    training examples, one line per model, styled by family."""
    metric = primary_metric(task)[0]
    table = table[(table["task"] == task) & (table["metric"] == metric)]
    datasets = sorted(table["dataset"].unique())[:MAX_DATASETS]
    fig, axes = plt.subplots(1, len(datasets), figsize=(4.6 * len(datasets), 4), squeeze=False)
    for ax, dataset in zip(axes[0], datasets, strict=True):
        for (family, model), rows in table[table["dataset"] == dataset].groupby(
            ["family", "model"], sort=True
        ):
            style, grey = LINE_STYLES[family]
            errors = [ci_error(r.mean, r.ci_low, r.ci_high) for r in rows.itertuples()]
            yerr = (
                None
                if any(e is None for e in errors)
                else [[e[0][0] for e in errors], [e[1][0] for e in errors]]
            )
            ax.errorbar(
                rows["n_train"],
                rows["mean"],
                yerr=yerr,
                linestyle=style,
                color=grey,
                marker=FAMILY_STYLE[family][1],
                markersize=5,
                capsize=2,
                label=f"{model} ({family})",
            )
        ax.set_xscale("log")
        sizes = sorted(table.loc[table["dataset"] == dataset, "n_train"].unique())
        ax.set_xticks(sizes, [str(n) for n in sizes])
        ax.xaxis.set_minor_formatter(NullFormatter())
        ax.set_xlabel("training examples (log)")
        ax.set_ylabel(f"test {metric} (mean ± 95% CI)")
        ax.set_title(dataset, loc="left", fontsize=9)
        ax.grid(color="0.92")
        ax.legend(fontsize=7)
    fig.suptitle(f"{task}: learning curves on nested training subsets")
    save_figure(fig, paths)
