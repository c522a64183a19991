"""Curves of the best models: ROC and precision-recall of each family's best model (chosen on
validation) per dataset, and learning curves against the training-set size."""

from __future__ import annotations

from pathlib import Path
from typing import NamedTuple

import numpy as np
import pandas as pd
from matplotlib.ticker import NullFormatter

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
from gdlbench.kinds import primary_metric, task_kind

CURVE_BINS = 2**14  # score bins of a pooled curve, uniform on the logit of the score
LOGIT_RANGE = 16.0  # logits clipped to +-16: probabilities 1e-7 .. 1 - 1e-7
CURVE_ROWS = 20_000  # prediction rows read at once


def score_bins(scores: np.ndarray) -> np.ndarray:
    """The curve bin of each probability: uniform on its logit, so that the many small scores
    of rare targets keep their resolution."""
    p = np.clip(np.asarray(scores, dtype=np.float64), 1e-300, 1.0)
    logit = np.clip(np.log(p) - np.log1p(-np.minimum(p, 1 - 1e-16)), -LOGIT_RANGE, LOGIT_RANGE)
    scaled = (logit + LOGIT_RANGE) / (2 * LOGIT_RANGE) * CURVE_BINS
    return np.minimum(scaled.astype(np.int64), CURVE_BINS - 1)


def pooled_test_counts(task: str, paths: list[Path]) -> tuple[np.ndarray, np.ndarray]:
    """(positives, negatives) per score bin of the test rows of every seed's predictions,
    pooled and flattened by the task kind (multiclass: one-vs-rest, i.e. micro-averaged),
    read a block of rows at a time: the memory of the bins at any test set's size (DeepSEA's
    455 024 windows x 919 profiles x 5 seeds would be 2 G pairs)."""
    kind = task_kind(task)
    positives, negatives = np.zeros(CURVE_BINS), np.zeros(CURVE_BINS)
    for path in paths:
        test = read_predictions(path, "test")
        for start in range(0, len(test.y), CURVE_ROWS):
            rows = slice(start, start + CURVE_ROWS)
            labels, ranked = kind.ranking_pairs(test.y[rows], test.scores[rows])
            bins, hit = score_bins(ranked), np.asarray(labels) == 1
            positives += np.bincount(bins[hit], minlength=CURVE_BINS)
            negatives += np.bincount(bins[~hit], minlength=CURVE_BINS)
    return positives, negatives


class Curve(NamedTuple):
    fpr: np.ndarray
    tpr: np.ndarray
    precision: np.ndarray
    recall: np.ndarray
    auroc: float
    average_precision: float
    prevalence: float


def binned_curve(positives: np.ndarray, negatives: np.ndarray) -> Curve:
    """ROC and precision-recall curves at every occupied bin's lower edge, from the highest
    scores down; examples in one bin are ties. AUROC by the trapezoid rule (ties count half),
    average precision step-wise (scikit-learn's definitions): both exact where no bin holds
    a positive and a negative of different scores."""
    occupied = (positives + negatives)[::-1] > 0
    hits = np.cumsum(positives[::-1])[occupied]
    false = np.cumsum(negatives[::-1])[occupied]
    tpr, fpr = hits / hits[-1], false / false[-1]
    precision = hits / (hits + false)
    heights = (np.r_[0.0, tpr[:-1]] + tpr) / 2
    auroc = float(np.sum(np.diff(np.r_[0.0, fpr]) * heights))
    average_precision = float(np.sum(np.diff(np.r_[0.0, tpr]) * precision))
    return Curve(np.r_[0.0, fpr], np.r_[0.0, tpr], precision, tpr, auroc, average_precision,
                 float(hits[-1] / (hits[-1] + false[-1])))  # fmt: skip


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
            curves[dataset][family] = (model, binned_curve(*pooled_test_counts(task, seeds)))
    _draw_roc_pr(curves, task, paths)
    return chosen


def _draw_roc_pr(curves: dict[str, dict[str, tuple[str, Curve]]], task: str, paths: list[Path]):
    datasets = sorted(curves)[:MAX_DATASETS]
    fig, axes = plt.subplots(len(datasets), 2, figsize=(9, 3.8 * len(datasets)), squeeze=False)
    for (roc, pr), dataset in zip(axes, datasets, strict=True):
        for family in sorted(curves[dataset], key=FAMILY_ORDER.index):
            model, curve = curves[dataset][family]
            style, grey = LINE_STYLES[family]
            label = f"{model} ({family})"
            roc.plot(curve.fpr, curve.tpr, linestyle=style, color=grey,
                     label=f"{label} {curve.auroc:.3f}")  # fmt: skip
            pr.plot(curve.recall, curve.precision, linestyle=style, color=grey,
                    label=f"{label} {curve.average_precision:.3f}")  # fmt: skip
        roc.plot([0, 1], [0, 1], color="0.8", linewidth=0.8)
        pr.axhline(curve.prevalence, color="0.8", linewidth=0.8)
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
