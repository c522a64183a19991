"""The run digest (results/summary.md) from small tables."""

import pandas as pd

from gdlbench.aggregate.digest import digest
from gdlbench.aggregate.interpretation import seed_summary


def test_digest_lists_best_models_comparisons_and_published_verdicts():
    summary = pd.DataFrame(
        [["tfbs", "d", "cnn_a", "cnn", "auroc", 0.9, 0.01, 0.88, 0.92, 3, "0,1,2", ""],
         ["tfbs", "d", "cnn_b", "cnn", "auroc", 0.8, 0.01, 0.78, 0.82, 3, "0,1,2", "1"],
         ["tfbs", "d", "rf", "baseline", "auroc", 0.7, 0.01, 0.68, 0.72, 3, "0,1,2", ""]],
        columns=["task", "dataset", "model", "family", "metric", "mean", "sd", "ci_low",
                 "ci_high", "n_seeds", "seeds", "seeds_at_chance"],
    )  # fmt: skip
    comparisons = pd.DataFrame(
        [{"dataset": "d", "comparison": "seeds", "family": "cnn", "model": "cnn_a",
          "baseline": "rf", "difference": 0.2, "ci_low": 0.1, "ci_high": 0.3, "p_value": 0.001,
          "p_holm": 0.003, "label": "better", "family_seeds_at_chance": "2",
          "baseline_seeds_at_chance": "", "at_chance": "exclude"}]
    )  # fmt: skip
    published = pd.DataFrame(
        [{"id": "x_auroc", "published": 0.95, "reproduced": float("nan"), "verdict": "not run"}]
    )
    win_rates = pd.DataFrame(
        [{"task": "tfbs", "group": "tfbs", "unit": "dataset", "family": "cnn", "n_targets": 3,
          "models": "cnn_a", "baseline": "rf", "wins": 2, "losses": 1, "sign_p": 1.0,
          "wilcoxon_p": 0.75, "n_tested": 0},
         {"task": "chromatin", "group": "c", "unit": "target", "family": "cnn",
          "n_targets": 9, "models": "danq", "baseline": "deepsea", "wins": 6, "losses": 3,
          "sign_p": 0.5, "wilcoxon_p": 0.3, "n_tested": 8, "better_bh": 2, "worse_bh": 1}]
    )  # fmt: skip
    metrics = pd.DataFrame(  # validation: cnn_a above cnn_b, as on test
        [["tfbs", "d", m, f, 0, "valid", "auroc", v]
         for m, f, v in (("cnn_a", "cnn", 0.9), ("cnn_b", "cnn", 0.8), ("rf", "baseline", 0.7))],
        columns=["task", "dataset", "model", "family", "seed", "split", "metric", "value"],
    )  # fmt: skip
    text = digest(summary, metrics, comparisons, published, win_rates)
    assert "## tfbs / d (auroc)" in text
    assert "| cnn | cnn_a | 0.900 [0.880, 0.920] |" in text and "| cnn_b" not in text
    assert "**at chance**: cnn_b seeds 1 of 0,1,2" in text
    assert (
        "cnn (cnn_a) vs rf, seed means: difference +0.200 [+0.100, +0.300], p = 0.001, "
        "Holm p = 0.003 (better); cnn seeds 2 at chance (left out)"
    ) in text
    assert "| x_auroc | 0.95 |  | not run |" in text
    assert "| tfbs | 3 datasets of tfbs | cnn (cnn_a) vs rf | 2 / 3 | 1 | 0.75 |  |" in text
    assert "| cnn (danq) vs deepsea | 6 / 9 | 0.5 | 0.3 | 2 / 1 of 8 |" in text


def test_digest_chooses_on_validation_and_permuted_test_numbers_change_no_choice():
    """Swapping the test numbers of two models changes what is shown, never which model."""
    rows = [
        ["tfbs", "d", "cnn_a", "cnn", "auroc", 0.7, 0.01, 0.68, 0.72, 3, "0,1,2", ""],
        ["tfbs", "d", "cnn_b", "cnn", "auroc", 0.9, 0.01, 0.88, 0.92, 3, "0,1,2", ""],
    ]
    columns = [
        "task",
        "dataset",
        "model",
        "family",
        "metric",
        "mean",
        "sd",
        "ci_low",
        "ci_high",
        "n_seeds",
        "seeds",
        "seeds_at_chance",
    ]
    metrics = pd.DataFrame(
        [["tfbs", "d", "cnn_a", "cnn", 0, "valid", "auroc", 0.95],
         ["tfbs", "d", "cnn_b", "cnn", 0, "valid", "auroc", 0.6]],
        columns=["task", "dataset", "model", "family", "seed", "split", "metric", "value"],
    )  # fmt: skip
    empty = pd.DataFrame(columns=["dataset"])
    published = pd.DataFrame(columns=["id", "published", "reproduced", "verdict"])
    wins = pd.DataFrame()
    text = digest(pd.DataFrame(rows, columns=columns), metrics, empty, published, wins)
    assert "| cnn | cnn_a | 0.700" in text  # the better test mean (cnn_b) is not chosen
    swapped = [r[:5] + [r2[5]] + r[6:] for r, r2 in zip(rows, rows[::-1], strict=True)]
    text = digest(pd.DataFrame(swapped, columns=columns), metrics, empty, published, wins)
    assert "| cnn | cnn_a | 0.900" in text


def test_digest_summarises_what_each_interpreted_model_learned():
    rows = [
        ["tfbs", "g", "cnn", "cnn", seed, measure, value]
        for seed, (auroc, recall) in enumerate([(0.6, 1.0), (0.7, 1.0), (0.8, 1.0)])
        for measure, value in (("site_auroc_ism", auroc), ("motif_recall", recall))
    ]
    rows += [["tfbs", "g", "rnn", "rnn", seed, "site_auroc_ism", 0.65] for seed in range(3)]
    table = pd.DataFrame(rows, columns=["task", "dataset", "model", "family", "seed", "measure",
                                        "value"])  # fmt: skip
    empty = pd.DataFrame(columns=["task", "dataset", "model", "metric"])
    published = pd.DataFrame(columns=["id", "published", "reproduced", "verdict"])
    text = digest(empty, empty, pd.DataFrame(columns=["dataset"]), published, pd.DataFrame(),
                  table)  # fmt: skip
    assert "## What the models learned (interpretation.tsv)" in text
    half = 4.302652729911275 * 0.1 / 3**0.5  # t(0.975, 2) x sd / sqrt(3)
    assert f"| g | cnn (cnn) | 0.700 [{0.7 - half:.3f}, {0.7 + half:.3f}] |" in text
    assert "| 1.000 [1.000, 1.000] |  |" in text
    assert "| g | rnn (rnn) | 0.650 [0.650, 0.650] |  |  |" in text  # no filters, one motif
    assert "What the models learned" not in digest(empty, empty, pd.DataFrame(columns=["dataset"]),
                                                   published, pd.DataFrame())  # fmt: skip


def test_interpretation_intervals_stay_inside_what_a_measure_can_take():
    """A t-interval over three seeds overshoots a bounded measure (an AUROC of 0.5, 1, 1);
    it is clipped to [0, 1] like the metrics' intervals. A relative drop can leave [0, 1]
    (the attribution changes sign): its interval is not clipped."""
    values = {"site_auroc_ism": [0.5, 1.0, 1.0], "motif_recall": [0.0, 0.0, 0.5],
              "partner_dependence_ism": [0.9, 1.2, 1.0]}  # fmt: skip
    table = pd.DataFrame(
        [["tfbs", "g", "cnn", "cnn", seed, measure, value]
         for measure, seeds in values.items() for seed, value in enumerate(seeds)],
        columns=["task", "dataset", "model", "family", "seed", "measure", "value"],
    )  # fmt: skip
    summary = seed_summary(table).set_index("measure")
    assert summary.loc["site_auroc_ism", "ci_high"] == 1.0
    assert summary.loc["site_auroc_ism", "ci_low"] < 0.833 < 1.0
    assert summary.loc["motif_recall", "ci_low"] == 0.0
    assert summary.loc["partner_dependence_ism", "ci_high"] > 1.2
