"""What the prepare and audit jobs ask a scheduler for follows the dataset's rows, and the
leakage checks stop before they would pass `split.memory_mb`."""

import numpy as np
import pytest
import yaml
from snakemake.utils import validate
from split_settings import SPLIT

from gdlbench.data.leakage import check_memory
from gdlbench.errors import InputError
from gdlbench.resources import (
    FLOOR_MB,
    FLOOR_MINUTES,
    audit_resources,
    fold_threads,
    prepare_resources,
)


@pytest.fixture(scope="module")
def published(repo):
    config = yaml.safe_load((repo / "config" / "published.yaml").read_text())
    validate(config, str(repo / "config" / "schema" / "config.schema.yaml"))  # the defaults
    return config


def test_resources_grow_with_the_rows_of_the_scale_and_the_source(published, tmp_path):
    bundle = published["datasets"]["deepsea_bundle"]
    tiny = {**published, "scale": "tiny"}
    full = {**published, "scale": "full"}
    assert prepare_resources(tiny, bundle)["mem_mb"] < FLOOR_MB + 100
    deepsea = prepare_resources(full, bundle)
    assert deepsea["mem_mb"] > 25_000 and deepsea["runtime"] > FLOOR_MINUTES
    splice = published["datasets"]["uci_splice"]
    assert prepare_resources(full, splice) == {"mem_mb": FLOOR_MB, "runtime": FLOOR_MINUTES}
    x = tmp_path / "x.npy"
    np.lib.format.open_memmap(x, mode="w+", dtype=np.uint8, shape=(3_000_000, 1000))
    from_file = audit_resources(tiny, bundle, x)  # the prepared rows, not the cap
    assert from_file["mem_mb"] > 4 * audit_resources(tiny, bundle, tmp_path / "no")[
        "mem_mb"] - 4 * FLOOR_MB  # fmt: skip


def test_a_small_fold_asks_for_one_core_a_large_one_for_several(published):
    hairpins = published["datasets"]["deepmirgene_human"]
    assert fold_threads({**published, "scale": "tiny"}, hairpins) == 1  # 2 000 rows at most
    assert fold_threads({**published, "scale": "small"}, hairpins) == 2  # 20 000
    assert fold_threads({**published, "scale": "full"}, {"task": "premirna"}) == 4  # unknown


def test_checks_that_would_pass_the_memory_bound_stop_before_they_start():
    codes = np.zeros((100_000, 10), dtype=np.uint8)
    check_memory(codes, True, SPLIT, "d (f)")
    with pytest.raises(
        InputError,
        match=r"d \(f\): the leakage checks of 100000 examples need "
        r"about \d+ MB, above split.memory_mb \(1000\)",
    ):
        check_memory(codes, True, {**SPLIT, "memory_mb": 1000}, "d (f)")
