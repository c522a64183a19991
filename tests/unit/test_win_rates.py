"""Win rates over targets, with sign and Wilcoxon tests, on cases with known answers."""

import numpy as np
import pandas as pd
import pytest

from gdlbench.aggregate.compare import COLUMNS as COMPARISON_COLUMNS
from gdlbench.aggregate.win_rates import COLUMNS, win_rate_row, win_rate_table


def test_win_rate_row_counts_and_tests():
    n, wins, losses, ties, rate, median, sign_p, wilcoxon_p = win_rate_row(
        np.array([0.1] * 18 + [-0.05, 0.0])
    )
    assert (n, wins, losses, ties) == (20, 18, 1, 1) and rate == pytest.approx(18 / 19)
    assert median == pytest.approx(0.1)
    assert sign_p == pytest.approx(2 * 20 / 2**19)  # P(<= 1 loss of 19) both tails
    assert wilcoxon_p < 0.001


def test_an_even_split_is_not_significant():
    row = win_rate_row(np.array([0.1, -0.1] * 10))
    assert row[4] == 0.5 and row[6] == 1.0 and row[7] > 0.5


def _comparison(task, dataset, family, model, baseline, difference):
    values = dict.fromkeys(COMPARISON_COLUMNS, np.nan)
    values.update(task=task, dataset=dataset, family=family, model=model, baseline=baseline,
                  difference=difference, comparison="seeds")  # fmt: skip
    return values


def test_table_groups_cell_types_datasets_and_genes():
    comparisons = pd.DataFrame([
        _comparison("histone", "h_E003", "cnn", "deepchrome", "rf", 0.02),
        _comparison("histone", "h_E116", "cnn", "deepchrome", "svm", 0.01),
        _comparison("tfbs", "ctcf", "cnn", "cnn", "pwm_scan", -0.01),
        _comparison("tfbs", "grammar", "cnn", "cnn_deepbind", "logreg_kmer", 0.2),
        _comparison("splice", "splice", "cnn", "cnn", "logreg_kmer", 0.1),  # one dataset only
        _comparison("dgex", "dgex", "ann", "mlp", "linear_regression", 0.01),
    ])  # fmt: skip
    targets = pd.DataFrame({
        "task": "dgex", "dataset": "dgex", "target": ["g1", "g2", "g3"] * 2, "target_type": None,
        "model": ["mlp"] * 3 + ["linear_regression"] * 3, "metric": "mae",
        "value": [0.1, 0.2, 0.5, 0.2, 0.3, 0.4],
    })  # fmt: skip
    table = win_rate_table(comparisons, {"h_E003": "h", "h_E116": "h"}, targets)
    assert list(table.columns) == COLUMNS
    rows = table.set_index(["task", "unit"])
    assert rows.loc[("histone", "cell_type"), ["group", "wins", "baseline"]].tolist() == [
        "h", 2, "rf,svm"]  # fmt: skip
    assert rows.loc[("tfbs", "dataset"), ["wins", "losses"]].tolist() == [1, 1]
    assert rows.loc[("dgex", "target"), ["n_targets", "wins", "losses"]].tolist() == [3, 2, 1]
    assert "splice" not in set(table["task"])


def test_target_rows_count_targets_significant_after_bh():
    """Per-target tests are adjusted over the targets of each row: three clear wins, one
    clear loss and six ties counted as 3 / 1 of 10 tested; ensemble rows are not paired."""
    targets = pd.DataFrame({
        "task": "dgex", "dataset": "dgex", "target": [f"g{i}" for i in range(10)] * 2,
        "target_type": None, "model": ["mlp"] * 10 + ["linear_regression"] * 10,
        "metric": "mae", "value": [0.1] * 3 + [0.9] + [0.5] * 6 + [0.5] * 10,
    })  # fmt: skip
    p_values = [1e-6, 1e-5, 1e-4, 1e-6] + [0.5] * 6
    tests = pd.DataFrame({"target": [f"g{i}" for i in range(10)],
                          "difference": [0.4, 0.4, 0.4, -0.4] + [0.0] * 6,
                          "p_value": p_values})  # fmt: skip
    comparisons = pd.DataFrame([
        _comparison("dgex", "dgex", "ann", "mlp", "linear_regression", 0.01),
        {**_comparison("dgex", "dgex", "ann", "mlp_bag", "linear_regression", 0.01),
         "comparison": "ensemble"},
    ])  # fmt: skip
    asked = []

    def pair_tests(task, dataset, model, reference):
        asked.append(model)
        return tests

    table = win_rate_table(comparisons, {}, targets, tests=pair_tests)
    (row,) = table.to_dict("records")
    assert (row["n_tested"], row["better_bh"], row["worse_bh"]) == (10, 3, 1)
    assert asked == ["mlp"]
