"""The config files validate, the schema's model names are the registry's, and bad configs fail
with clear messages."""

import copy

import pytest
import yaml
from snakemake.utils import update_config, validate

from gdlbench.baselines import BASELINES
from gdlbench.config import check_config
from gdlbench.data.formats import FORMATS
from gdlbench.errors import ConfigError
from gdlbench.models import MODELS
from gdlbench.plan import build_plan, configured_datasets, models_for
from gdlbench.tasks import TASKS


@pytest.fixture(scope="module")
def schema(repo):
    return yaml.safe_load((repo / "config" / "schema" / "config.schema.yaml").read_text())


def _load(repo, *names):
    """The config as Snakemake builds it from successive config files (recursive merge)."""
    config = {}
    for name in names:
        update_config(config, yaml.safe_load((repo / "config" / name).read_text()))
    return config


def _ready(repo, *names):
    """Loaded, validated and cross-checked, as common.smk does."""
    config = _load(repo, *names)
    validate(config, str(repo / "config" / "schema" / "config.schema.yaml"))
    check_config(config)
    return config


def _models(config, task=None):
    """The configured models some selected dataset (of `task`) runs."""
    plan = build_plan(config)
    return {run.model for run in plan.full_runs(task)}


@pytest.mark.parametrize(
    ("where", "value", "message"),
    [("tasks", ["splice", "chromatn"], r"config: tasks: unknown tasks \['chromatn'\]"),
     ("format", "zeng2017", "datasets.sim_splice.format: unknown format 'zeng2017'"),
     ("task", "splices", r"datasets.sim_splice.task: unknown tasks \['splices'\]")],
)  # fmt: skip
def test_task_and_format_names_are_checked_against_their_registries(repo, where, value, message):
    """The schema does not repeat the registries (adding a task or format touches no schema):
    names are checked after validation, with the valid names in the message."""
    config = _load(repo, "config.yaml")
    if where == "tasks":
        config["tasks"] = value
    else:
        config["datasets"]["sim_splice"][where] = value
    validate(config, str(repo / "config" / "schema" / "config.schema.yaml"))
    with pytest.raises(ConfigError, match=message):
        check_config(config)


def test_no_tasks_means_every_task(repo):
    config = _ready(repo, "config.yaml")
    assert config["tasks"] == sorted(TASKS) and set(FORMATS) >= {
        spec["format"] for spec in config["datasets"].values()}  # fmt: skip


def test_unknown_model_without_a_registry_entry_is_a_clear_error(repo):
    config = _load(repo, "config.yaml")
    validate(config, str(repo / "config" / "schema" / "config.schema.yaml"))
    config["models"]["my_net"] = {}
    with pytest.raises(ConfigError, match="models.my_net: 'my_net' is not in the model registry"):
        check_config(config)
    config["models"]["my_net"] = {"model": "transformer"}  # the schema has no list of names
    with pytest.raises(ConfigError, match="'transformer' is not in the model registry"):
        check_config(config)


@pytest.mark.parametrize(
    ("model", "entry", "message"),
    [("rnn", {"params": {"hiden": 64}},
      r"models.rnn.params: \['hiden'\] not parameters of 'rnn'; it takes \['bidirectional', "),
     ("rnn", {"grid": {"lr": [0.1], "hidden": [8], "dropuot": [0.1]}},
      r"models.rnn.grid: \['dropuot'\] not parameters of 'rnn'"),
     ("rf_kmer", {"grid": {"k": [3], "n_estimator": [10]}},
      r"models.rf_kmer.grid: \['n_estimator'\] not parameters of 'rf_kmer'"),
     ("logreg", {"grid": {"k": [3]}}, r"models.logreg.grid: \['k'\] not parameters"),
     ("logreg", {"params": {"C": 1.0}}, r"models.logreg.params: a baseline \('logreg'\) is set "
      "by its `grid`")],
)  # fmt: skip
def test_params_and_grids_are_checked_against_the_builders(repo, model, entry, message):
    """A typo in `params` or `grid` fails when the config is validated, read from the
    builder's signature (the `k` of k-mer features only where the features have a size)."""
    config = _load(repo, "config.yaml")
    config["models"][model] = entry
    validate(config, str(repo / "config" / "schema" / "config.schema.yaml"))
    with pytest.raises(ConfigError, match=message):
        check_config(config)


def test_every_builder_names_its_parameters():
    """No builder hides its parameters behind **kwargs (they could not be checked)."""
    found = {name: spec.parameters for name, spec in {**MODELS, **BASELINES}.items()}
    assert found["rnn"] >= {"cell", "hidden", "bidirectional", "pool", "masked"}
    assert found["rf"] == {"n_estimators", "max_features", "min_samples_leaf"}
    assert found["rf_kmer"] == found["rf"] | {"k"} and found["seed_match"] == frozenset()


def test_published_config_stands_alone(repo, tmp_path):
    """`--configfile config/published.yaml` replaces the quickstart's config instead of
    being merged onto it: a config/config.yaml that would not even validate is not read
    then (and is, without --configfile)."""
    import subprocess
    import sys

    from snakemake_runner import copy_workflow

    workdir = copy_workflow(repo, tmp_path)
    (workdir / "config" / "config.yaml").write_text("not_a_key: 1\n")

    def dry_run(*args):
        command = [sys.executable, "-m", "snakemake", "-n", "--quiet", "rules", *args]
        return subprocess.run(command, cwd=workdir, capture_output=True, text=True, timeout=300)

    published = dry_run("--configfile", "config/published.yaml")
    assert published.returncode == 0, published.stderr[-3000:]
    assert "train_model" in published.stdout
    quickstart = dry_run()
    assert quickstart.returncode != 0 and "'not_a_key' was unexpected" in quickstart.stdout


def test_only_baselines_are_bagged(repo):
    config = _load(repo, "config.yaml")
    config["models"]["cnn_bagged"] = {"model": "cnn", "bagging": True}
    validate(config, str(repo / "config" / "schema" / "config.schema.yaml"))
    with pytest.raises(ConfigError, match="models.cnn_bagged.bagging: only baselines are bagged"):
        check_config(config)


@pytest.mark.parametrize("files", [["config.yaml"], ["published.yaml"]])
def test_shipped_configs_validate(repo, files):
    config = _ready(repo, *files)
    plan = build_plan(config)
    assert plan.selected
    assert _models(config) == set(config["models"])  # no model is left without a dataset
    tasks = {plan.datasets[name].task for name in plan.selected}
    assert tasks == set(TASKS)  # every task has a dataset


def test_published_selects_only_real_data(repo):
    config = _ready(repo, "published.yaml")
    plan = build_plan(config)
    chosen = plan.selected
    assert "uci_splice" in chosen and not any(name.startswith("sim_") for name in chosen)
    assert all("files" in plan.datasets[name].spec for name in chosen)
    assert _models(config, "premirna") > {"rnn", "rnn_structure", "lstm_structure"}
    assert "rnn_structure" not in _models(config, "tfbs")
    path = plan.raw_files("uci_splice")["data"]
    assert path == (
        "resources/downloads/archive.ics.uci.edu/ml/machine-learning-databases/"
        "molecular-biology/splice-junction-gene-sequences/splice.data"
    )


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda c: c.update(scale="huge"), "huge"),
        (lambda c: c.update(unknown_key=1), "unknown_key"),
        (lambda c: c["learning_curves"].update(fractions=[0.5, 1.0]), "1.0"),
        (lambda c: c.update(summary={"n_bootstrap": 10}), "10"),
    ],
)
def test_bad_values_fail_schema_validation(repo, change, message):
    config = copy.deepcopy(_load(repo, "config.yaml"))
    change(config)
    with pytest.raises(Exception, match=message):
        validate(config, str(repo / "config" / "schema" / "config.schema.yaml"))


def test_defaults_fill_keys_a_config_leaves_out(repo):
    config = _load(repo, "config.yaml")
    validate(config, str(repo / "config" / "schema" / "config.schema.yaml"))
    assert config["training"] == {
        "patience": 4,
        "batch_size": 64,
        "lr": 0.001,
        "weight_decay": 0.0001,
        "amp": True,
        "compile": False,
        "pretrain_epochs": 0,
        "clip_grad_norm": None,
        "max_steps": None,
        "devices": 1,
    }
    assert config["split"]["method"] == "stratified" and config["download"]["retries"] == 4
    assert config["summary"] == {"n_bootstrap": 200, "seed": 0}
    assert config["learning_curves"]["seed"] == 0
    assert "method" not in config["datasets"]["sim_splice"].get("split", {})


def test_cross_field_errors_are_clear(repo):
    config = _load(repo, "config.yaml")
    validate(config, str(repo / "config" / "schema" / "config.schema.yaml"))
    bad = copy.deepcopy(config)
    bad["datasets"]["sim_splice"]["task"] = "tfbs"
    with pytest.raises(
        ConfigError, match="datasets.sim_splice: format 'uci_splice' holds 'splice'"
    ):
        check_config(bad)
    bad = copy.deepcopy(config)
    bad["datasets"]["sim_splice"]["files"] = {"data": {"path": "x"}}
    with pytest.raises(ConfigError, match="exactly one of `simulate` or `files`"):
        check_config(bad)
    bad = copy.deepcopy(config)
    bad["datasets"]["sim_splice"]["split"] = {"method": "chromosome"}
    with pytest.raises(ConfigError, match="sim_splice.split: method chromosome needs test_chroms"):
        check_config(bad)
    bad = copy.deepcopy(config)
    bad["learning_curves"]["models"] = {"splice": ["mlp", "gpt"]}
    with pytest.raises(ConfigError, match=r"learning_curves.models names unknown models \['gpt'\]"):
        check_config(bad)


def test_command_line_seeds_become_ints():
    from gdlbench.config import coerce_command_line

    config = {"seeds": ["0", "12"]}
    coerce_command_line(config)
    assert config["seeds"] == [0, 12]


def test_cell_types_become_datasets_sharing_the_parent_files(repo):
    config = _ready(repo, "config.yaml")
    plan = build_plan(config)
    assert "sim_histone" not in plan.selected and "sim_histone_E003" not in config["datasets"]
    assert {"sim_histone_E003", "sim_histone_E116"} <= set(plan.selected)
    child = plan.datasets["sim_histone_E116"]
    assert child.spec["options"]["cell_type"] == "E116" and child.collection == "sim_histone"
    assert plan.raw_files("sim_histone_E116") == plan.raw_files("sim_histone")
    assert plan.raw_inputs("sim_histone_E003") == ["resources/simulated/histone/sim_histone"]
    config["only_datasets"] = ["sim_histone"]
    assert set(build_plan(config).selected) == {"sim_histone_E003", "sim_histone_E116"}


def test_cell_types_per_scale(repo):
    config = _load(repo, "config.yaml")
    config["datasets"]["sim_histone"]["cell_types"] = {"tiny": ["E003"], "full": ["E003", "E116"]}
    validate(config, str(repo / "config" / "schema" / "config.schema.yaml"))
    assert "sim_histone_E003" in configured_datasets(config)
    assert "sim_histone_E116" not in configured_datasets(config)
    config = _load(repo, "config.yaml")
    config["datasets"]["sim_histone"]["cell_types"] = {"full": ["E003"]}
    with pytest.raises(
        ConfigError, match="sim_histone.cell_types lists no cell types for scale 'tiny'"
    ):
        configured_datasets(config)


def test_only_models_picks_models_as_only_datasets_picks_datasets(repo):
    config = _ready(repo, "config.yaml")
    config["only_models"] = ["cnn", "logreg_kmer"]
    plan = build_plan(config)
    assert {run.model for run in plan.runs} == {"cnn", "logreg_kmer"}
    assert {run.task for run in plan.full_runs()} == {"splice", "tfbs", "premirna"}
    config["only_models"] = ["cnn", "cnnn"]
    with pytest.raises(ConfigError, match=r"only_models names unknown models \['cnnn'\]"):
        check_config(config)


def test_models_restricted_to_datasets(repo):
    config = _ready(repo, "config.yaml")
    config["models"]["deepchrome"]["datasets"] = ["sim_histone"]
    config["models"]["mlp"]["datasets"] = ["sim_histone_E116"]
    datasets = configured_datasets(config)
    assert "deepchrome" in models_for(config, datasets["sim_histone_E003"])  # by collection
    assert "mlp" not in models_for(config, datasets["sim_histone_E003"])
    assert "mlp" in models_for(config, datasets["sim_histone_E116"])


def test_learning_curves_run_their_models_where_they_apply(repo):
    config = _ready(repo, "config.yaml")
    runs = keys(build_plan(config).curve_runs())
    assert ("splice", "sim_splice__frac10", "cnn") in runs
    assert ("dgex", "sim_dgex__frac30", "mlp") in runs
    assert ("tumor", "sim_tumor__frac10", "logreg_l1") in runs
    assert not any(task == "histone" for task, _, _ in runs)  # not named for histone
    assert ("splice", "sim_splice__frac10", "mlp") not in runs  # models are named per task
    curves = build_plan(config).learning_curves()
    assert curves["sim_splice__frac30"] == {
        "task": "splice", "parent": "sim_splice",
        "prepared": "resources/prepared/splice/sim_splice",
        "subset": {"dataset": "sim_splice__frac30", "fraction": 0.3, "seed": 0},
    }  # fmt: skip
    config["learning_curves"]["models"] = ["mlp"]  # a list: every task it applies to
    runs = keys(build_plan(config).curve_runs())
    assert {task for task, _, _ in runs} == {"splice", "tfbs", "premirna", "histone", "tumor",
                                              "dgex", "chromatin", "drug"}  # fmt: skip
    config["learning_curves"]["models"] = []
    assert build_plan(config).curve_runs() == []


def keys(runs):
    return [run.key for run in runs]


def test_parsing_the_workflow_imports_neither_torch_nor_scikit_learn(repo):
    """Every parse of the workflow (each `snakemake -n`, each SLURM job) imports what the
    rule files import; the registries are metadata, so torch and scikit-learn stay out."""
    import re
    import subprocess
    import sys

    rules = "".join(path.read_text() for path in (repo / "workflow" / "rules").glob("*.smk"))
    modules = sorted(set(re.findall(r"^from (gdlbench[\w.]*) import", rules, re.M)))
    assert "gdlbench.config" in modules and len(modules) >= 5
    code = "; ".join(f"import {m}" for m in modules)
    code += "; import sys; print(sorted({'torch', 'sklearn'} & set(sys.modules)))"
    scripts = str(repo / "workflow" / "scripts")
    out = subprocess.run([sys.executable, "-c", code], cwd=scripts, capture_output=True,
                         text=True, check=True)  # fmt: skip
    assert out.stdout.strip() == "[]"


def test_interpretation_runs_the_listed_models_on_datasets_with_planted_truth(repo):
    config = _ready(repo, "config.yaml")
    config["interpretation"]["models"] = {"tfbs": ["cnn", "hybrid"]}
    plan = build_plan(config)
    assert {(run.dataset.name, run.model) for run in plan.interpretation_runs()} == {
        (dataset, model) for dataset in ("sim_tfbs_ctcf", "sim_tfbs_grammar")
        for model in ("cnn", "hybrid")
    }  # fmt: skip
    assert "results/tables/interpretation.tsv" in plan.final_outputs()
    figure = "results/figures/interpretation/tfbs/sim_tfbs_grammar/hybrid.png"
    assert figure in plan.final_outputs() and plan.interpretation_figures()[figure] == (
        "results/interpretation/tfbs/sim_tfbs_grammar/hybrid/0.npz",
        "tfbs / sim_tfbs_grammar / hybrid (hybrid), seed 0",
    )
    assert plan.planted("sim_tfbs_ctcf") == "resources/simulated/tfbs/sim_tfbs_ctcf/planted.tsv"
    config["interpretation"]["models"] = {}
    assert "results/tables/interpretation.tsv" not in build_plan(config).final_outputs()


def test_real_datasets_naming_their_tfs_motifs_are_interpreted_against_them(repo):
    """published.yaml: the Zeng 2016 sets name their TF's JASPAR motif, DeepSEA's bundle and
    the ENCODE/Roadmap profiles their TFs'; UCI's splice junctions name nothing."""
    config = _ready(repo, "published.yaml")
    plan = build_plan(config)
    interpreted = {run.dataset.name for run in plan.interpretation_runs()}
    assert {"zeng2016_k562_ctcf", "zeng2016_helas3_stat3", "deepsea_bundle"} <= interpreted
    assert "uci_splice" not in interpreted
    assert plan.planted("zeng2016_k562_ctcf") is None
    config["interpretation"]["models"]["splice"] = ["cnn"]  # no truth: nothing to interpret
    assert "uci_splice" not in {
        run.dataset.name for run in build_plan(config).interpretation_runs()
    }


@pytest.mark.parametrize(
    ("models", "message"),
    [
        ({"tfbs": ["cnnn"]}, "interpretation.models.tfbs: 'cnnn' is not a configured model"),
        ({"tfbs": ["pwm_scan"]}, "interpretation.models.tfbs: 'pwm_scan' is a baseline"),
        ({"tumor": ["mlp"]}, "models.tumor: only DNA sequence tasks, miRNA-target pairs, proteins"),
        ({"premirna": ["cnn"]}, "models.premirna: only DNA sequence tasks, miRNA-target pairs"),
        ({"chromatin": ["rnn_chromatin"]}, "'rnn_chromatin' \\(rnn\\) has no first-layer filters"),
        ({"tfbss": ["cnn"]}, r"interpretation.models.tfbss: unknown tasks \['tfbss'\]"),
    ],
)
def test_a_bad_interpretation_config_is_a_clear_error(repo, models, message):
    config = _ready(repo, "config.yaml")
    config["interpretation"]["models"] = models
    with pytest.raises(ConfigError, match=message):
        check_config(config)
