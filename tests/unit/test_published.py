"""The published-numbers registry: schema, consistency with the configs, and verdicts on cases
with known answers."""

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
    models = set(yaml.safe_load((repo / "config" / "config.yaml").read_text())["models"])
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


def test_verdicts():
    entry = {"id": "x", "task": "dgex", "dataset": "d", "model": "mlp", "metric": "mae",
             "value": 0.32, "tolerance": 0.02, "citation": "c"}  # fmt: skip
    assert verdict(entry, 0.33)[0] == "reproduced"
    assert verdict(entry, 0.30)[0] == "reproduced"
    assert verdict(entry, 0.25)[0] == "better"  # lower error
    assert verdict(entry, 0.40)[0] == "worse"
    assert verdict({**entry, "metric": "auroc"}, 0.40)[0] == "better"
    assert verdict(entry, None)[0] == "not run"
    assert verdict({**entry, "comparable": False, "reason": "why"}, 0.3) == (
        "not comparable",
        "why",
    )


def test_means_over_cell_types_and_missing_runs():
    entries = [
        {"id": "a", "task": "histone", "dataset": "roadmap", "model": "deepchrome",
         "metric": "auroc", "aggregate": "mean_over_cell_types", "value": 0.8,
         "tolerance": 0.02, "citation": "c"},
        {"id": "b", "task": "histone", "dataset": "other", "model": "deepchrome",
         "metric": "auroc", "value": 0.8, "citation": "c"},
    ]  # fmt: skip
    summary = _summary([["roadmap_E003", "deepchrome", "auroc", 0.78, 0.7, 0.8, 3],
                        ["roadmap_E004", "deepchrome", "auroc", 0.84, 0.8, 0.9, 3]])  # fmt: skip
    collections = {"roadmap_E003": "roadmap", "roadmap_E004": "roadmap"}
    table = published_vs_reproduced(entries, summary, collections).set_index("id")
    assert table.loc["a", "reproduced"] == pytest.approx(0.81)
    assert table.loc["a", "n"] == 2 and table.loc["a", "verdict"] == "reproduced"
    assert table.loc["b", "verdict"] == "not run"
