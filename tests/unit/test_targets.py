"""Per-target results of multi-label tasks from real prediction files, their win rates over
targets (overall and per profile type) on a case with a known answer, and the pair scatter."""

import matplotlib.image
import numpy as np
import pandas as pd
import pytest
from scipy import stats
from sklearn.metrics import average_precision_score, roc_auc_score

from gdlbench.aggregate.targets import (
    TARGET_COLUMNS,
    paired_targets,
    run_values,
    target_table,
    target_types,
    win_rates,
)
from gdlbench.aggregate.win_rates import COLUMNS, win_rate_table
from gdlbench.evaluation.predictions import SplitPredictions, write_predictions
from gdlbench.figures.targets import plot_target_pair
from gdlbench.kinds import MISSING
from gdlbench.plan import MANIFEST_COLUMNS

TARGETS = ["HeLa|CTCF|None", "K562|DNase|None", "E003-H3K4me3", "one_class"]
META = {"task": "chromatin", "dataset": "sim_chromatin", "targets": TARGETS,
        "target_types": ["tf", "dnase", "histone", "tf"]}  # fmt: skip


def _labels(rng, n):
    y = rng.integers(0, 2, (n, len(TARGETS))).astype(np.uint8)
    y[rng.random(y.shape) < 0.2] = MISSING  # missing labels
    y[:, 3] = np.where(y[:, 3] == MISSING, MISSING, 0)  # one class only
    return y


def _write_runs(tmp_path, y, rows):
    """Real prediction files of two models x two seeds; returns runs, paths and scores."""
    rng = np.random.default_rng(1)
    runs, paths, scores = [], [], {}
    for model in ("danq", "deepsea"):
        for seed in (0, 1):
            s = np.clip(0.3 * y + rng.random(y.shape), 0, 1)
            s[y == MISSING] = rng.random((y == MISSING).sum())
            path = tmp_path / model / str(seed)
            splits = {split: SplitPredictions(r, r, y[r], s[r]) for split, r in rows.items()}
            write_predictions(path, splits, META)
            runs.append(("chromatin", "sim_chromatin", model, seed))
            paths.append(path)
            scores[model, seed] = s
    return runs, paths, scores


def test_per_target_auroc_and_auprc_match_a_direct_computation(tmp_path):
    rng = np.random.default_rng(0)
    y = _labels(rng, 200)
    rows = {"valid": np.arange(0, 60), "test": np.arange(60, 200)}
    runs, paths, scores = _write_runs(tmp_path, y, rows)
    manifest = pd.DataFrame([(*run, str(path)) for run, path in zip(runs, paths, strict=True)],
                            columns=MANIFEST_COLUMNS)  # fmt: skip
    table = target_table(run_values(manifest), target_types(META))
    assert list(table.columns) == TARGET_COLUMNS
    test = rows["test"]
    for model in ("danq", "deepsea"):
        for t, target in enumerate(TARGETS[:3]):
            keep = y[test, t] != MISSING
            truth = y[test, t][keep]
            expected = {
                "auroc": np.mean([roc_auc_score(truth, scores[model, s][test, t][keep])
                                  for s in (0, 1)]),
                "auprc": np.mean([average_precision_score(truth, scores[model, s][test, t][keep])
                                  for s in (0, 1)]),
            }  # fmt: skip
            for metric, value in expected.items():
                row = table[(table["model"] == model) & (table["target"] == target)
                            & (table["metric"] == metric)].iloc[0]  # fmt: skip
                assert row["value"] == pytest.approx(value) and row["n_seeds"] == 2
                assert row["target_type"] == META["target_types"][t]
    one_class = table[table["target"] == "one_class"]
    assert one_class["value"].isna().all() and (one_class["n_seeds"] == 0).all()


def test_types_come_from_target_groups_without_target_types():
    meta = {"dataset": "d", "targets": ["a", "b", "c"], "target_groups": {"tf": [0], "dnase": [2]}}
    assert target_types(meta)[["target", "target_type"]].values.tolist() == [
        ["a", "tf"], ["c", "dnase"]]  # fmt: skip
    assert target_types({"dataset": "dgex", "targets": ["g1"]}).empty


def _targets_table():
    """12 profiles (6 tf, 3 dnase, 3 histone): danq beats deepsea on 10, loses on the 2
    histone profiles h1 and h2; one untested target (NaN) is dropped; rf is the baseline."""
    types = ["tf"] * 6 + ["dnase"] * 3 + ["histone"] * 3
    names = [f"{t[0]}{i}" for i, t in enumerate(types)]
    deepsea = np.linspace(0.7, 0.9, 12)
    gains = np.array([0.01, 0.02, 0.03, 0.04, 0.05, 0.06, 0.07, 0.08, 0.09, 0.1, -0.01, -0.02])
    rows = []
    for model, values in (("deepsea", deepsea), ("danq", deepsea + gains), ("rf", deepsea - 0.1)):
        rows += [["chromatin", "ds", model, n, t, "auroc", v, 2]
                 for n, t, v in zip(names, types, values, strict=True)]  # fmt: skip
        rows.append(["chromatin", "ds", model, "none", "tf", "auroc", np.nan, 0])
    return pd.DataFrame(rows, columns=TARGET_COLUMNS), gains


def test_pair_win_rates_overall_and_per_profile_type():
    targets, gains = _targets_table()
    comparisons = pd.DataFrame(
        [
            {
                "task": "chromatin",
                "dataset": "ds",
                "family": "cnn",
                "model": "deepsea",
                "baseline": "rf",
                "difference": 0.1,
            }
        ]
    )
    pairs = [{"task": "chromatin", "model": "danq", "reference": "deepsea"},
             {"task": "chromatin", "model": "absent", "reference": "deepsea"}]  # fmt: skip
    table = win_rate_table(comparisons, {}, targets, pairs, {"danq": "hybrid"})
    assert list(table.columns) == COLUMNS
    danq = table[table["models"] == "danq"].set_index("group")
    assert list(danq.index) == ["ds", "ds:dnase", "ds:histone", "ds:tf"]
    overall = danq.loc["ds"]
    assert overall[["unit", "family", "baseline", "n_targets", "wins", "losses"]].tolist() == [
        "target", "hybrid", "deepsea", 12, 10, 2]  # fmt: skip
    assert overall["win_rate"] == pytest.approx(10 / 12)
    assert overall["sign_p"] == pytest.approx(2 * (1 + 12 + 66) / 2**12)
    assert overall["wilcoxon_p"] == pytest.approx(stats.wilcoxon(gains).pvalue)
    assert danq.loc["ds:histone", ["n_targets", "wins", "losses"]].tolist() == [3, 1, 2]
    assert danq.loc["ds:tf", ["wins", "sign_p"]].tolist() == [6, pytest.approx(2 / 2**6)]
    cnn = table[table["family"] == "cnn"].set_index("group")  # best cnn against the baseline
    assert cnn.loc["ds", ["models", "baseline", "wins"]].tolist() == ["deepsea", "rf", 12]
    assert len(cnn) == 4 and "absent" not in set(table["models"])


def test_paired_targets_and_target_wins_flip_errors_only():
    targets, gains = _targets_table()
    pairs = paired_targets(targets, "chromatin", "ds", "danq", "deepsea")
    assert len(pairs) == 12 and np.allclose(pairs["difference"], gains)
    wins = win_rates(targets, "deepsea").set_index("model")
    assert wins.loc["danq", ["metric", "n_targets", "fraction_better"]].tolist() == [
        "auroc", 12, pytest.approx(10 / 12)]  # fmt: skip
    assert wins.loc["rf", "fraction_better"] == 0


def test_target_pair_figure(tmp_path):
    targets, _ = _targets_table()
    paths = [tmp_path / "pair.png", tmp_path / "pair.pdf"]
    plot_target_pair(targets, "chromatin", "ds", "danq", "deepsea", paths)
    image = matplotlib.image.imread(paths[0])
    assert paths[1].stat().st_size > 1000 and (image[..., :3] < 0.5).mean() > 0.005
