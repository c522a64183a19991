"""The published-numbers registry, entry by entry (issue 20): it follows its schema, every entry
says where its number is printed, the published setting beside the route's and an honest
`comparable`, it names a run of config/published.yaml and a metric the task reports, and
docs/published.md is the table rendered from it now (no second copy can drift)."""

import pytest
import yaml
from snakemake.utils import validate

from gdlbench.aggregate.registry_doc import cell, read_entries, render_registry
from gdlbench.config import check_config
from gdlbench.kinds import KINDS
from gdlbench.plan import build_plan
from gdlbench.tasks import TASKS

SETTING_FIELDS = {"data", "classes", "n", "split", "features", "aggregation"}


@pytest.fixture(scope="module")
def registry_path(repo):
    return repo / "resources" / "published_numbers.yaml"


@pytest.fixture(scope="module")
def entries(registry_path):
    return read_entries(registry_path)


@pytest.fixture(scope="module")
def published_runs(repo):
    """(task, dataset, model) of every run of `--configfile config/published.yaml`, with each
    cell-type dataset also under its collection's name: the config (standing alone), validated,
    checked and planned as common.smk does."""
    config = yaml.safe_load((repo / "config" / "published.yaml").read_text())
    validate(config, str(repo / "config" / "schema" / "config.schema.yaml"))
    check_config(config)
    runs = set()
    for run in build_plan(config).full_runs():
        runs.add(run.key)
        if run.dataset.collection is not None:
            runs.add((run.task, run.dataset.collection, run.model))
    return runs


def test_registry_follows_its_schema(repo, registry_path, entries):
    registry = yaml.safe_load(registry_path.read_text())
    validate(registry, str(repo / "config" / "schema" / "published_numbers.schema.yaml"))
    ids = [entry["id"] for entry in entries]
    assert len(set(ids)) == len(ids)
    expected = {
        "deepchrome_mean_auroc", "attentivechrome_mean_auroc", "dgex_mlp_mae",
        "deepmirgene_human_auroc", "deepathology_accuracy", "danq_median_auroc",
        "deepmirgene_new_auroc", "deepmirgene_new_auprc", "deepsea_median_auroc_tf",
        "deepsea_median_auroc_dnase", "deepsea_median_auroc_histone", "danq_mean_auroc",
        "danq_mean_auprc", "deepsea_mean_auroc", "deepsea_mean_auprc",
    }  # fmt: skip
    assert expected <= set(ids)


def test_every_entry_gives_its_source_settings_and_an_explicit_comparable(entries):
    for entry in entries:
        where = entry["id"]
        assert entry["source"].strip(), where
        for key in ("published_setting", "route_setting"):
            assert set(entry[key]) == SETTING_FIELDS, where
            assert all(str(value).strip() for value in entry[key].values()), where
        assert isinstance(entry["comparable"], bool), where  # no default: always written
        if entry["comparable"]:
            assert "reason" not in entry, where
        else:
            assert entry["reason"].strip(), where
        assert set(entry.get("setting", {})) <= {"scale"}, where


def test_every_entry_names_a_published_run_and_a_metric_its_task_reports(entries, published_runs):
    for entry in entries:
        run = (entry["task"], entry["dataset"], entry["model"])
        assert run in published_runs, f"{entry['id']}: config/published.yaml does not run {run}"
        task = TASKS[entry["task"]]
        assert entry["metric"] in task.metrics, entry["id"]
        assert KINDS[task.kind].knows(entry["metric"]), entry["id"]


def test_the_issues_contradicted_flags_are_not_comparable(entries):
    """DeePathology (subtypes within tissues, 34 classes), D-GEX (~111k GEO profiles) and
    DeepLoc (PSI-BLAST profiles) were measured in settings the route here does not run."""
    by_id = {entry["id"]: entry for entry in entries}
    for name in ("deepathology_accuracy", "deepathology_svm_accuracy", "dgex_mlp_mae",
                 "dgex_linear_regression_mae", "dgex_knn_mae", "deeploc_accuracy"):  # fmt: skip
        assert by_id[name]["comparable"] is False, name
    assert by_id["danq_median_auroc"]["setting"] == {"scale": "full"}


def test_docs_table_is_the_registry_rendered_now(repo, entries):
    page = (repo / "docs" / "published.md").read_text(encoding="utf-8")
    assert page == render_registry(entries), (
        "docs/published.md is stale: run `python -m gdlbench.aggregate.registry_doc "
        "resources/published_numbers.yaml > docs/published.md`"
    )


def test_rendered_rows_fold_text_and_say_why_a_number_is_not_comparable():
    entries = [
        {"id": "a", "task": "dgex", "dataset": "d", "model": "mlp", "metric": "mae",
         "value": 0.32, "citation": "C", "source": "Table 1 |\n  GEO", "comparable": False,
         "reason": "other\ndata"},
        {"id": "b", "task": "histone", "dataset": "roadmap", "model": "deepchrome",
         "metric": "auroc", "aggregate": "mean_over_cell_types", "n_targets": 56, "value": 0.8,
         "citation": "C", "source": "S", "comparable": True, "setting": {"scale": "full"}},
    ]  # fmt: skip
    rows = [line for line in render_registry(entries).splitlines() if line.startswith("| `")]
    assert rows[0] == (
        "| `a` | mae = 0.32 | C | Table 1 \\| GEO | dgex / d / mlp | no: other data |"
    )
    assert "auroc, mean over 56 cell types = 0.8" in rows[1]
    assert rows[1].endswith("| yes (scale: full) |")
    assert cell("  a |\tb\n") == "a \\| b"


def test_a_broken_registry_stops_the_parse_naming_the_file(repo, tmp_path):
    """The registry is validated against its own schema whenever the workflow is parsed."""
    import subprocess
    import sys

    from snakemake_runner import copy_workflow

    workdir = copy_workflow(repo, tmp_path)
    registry = workdir / "resources" / "published_numbers.yaml"
    registry.write_text(
        registry.read_text().replace("comparable: true", "comparable: yes please", 1)
    )
    command = [sys.executable, "-m", "snakemake", "-n", "--quiet", "rules"]
    result = subprocess.run(command, cwd=workdir, capture_output=True, text=True, timeout=300)
    assert result.returncode != 0
    assert "resources/published_numbers.yaml: Error validating" in result.stdout + result.stderr
