"""Curves of the best models: ROC and precision-recall of each family's best model (chosen on
validation) per dataset, and learning curves against the training-set size."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
from matplotlib.ticker import NullFormatter
from sklearn import metrics as skm

from gdlbench.aggregate.compare import best_models
from gdlbench.evaluation.predictions import read_predictions
from gdlbench.figures.style import (
    FAMILY_ORDER,
    FAMILY_STYLE,
    LINE_STYLES,
    MAX_DATASETS,
    ci_error,
    plt,
    save_figure,
)
from gdlbench.kinds import KINDS, primary_metric, task_kind


def pooled_test_curve_data(task: str, paths: list[Path]) -> tuple[np.ndarray, np.ndarray]:
    """(labels, scores) of the test rows of every seed's predictions, pooled and flattened by
    the task kind (multiclass: one-vs-rest, i.e. micro-averaged)."""
    kind = task_kind(task)
    ys, scores = [], []
    for path in paths:
        test = read_predictions(path, "test")
        labels, ranked = kind.ranking_pairs(test.y, test.scores)
        ys.append(labels)
        scores.append(ranked)
    return np.concatenate(ys), np.concatenate(scores)


def plot_roc_pr(
    metrics: pd.DataFrame,
    predictions: dict[tuple[str, str], dict[int, Path]],
    task: str,
    paths: list[Path],
) -> dict[str, dict[str, str]]:
    """One row per dataset: ROC and precision-recall curves of each family's best model
    (chosen on validation, gdlbench.aggregate.compare.best_models), seeds pooled;
    `predictions`: (dataset, model) -> seed -> its prediction file. Returns the chosen
    models (dataset -> family -> model)."""
    chosen, curves = {}, {}
    for dataset in sorted({dataset for dataset, _ in predictions}):
        chosen[dataset] = best_models(metrics, task, dataset)
        curves[dataset] = {}
        for family, model in chosen[dataset].items():
            seeds = list(predictions[(dataset, model)].values())
            curves[dataset][family] = (model, *pooled_test_curve_data(task, seeds))
    _draw_roc_pr(curves, task, paths)
    return chosen


def _draw_roc_pr(
    curves: dict[str, dict[str, tuple[str, np.ndarray, np.ndarray]]], task: str, paths: list[Path]
) -> None:
    datasets = sorted(curves)[:MAX_DATASETS]
    fig, axes = plt.subplots(len(datasets), 2, figsize=(9, 3.8 * len(datasets)), squeeze=False)
    for (roc, pr), dataset in zip(axes, datasets, strict=True):
        for family in sorted(curves[dataset], key=FAMILY_ORDER.index):
            model, y, scores = curves[dataset][family]
            style, grey = LINE_STYLES[family]
            fpr, tpr, _ = skm.roc_curve(y, scores)
            precision, recall, _ = skm.precision_recall_curve(y, scores)
            pooled = KINDS["binary"].compute(y, scores, ["auroc", "auprc"])
            auc, ap = pooled["auroc"], pooled["auprc"]
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
    pooled = f"{task_kind(task).pooling}, " if task_kind(task).pooling else ""
    fig.suptitle(f"{task}: best model per family (chosen on validation), {pooled}seeds pooled")
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
