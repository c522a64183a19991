"""The quickstart DAG end to end: the default config, `snakemake --cores 2`, then a rerun with
nothing to do, and the HTML report."""

import pandas as pd
import pytest
from snakemake_runner import snakemake

pytestmark = pytest.mark.slow

METRIC_COLUMNS = ["task", "dataset", "model", "family", "seed", "split", "metric", "value"]


def test_metrics_table_has_the_spec_columns_and_every_run(quickstart):
    metrics = pd.read_csv(quickstart / "results/tables/metrics.tsv", sep="\t")
    assert list(metrics.columns) == METRIC_COLUMNS
    test = metrics[metrics["split"] == "test"]
    assert set(test["model"]) == {"mlp", "cnn", "logreg_kmer", "logreg_onehot", "rf_kmer"}
    assert set(test["family"]) == {"ann", "cnn", "baseline"}
    assert set(test["seed"]) == {0, 1, 2}
    assert set(test["metric"]) == {"accuracy", "f1_macro", "auroc_macro"}
    assert len(test) == 5 * 3 * 3
    assert test["value"].between(0, 1).all()


def test_models_learn_the_planted_signal(quickstart):
    summary = pd.read_csv(quickstart / "results/tables/summary.tsv", sep="\t")
    accuracy = summary[summary["metric"] == "accuracy"].set_index("model")
    assert (accuracy["n_seeds"] == 3).all()
    assert (accuracy["ci_low"] <= accuracy["mean"]).all()
    assert (accuracy["mean"] <= accuracy["ci_high"]).all()
    for model in ("mlp", "cnn", "logreg_onehot"):
        assert accuracy.loc[model, "mean"] > 0.75  # majority class: 0.5
        assert accuracy.loc[model, "mean"] < 0.99  # strength 0.8 leaves sites uncallable


def test_figure_checkpoints_and_logs(quickstart):
    assert (quickstart / "results/figures/splice.png").stat().st_size > 10_000
    assert (quickstart / "results/figures/splice.pdf").exists()
    curve = quickstart / "results/models/splice/sim_splice/cnn/0/curve.tsv"
    assert pd.read_csv(curve, sep="\t")["epoch"].iloc[0] == 1
    assert not list((quickstart / "results").glob("checkpoints/**/last.pt"))
    log = (quickstart / "results/logs/train_model/splice/sim_splice/cnn/0.log").read_text()
    assert "training cnn on cpu" in log and "best epoch" in log
    audit = (quickstart / "results/logs/prepare_dataset/splice/sim_splice.log").read_text()
    assert '"near_duplicate_pairs_across_splits": 0' in audit


def test_second_run_has_nothing_to_do(quickstart):
    result = snakemake(quickstart, "--dry-run")
    assert "Nothing to be done" in result.stdout + result.stderr


def test_report_builds_with_captions(quickstart):
    snakemake(quickstart, "--report", "results/report.html")
    html = (quickstart / "results/report.html").read_text(errors="replace")
    assert len(html) > 50_000
    for expected in ("splice.png", "metrics.tsv", "summary.tsv"):
        assert expected in html
