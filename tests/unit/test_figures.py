"""The further figures draw from real-format inputs (prediction files, cost and published
tables) and write PNG and PDF."""

import subprocess
import sys
from pathlib import Path

import matplotlib.image
import numpy as np
import pandas as pd
from sklearn import metrics as skm

from gdlbench.aggregate.costs import COLUMNS as COST_COLUMNS
from gdlbench.aggregate.costs import COSTS
from gdlbench.aggregate.published import COLUMNS as PUBLISHED_COLUMNS
from gdlbench.evaluation.predictions import SplitPredictions, write_predictions
from gdlbench.figures import curves
from gdlbench.figures.costs import COST_LABELS, plot_costs
from gdlbench.figures.curves import plot_roc_pr
from gdlbench.figures.published import plot_published


def _drawn(paths) -> bool:
    image = matplotlib.image.imread(paths[0])
    return paths[1].stat().st_size > 1000 and (image[..., :3] < 0.5).mean() > 0.005


def _predictions(tmp_path, name, y, scores, task="splice"):
    """A prediction folder: the first 5 examples validation, the rest test."""
    rows = np.arange(len(y))
    splits = {split: SplitPredictions(rows[part], rows[part], y[part], scores[part])
              for split, part in (("valid", slice(0, 5)), ("test", slice(5, None)))}  # fmt: skip
    write_predictions(tmp_path / name, splits, {"task": task})
    return tmp_path / name


def test_pooled_counts_stack_seeds_and_flatten_multiclass(tmp_path, monkeypatch):
    """Counted a block of rows at a time, every seed's one-vs-rest pairs land in the bins."""
    monkeypatch.setattr(curves, "CURVE_ROWS", 16)
    rng = np.random.default_rng(0)
    y = rng.integers(0, 3, 105)
    scores = rng.dirichlet(np.ones(3), 105)
    paths = [_predictions(tmp_path, f"s{seed}", y, scores) for seed in range(2)]
    positives, negatives = curves.pooled_test_counts("splice", paths)
    assert positives.sum() + negatives.sum() == 2 * 100 * 3
    assert positives.sum() == 2 * 100  # one positive per example and seed


def test_binned_curves_equal_scikit_learn_where_bins_separate_the_scores():
    """With scores on a grid coarser than the bins (ties included), the binned ROC and PR
    curves give scikit-learn's AUROC and average precision; finer scores differ by less than
    the ties a bin makes."""
    rng = np.random.default_rng(2)
    y = rng.integers(0, 2, 3000)
    for grid in (20, 10**6):
        scores = np.clip(np.round(0.3 * y + rng.uniform(0.01, 0.7, 3000), 6), 1e-6, 1)
        scores = np.round(scores * grid) / grid if grid == 20 else scores
        bins = curves.score_bins(scores)
        positives = np.bincount(bins[y == 1], minlength=curves.CURVE_BINS)
        negatives = np.bincount(bins[y == 0], minlength=curves.CURVE_BINS)
        curve = curves.binned_curve(positives, negatives)
        tolerance = 1e-12 if grid == 20 else 1e-3
        assert abs(curve.auroc - skm.roc_auc_score(y, scores)) < tolerance
        assert abs(curve.average_precision - skm.average_precision_score(y, scores)) < tolerance
        assert curve.prevalence == y.mean() and curve.tpr[-1] == curve.fpr[-1] == 1.0


def test_roc_pr_figure(tmp_path):
    rng = np.random.default_rng(1)
    y = rng.integers(0, 2, 200)
    good, noise = y * 0.5 + rng.uniform(0, 0.5, 200), rng.uniform(0, 1, 200)
    predictions = {("d", "cnn"): {0: _predictions(tmp_path, "cnn", y, good)},
                   ("d", "rf"): {0: _predictions(tmp_path, "rf", y, noise)}}  # fmt: skip
    metrics = pd.DataFrame(
        [["tfbs", "d", "cnn", "cnn", 0, "valid", "auroc", 0.9],
         ["tfbs", "d", "rf", "baseline", 0, "valid", "auroc", 0.5]],
        columns=["task", "dataset", "model", "family", "seed", "split", "metric", "value"],
    )  # fmt: skip
    paths = [tmp_path / "tfbs_roc_pr.png", tmp_path / "tfbs_roc_pr.pdf"]
    chosen = plot_roc_pr(metrics, predictions, "tfbs", paths)
    assert chosen == {"d": {"baseline": "rf", "cnn": "cnn"}}
    assert _drawn(paths)


def test_cost_figure_labels_every_cost_column():
    assert list(COST_LABELS) == COSTS


def test_cost_figure(tmp_path):
    rows = [["tfbs", "d", model, family, 3, 3 * s, s, mem, n, "auroc", v, v - 0.02, v + 0.02,
             pareto] for model, family, s, mem, n, v, pareto in (
        ("cnn", "cnn", 20.0, 900.0, 50_000, 0.9, True),
        ("rf", "baseline", 2.0, 300.0, 4_000, 0.85, True),
        ("mlp", "ann", 30.0, 950.0, 80_000, 0.8, False))]  # fmt: skip
    paths = [tmp_path / "tfbs_costs.png", tmp_path / "tfbs_costs.pdf"]
    plot_costs(pd.DataFrame(rows, columns=COST_COLUMNS), "tfbs", paths)
    assert _drawn(paths)


def test_published_figure_with_reproduced_and_missing_numbers(tmp_path):
    rows = [
        [
            "a",
            "histone",
            "h",
            "deepchrome",
            "auroc",
            0.80,
            0.79,
            0.77,
            0.81,
            5,
            "reproduced",
            "",
            "ref",
        ],
        ["b", "dgex", "g", "mlp", "mae", 0.32, np.nan, np.nan, np.nan, 0, "not run", "", "ref"],
    ]
    paths = [tmp_path / "published.png", tmp_path / "published.pdf"]
    plot_published(pd.DataFrame(rows, columns=PUBLISHED_COLUMNS), paths)  # fmt: skip
    assert _drawn(paths)


def test_figure_and_table_modules_start_without_torch():
    """Figure and table jobs start fast: none of their modules imports torch."""
    modules = ["figures.curves", "figures.costs", "figures.tasks", "figures.published",
               "figures.cell_types", "figures.targets", "figures.interpretation",
               "aggregate.compare", "aggregate.stats", "aggregate.interpretation",
               "aggregate.digest", "aggregate.published", "aggregate.win_rates",
               "aggregate.targets"]  # fmt: skip
    code = "; ".join(f"import gdlbench.{m}" for m in modules)
    code += "; import sys; assert 'torch' not in sys.modules, 'torch was imported'"
    scripts = Path(__file__).resolve().parents[2] / "workflow" / "scripts"
    subprocess.run([sys.executable, "-c", code], cwd=scripts, check=True)


def test_an_interval_beside_its_estimate_draws_a_bar_that_stops_at_the_estimate(tmp_path):
    """A percentile interval need not hold the point estimate (a median over targets tied at
    0.5): the task figure still draws, its bar ending at the estimate on that side."""
    from gdlbench.figures.style import ci_error
    from gdlbench.figures.tasks import plot_task

    low, high = ci_error(0.5022, 0.5, 0.5018)
    assert abs(low[0] - 0.0022) < 1e-12 and high == [0.0]
    summary = pd.DataFrame({"task": "chromatin", "dataset": "d", "model": ["a", "b"],
                            "family": ["baseline", "cnn"], "metric": "auroc_median",
                            "mean": [0.5022, 0.8], "ci_low": [0.5, 0.7],
                            "ci_high": [0.5018, 0.9], "n_seeds": 1})  # fmt: skip
    plot_task(summary, "chromatin", [tmp_path / "task.png"])
    assert (tmp_path / "task.png").stat().st_size > 0


def test_the_interpretation_figure_draws_every_dataset_and_skips_what_does_not_apply(tmp_path):
    from gdlbench.figures.interpretation import plot_interpretation

    rows = [["tfbs", dataset, model, family, seed, measure, 0.6 + 0.01 * seed]
            for dataset in ("one_motif", "two_motifs") for seed in range(3)
            for model, family in (("cnn", "cnn"), ("rnn", "rnn"))
            for measure in ("site_auroc_ism", "motif_recall", "partner_dependence_ism")
            if not (model == "rnn" and measure == "motif_recall")
            and not (dataset == "one_motif" and measure == "partner_dependence_ism")]  # fmt: skip
    table = pd.DataFrame(rows, columns=["task", "dataset", "model", "family", "seed", "measure",
                                        "value"])  # fmt: skip
    paths = [tmp_path / "interpretation.png", tmp_path / "interpretation.pdf"]
    plot_interpretation(table, paths)
    assert _drawn(paths)


def _interpretation_arrays(rng) -> dict[str, np.ndarray]:
    """A sequence model's saved interpretation arrays (gdlbench.interpret.run): 4 sampled
    60 bp sequences, CTCF planted in the first two, ISM attributions, two seqlets, and five
    filters matching JASPAR -- four SP1 at small q-values, one the planted CTCF at 0.04."""
    from gdlbench.data.motifs import jaspar_collection
    from gdlbench.interpret.run import learned_arrays

    collection = jaspar_collection()
    ctcf, sp1 = (next(m for m in collection.ids if m.startswith(base))
                 for base in ("MA0139", "MA0079"))  # fmt: skip
    codes = rng.integers(0, 4, (4, 60))
    planted = np.zeros((4, 60), dtype=bool)
    planted[:2, 20:39] = True
    learned = [("filters", f, rng.dirichlet(np.ones(4), 9).T, sp1, "SP1", 0.001 * (f + 1), "+")
               for f in range(4)]  # fmt: skip
    learned.append(("filters", 4, collection.matrices[collection.ids.index(ctcf)], ctcf, "CTCF",
                    0.04, "-"))  # fmt: skip
    learned.append(("seqlets_ism", 0, np.eye(4)[codes[0, 20:35]].T, ctcf, "CTCF", 0.01, "+"))
    return {"rows": np.arange(10, 14), "planted": planted, "sequences": codes,
            "planted_motifs": np.array([ctcf]), "planted_each": planted[None],
            "ism": np.eye(4)[codes].transpose(0, 2, 1) * rng.normal(size=(4, 1, 60)),
            "seqlets_ism": np.array([[0, 20, 35], [1, 5, 20]]), "filters": np.arange(5) * 3,
            **learned_arrays(learned)}  # fmt: skip


def test_the_learned_motifs_drawn_are_those_matching_a_planted_motif_first():
    from gdlbench.figures.interpretation_examples import LOGOS, drawn_motifs

    saved = _interpretation_arrays(np.random.default_rng(0))
    filters = drawn_motifs(saved, "filters")
    assert [motif["name"] for motif in filters] == ["CTCF"] + ["SP1"] * (LOGOS - 1)
    assert [motif["q"] for motif in filters[1:]] == sorted(motif["q"] for motif in filters[1:])
    assert filters[0]["index"] == 4 and filters[0]["strand"] == "-"
    assert [motif["index"] for motif in drawn_motifs(saved, "seqlets_ism")] == [0]
    assert drawn_motifs(saved, "seqlets_deep_lift_shap") == []


def test_the_interpretation_examples_draw_tracks_logos_and_occlusion(tmp_path):
    """A sequence model's tracks and logos, one with nothing matched, and a histone-mark
    model's occlusion (the nothing-matched case failed at first: no matrices to split)."""
    from gdlbench.data.motifs import jaspar_collection
    from gdlbench.figures.interpretation_examples import plot_examples
    from gdlbench.interpret.run import learned_arrays

    rng = np.random.default_rng(0)
    saved = _interpretation_arrays(rng)
    causal = np.zeros((5, 100), dtype=bool)
    causal[0, 40:60] = causal[3] = True
    marks = {"rows": np.arange(4), "causal": causal, "marks": np.array(list("ABCDE")),
             "occlusion_marks": rng.random(5), "occlusion_cells": rng.random((5, 10))}  # fmt: skip
    for name, arrays in (("sequence", saved), ("unmatched", {**saved, **learned_arrays([])}),
                         ("marks", marks)):  # fmt: skip
        path = tmp_path / f"{name}.png"
        plot_examples(arrays, jaspar_collection(), name, [path])
        assert (matplotlib.image.imread(path)[..., :3] < 0.5).mean() > 0.005


def test_overlapping_marks_under_a_track_go_to_separate_rows():
    """Planted sites take the first rows, seqlets the rows below them; a mark overlapping one
    already in a row goes to the next (three overlapping seqlets drew as one bar before)."""
    from gdlbench.figures.interpretation_examples import mark_lanes

    marks = [("planted", 10, 20, 0), ("seqlet", 5, 15, 1), ("seqlet", 12, 30, 1),
             ("seqlet", 40, 50, 1), ("planted", 30, 40, 0), ("seqlet", 14, 16, 1)]  # fmt: skip
    assert mark_lanes(marks) == [0, 1, 2, 1, 0, 3]
    assert mark_lanes([]) == []
