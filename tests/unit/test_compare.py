"""Seed-level paired comparisons on cases with known answers, best-model choice on the
validation split, Holm adjustment and labels."""

import numpy as np
import pandas as pd
import pytest

from gdlbench.aggregate import compare
from gdlbench.aggregate.compare import (
    COLUMNS,
    adjust,
    best_models,
    compare_families,
    label,
    paired_difference,
)
from gdlbench.aggregate.stats import holm_adjusted
from gdlbench.evaluation.predictions import SplitPredictions, write_predictions
from gdlbench.ranking import auroc

SETTINGS = {"n_bootstrap": 300, "seed": 0, "at_chance": "include", "ensembles": False}
METRIC_COLUMNS = ["task", "dataset", "model", "family", "seed", "split", "metric", "value"]


def _binary(n=300, seed=0):
    rng = np.random.default_rng(seed)
    y = rng.integers(0, 2, n)
    good = np.clip(y * 0.6 + rng.uniform(0, 0.4, n), 0, 1)  # separates the classes
    noise = rng.uniform(0, 1, n)  # does not
    return y, good, noise


def test_identical_models_have_a_ci_covering_zero():
    y, good, _ = _binary()
    difference, low, high, p, used = paired_difference("tfbs", y, [good], [good.copy()], 300, [0])
    assert difference == 0 and low <= 0 <= high and p == 1.0 and used == 300


def test_a_clearly_better_model_is_significant():
    y, good, noise = _binary()
    difference, low, high, p, _ = paired_difference("tfbs", y, [good] * 3, [noise], 300, [0])
    assert difference > 0.3 and low > 0 and p < 0.05


def test_errors_count_lower_as_better():
    rng = np.random.default_rng(1)
    y = rng.normal(0, 1, (200, 3))
    close, far = y + rng.uniform(-0.5, 0.5, y.shape), y + rng.uniform(-1.5, 1.5, y.shape)
    difference, low, high, p, _ = paired_difference("dgex", y, [close], [far], 200, [1])
    assert difference > 0 and 0 < low < difference < high and p < 0.05


def _ensembling_case(n=2000):
    """Three seeds, each a noisy copy of one signal (seed-to-seed variance), and a
    deterministic baseline about as good as one seed: averaging the seeds cancels their
    noise, so the ensemble beats the baseline while the seed mean does not."""
    rng = np.random.default_rng(7)
    y = rng.integers(0, 2, n)
    signal = y + rng.normal(0, 0.7, n)
    seeds = [signal + rng.normal(0, 1.5, n) for _ in range(3)]
    baseline = signal + np.random.default_rng(1).normal(0, 1.45, n)
    return y, seeds, baseline


def _write_predictions(tmp_path, y, scores_by_model, clusters=None):
    """(dataset "d", model) -> seed -> a prediction file of the test rows."""
    paths = {}
    for model, seeds in scores_by_model.items():
        for seed, scores in enumerate(seeds):
            path = tmp_path / f"{model}_{seed}"
            rows = np.arange(len(y))
            test = SplitPredictions(rows, rows if clusters is None else clusters, y, scores)
            write_predictions(path, {"test": test}, {"task": "tfbs"})
            paths.setdefault(("d", model), {})[seed] = path
    return paths


def _metrics(values):
    """metrics.tsv rows: (model, family, seed, split, metric, value)."""
    return pd.DataFrame([["tfbs", "d", *row] for row in values], columns=METRIC_COLUMNS)


def test_the_unit_is_a_seed_not_an_ensemble_of_seeds(tmp_path):
    """The seed mean does not beat the deterministic baseline, though the seeds' ensemble
    does: the comparison reports the seed-mean difference, with an interval holding 0 and
    no significance; the ensemble row (on request) says what ensembling adds."""
    y, seeds, baseline = _ensembling_case()
    seed_mean = np.mean([auroc(y, s) for s in seeds]) - auroc(y, baseline)
    ensemble = auroc(y, np.mean(seeds, axis=0)) - auroc(y, baseline)
    assert ensemble > 0.05 and abs(seed_mean) < 0.01
    paths = _write_predictions(tmp_path, y, {"cnn": seeds, "logreg": [baseline] * 3})
    metrics = _metrics([(m, f, s, "valid", "auroc", 0.7) for m, f in (("cnn", "cnn"),
                        ("logreg", "baseline")) for s in range(3)])  # fmt: skip
    (row,) = compare_families(metrics, paths, "tfbs", "d", SETTINGS)
    row = dict(zip(COLUMNS, row, strict=True))
    assert row["comparison"] == "seeds"
    assert row["difference"] == pytest.approx(seed_mean, abs=1e-12)
    assert row["ci_low"] < 0 < row["ci_high"] and row["p_value"] > 0.05
    assert row["family_seeds"] == "0,1,2" and row["n_bootstrap"] == 300
    # a deterministic baseline is one model: no ensemble of three to set against the seeds'
    assert len(compare_families(metrics, paths, "tfbs", "d", {**SETTINGS, "ensembles": True})) == 1
    # a bagged baseline (seeds on bootstrap resamples of train) is: its ensemble is the partner
    bagged = [baseline + np.random.default_rng(k).normal(0, 0.3, len(y)) for k in range(3)]
    paths.update(_write_predictions(tmp_path, y, {"logreg_bag": bagged}))
    metrics = pd.concat([metrics, _metrics([("logreg_bag", "baseline", s, "valid", "auroc", 0.6)
                                            for s in range(3)])])  # fmt: skip
    rows = compare_families(metrics, paths, "tfbs", "d", {**SETTINGS, "ensembles": True})
    seeds_row, ensemble_row = (dict(zip(COLUMNS, r, strict=True)) for r in rows)
    assert (seeds_row["comparison"], seeds_row["baseline"]) == ("seeds", "logreg")
    assert (ensemble_row["comparison"], ensemble_row["baseline"]) == ("ensemble", "logreg_bag")
    expected = auroc(y, np.mean(seeds, axis=0)) - auroc(y, np.mean(bagged, axis=0))
    assert ensemble_row["difference"] == pytest.approx(expected, abs=1e-12)


def test_seed_variance_widens_the_interval():
    """Seeds of very different quality, against the middle one three times: the interval
    covers the training noise too."""
    y, good, noise = _binary(n=400)
    seeds = [w * good + (1 - w) * noise for w in (0.1, 0.3, 0.6)]
    spread = paired_difference("tfbs", y, seeds, [noise], 500, [0])
    steady = paired_difference("tfbs", y, [seeds[1]] * 3, [noise], 500, [0])
    assert spread[2] - spread[1] > 2 * (steady[2] - steady[1])


def test_clusters_of_copies_widen_the_interval():
    """Every test example twice: resampled as clusters, the interval is that of the
    examples once; resampled one by one, it is too narrow (by about the square root of 2)."""
    y, good, noise = _binary(n=200)
    once = paired_difference("tfbs", y, [good], [noise], 1000, [0])
    twice = [np.repeat(v, 2) for v in (y, good, noise)]
    clustered = paired_difference("tfbs", twice[0], [twice[1]], [twice[2]], 1000, [0],
                                  np.repeat(np.arange(200), 2))  # fmt: skip
    naive = paired_difference("tfbs", twice[0], [twice[1]], [twice[2]], 1000, [0])
    width = [found[2] - found[1] for found in (once, clustered, naive)]
    assert width[1] == pytest.approx(width[0], rel=0.15)
    assert width[2] < 0.85 * width[1]


def test_best_models_are_chosen_on_validation_and_compared_on_test(tmp_path):
    y, good, noise = _binary()
    paths = _write_predictions(tmp_path, y, {"cnn_a": [good], "rf": [noise], "cnn_b": [noise]})
    metrics = _metrics([(m, f, 0, split, "auroc", v)
                        for m, f, valid, test in (("cnn_a", "cnn", 0.9, 0.1),
                                                  ("cnn_b", "cnn", 0.5, 0.99),
                                                  ("rf", "baseline", 0.6, 0.6))
                        for split, v in (("valid", valid), ("test", test))])  # fmt: skip
    assert best_models(metrics, "tfbs", "d") == {"baseline": "rf", "cnn": "cnn_a"}
    (row,) = compare_families(metrics, paths, "tfbs", "d", SETTINGS)
    row = dict(zip(COLUMNS, row, strict=True))
    assert (row["model"], row["baseline"]) == ("cnn_a", "rf")
    assert row["difference"] > 0 and row["p_value"] < 0.05


def test_the_comparisons_of_a_dataset_share_resamples_and_score_each_model_once(
    tmp_path, monkeypatch
):
    """Two families with the same predictions get the same interval (the test examples are
    resampled once per dataset), and the baseline is scored once for both."""
    y, good, noise = _binary()
    paths = _write_predictions(tmp_path, y, {"cnn": [good], "rnn": [good], "rf": [noise]})
    metrics = _metrics([(m, m if m != "rf" else "baseline", 0, "valid", "auroc", 0.7)
                        for m in ("cnn", "rnn", "rf")])  # fmt: skip
    scored = []
    original = compare.scored_resamples
    monkeypatch.setattr(compare, "scored_resamples",
                        lambda *args: scored.append(args) or original(*args))  # fmt: skip
    cnn, rnn = (dict(zip(COLUMNS, row, strict=True))
                for row in compare_families(metrics, paths, "tfbs", "d", SETTINGS))  # fmt: skip
    assert (cnn["family"], rnn["family"]) == ("cnn", "rnn")
    assert (cnn["ci_low"], cnn["ci_high"]) == (rnn["ci_low"], rnn["ci_high"])
    assert len(scored) == 3  # cnn, rf, rnn


def test_at_chance_seeds_are_named_and_left_out_on_request(tmp_path):
    y, good, noise = _binary()
    paths = _write_predictions(tmp_path, y, {"cnn": [good, good, noise], "rf": [noise]})
    metrics = _metrics([*((m, f, 0, "valid", "auroc", 0.7) for m, f in (("cnn", "cnn"),
                                                                       ("rf", "baseline"))),
                        ("cnn", "cnn", 2, "valid", "at_chance", 1.0),
                        ("cnn", "cnn", 0, "valid", "at_chance", 0.0)])  # fmt: skip
    kept = dict(zip(COLUMNS, compare_families(metrics, paths, "tfbs", "d", SETTINGS)[0],
                    strict=True))  # fmt: skip
    left = dict(zip(COLUMNS, compare_families(metrics, paths, "tfbs", "d",
                                              {**SETTINGS, "at_chance": "exclude"})[0],
                    strict=True))  # fmt: skip
    assert kept["family_seeds_at_chance"] == left["family_seeds_at_chance"] == "2"
    assert kept["family_seeds"] == "0,1,2" and left["family_seeds"] == "0,1"
    assert left["difference"] > kept["difference"]
    assert left["family_value"] == pytest.approx(auroc(y, good))


def test_holm_adjusts_within_each_task_and_labels_follow_it():
    assert holm_adjusted(np.array([0.01, 0.04, np.nan, 0.03])) == pytest.approx(
        [0.03, 0.06, np.nan, 0.06], nan_ok=True)  # fmt: skip
    rows = pd.DataFrame({"task": ["tfbs", "tfbs", "tfbs", "splice"],
                         "comparison": "seeds", "difference": [0.1, -0.1, 0.1, 0.1],
                         "p_value": [0.01, 0.012, np.nan, 0.03]})  # fmt: skip
    adjusted = adjust(rows)
    assert adjusted["p_holm"].tolist() == pytest.approx([0.02, 0.02, np.nan, 0.03], nan_ok=True)
    assert adjusted["label"].tolist() == ["better", "worse", "error", "better"]
    assert label(0.1, 0.06) == "no clear difference"


def test_permuting_test_numbers_changes_no_choice():
    """Best models come from validation rows alone: any shuffle of the test rows' values
    leaves every choice as it was."""
    rng = np.random.default_rng(4)
    metrics = pd.DataFrame(
        [["tfbs", "d", m, f, s, split, "auroc", rng.random()]
         for m, f in (("cnn_a", "cnn"), ("cnn_b", "cnn"), ("rf", "baseline"), ("lr", "baseline"))
         for s in range(3) for split in ("valid", "test")],
        columns=["task", "dataset", "model", "family", "seed", "split", "metric", "value"],
    )  # fmt: skip
    chosen = best_models(metrics, "tfbs", "d")
    test = metrics["split"] == "test"
    for _ in range(5):
        shuffled = metrics.copy()
        shuffled.loc[test, "value"] = rng.permutation(shuffled.loc[test, "value"].to_numpy())
        assert best_models(shuffled, "tfbs", "d") == chosen
