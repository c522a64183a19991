"""The published-numbers registry: schema, consistency with the configs, and verdicts on cases
with known answers."""

import numpy as np
import pandas as pd
import pytest
import yaml
from snakemake.utils import validate

from gdlbench.aggregate.published import load_registry, published_vs_reproduced, verdict
from gdlbench.tasks import TASKS


@pytest.fixture(scope="module")
def entries(repo):
    return load_registry(repo / "resources" / "published.yaml")


def test_registry_follows_its_schema_and_names_what_the_configs_run(repo, entries):
    registry = yaml.safe_load((repo / "resources" / "published.yaml").read_text())
    validate(registry, str(repo / "config" / "schema" / "published.schema.yaml"))
    assert len({e["id"] for e in entries}) == len(entries)
    config = {}
    for name in ("config.yaml", "published.yaml"):
        config.update(yaml.safe_load((repo / "config" / name).read_text()))
    models = set()  # the published run merges published.yaml's models over config.yaml's
    for name in ("config.yaml", "published.yaml"):
        models |= set(yaml.safe_load((repo / "config" / name).read_text())["models"])
    for entry in entries:
        assert entry["metric"] in TASKS[entry["task"]].metrics, entry["id"]
        if entry.get("comparable", True):
            assert entry["dataset"] in config["datasets"], entry["id"]
            assert entry["model"] in models, entry["id"]
    expected = {
        "deepchrome_mean_auroc", "attentivechrome_mean_auroc", "dgex_mlp_mae",
        "deepmirgene_human_auroc", "deepathology_accuracy", "danq_median_auroc",
    }  # fmt: skip
    assert expected <= {e["id"] for e in entries}


def _summary(rows):
    columns = ["dataset", "model", "metric", "mean", "ci_low", "ci_high", "n_seeds"]
    return pd.DataFrame(rows, columns=columns)


def test_verdicts_respect_the_interval():
    entry = {"id": "x", "task": "dgex", "dataset": "d", "model": "mlp", "metric": "mae",
             "value": 0.32, "tolerance": 0.02, "citation": "c"}  # fmt: skip
    assert verdict(entry, (0.33, 0.32, 0.34, 3))[0] == "consistent"
    assert verdict(entry, (0.36, 0.335, 0.38, 3))[0] == "consistent"  # meets 0.32 + 0.02
    assert verdict(entry, (0.25, 0.24, 0.26, 3))[0] == "better"  # lower error
    assert verdict(entry, (0.40, 0.39, 0.41, 3))[0] == "worse"
    assert verdict(entry, (0.40, 0.10, 0.70, 3))[0] == "consistent"  # a wide CI decides nothing
    auroc = {**entry, "metric": "auroc", "value": 0.80}
    assert verdict(auroc, (0.92, 0.36, 1.49, 2))[0] == "consistent"  # the case
    assert verdict(auroc, (0.92, 0.90, 0.94, 3))[0] == "better"
    assert verdict({**auroc, "n_targets": 56}, (0.92, 0.90, 0.94, 2))[0] == "too few targets"
    assert verdict(entry, (0.40, np.nan, np.nan, 1))[0] == "worse"  # one seed: the mean alone
    assert verdict(entry, None)[0] == "not run"
    assert verdict({**entry, "comparable": False, "reason": "why"}, None) == (
        "not comparable", "why")  # fmt: skip


def _write_predictions(folder, name, y, scores):
    path = folder / f"{name}.tsv.gz"
    pd.DataFrame({"split": "test", "row": np.arange(len(y)), "y": y, "score": scores}).to_csv(
        path, sep="\t", index=False
    )
    return path


def test_means_over_cell_types_resample_within_each_and_stay_in_range(tmp_path):
    rng = np.random.default_rng(0)
    entries = [
        {"id": "a", "task": "histone", "dataset": "roadmap", "model": "deepchrome",
         "metric": "auroc", "aggregate": "mean_over_cell_types", "value": 0.8,
         "tolerance": 0.02, "citation": "c", "n_targets": 2},
        {"id": "b", "task": "histone", "dataset": "other", "model": "deepchrome",
         "metric": "auroc", "value": 0.8, "citation": "c"},
    ]  # fmt: skip
    predictions = {}
    for cell, strength in (("roadmap_E003", 0.3), ("roadmap_E004", 0.9)):
        y = rng.integers(0, 2, 300)
        predictions[(cell, "deepchrome")] = [
            _write_predictions(tmp_path, f"{cell}_{seed}", y, y * strength + rng.random(300))
            for seed in range(3)
        ]
    summary = _summary([["roadmap_E003", "deepchrome", "auroc", 0.78, 0.7, 0.8, 3],
                        ["roadmap_E004", "deepchrome", "auroc", 0.84, 0.8, 0.9, 3]])  # fmt: skip
    collections = {"roadmap_E003": "roadmap", "roadmap_E004": "roadmap"}
    table = published_vs_reproduced(entries, summary, collections, predictions, 200, 0)
    table = table.set_index("id")
    assert table.loc["a", "reproduced"] == pytest.approx(0.81)
    low, high = table.loc["a", ["ci_low", "ci_high"]]
    assert 0 <= low < high <= 1 and high - low < 0.2  # within AUROC's range, not a t over 2
    assert table.loc["a", "n"] == 2
    assert table.loc["b", "verdict"] == "not run"
