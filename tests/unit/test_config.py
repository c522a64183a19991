"""The config files validate, the schema's model names are the registry's, and bad configs fail
with clear messages."""

import copy

import pytest
import yaml
from snakemake.utils import validate

from gdlbench.baselines import BASELINES
from gdlbench.config import check_config, models_for, raw_files, selected_datasets
from gdlbench.data.formats import FORMATS
from gdlbench.errors import ConfigError
from gdlbench.models import MODELS
from gdlbench.tasks import TASKS


@pytest.fixture(scope="module")
def schema(repo):
    return yaml.safe_load((repo / "config" / "schema" / "config.schema.yaml").read_text())


def _load(repo, *names):
    config = {}
    for name in names:  # Snakemake's merge of successive config files, one level deep suffices
        for key, value in yaml.safe_load((repo / "config" / name).read_text()).items():
            if isinstance(value, dict) and isinstance(config.get(key), dict):
                config[key] = {**config[key], **value}
            else:
                config[key] = value
    return config


def test_schema_model_names_equal_the_registry(schema):
    entry = schema["properties"]["models"]["additionalProperties"]["properties"]["model"]
    assert set(entry["enum"]) == set(MODELS) | set(BASELINES)


def test_schema_format_names_equal_the_format_registry(schema):
    dataset = schema["properties"]["datasets"]["additionalProperties"]
    assert set(dataset["properties"]["format"]["enum"]) == set(FORMATS)


def test_unknown_model_without_a_registry_entry_is_a_clear_error(repo):
    config = _load(repo, "config.yaml")
    config["models"]["my_net"] = {}
    with pytest.raises(ConfigError, match="models.my_net: 'my_net' is not in the model registry"):
        check_config(config)


def test_schema_task_names_equal_the_task_table(schema):
    assert set(schema["properties"]["tasks"]["items"]["enum"]) == set(TASKS)


@pytest.mark.parametrize("files", [["config.yaml"], ["config.yaml", "published.yaml"]])
def test_shipped_configs_validate(repo, files):
    config = _load(repo, *files)
    validate(config, str(repo / "config" / "schema" / "config.schema.yaml"))
    check_config(config)
    chosen = selected_datasets(config)
    assert chosen
    for spec in chosen.values():
        assert set(models_for(config, spec["task"])) == set(config["models"])


def test_published_selects_only_real_data(repo):
    config = _load(repo, "config.yaml", "published.yaml")
    validate(config, str(repo / "config" / "schema" / "config.schema.yaml"))
    assert list(selected_datasets(config)) == ["uci_splice"]
    path = raw_files(config, "uci_splice")["data"]
    assert path == (
        "resources/downloads/archive.ics.uci.edu/ml/machine-learning-databases/"
        "molecular-biology/splice-junction-gene-sequences/splice.data"
    )


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda c: c.update(scale="huge"), "huge"),
        (lambda c: c.update(unknown_key=1), "unknown_key"),
        (lambda c: c["models"].update(big={"model": "transformer"}), "transformer"),
        (lambda c: c["datasets"]["sim_splice"].update(format="fasta"), "fasta"),
    ],
)
def test_bad_values_fail_schema_validation(repo, change, message):
    config = copy.deepcopy(_load(repo, "config.yaml"))
    change(config)
    with pytest.raises(Exception, match=message):
        validate(config, str(repo / "config" / "schema" / "config.schema.yaml"))


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


def test_command_line_seeds_become_ints():
    from gdlbench.config import coerce_command_line

    config = {"seeds": ["0", "12"]}
    coerce_command_line(config)
    assert config["seeds"] == [0, 12]
