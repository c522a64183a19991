"""Everything fitted in preparation (quantile reference, scalers, feature selection, min-max
scaling) is fitted on the training split: changing only test examples changes no training
input or target."""

import numpy as np
import pytest
from split_settings import SPLIT

from gdlbench.data.formats import FORMATS
from gdlbench.data.formats.adage import read_adage
from gdlbench.data.formats.dgex import read_dgex
from gdlbench.data.formats.tcga_pancan import read_tcga_pancan
from gdlbench.data.prepare import prepare_records
from gdlbench.data.simulate.compendium import write_compendium
from gdlbench.data.simulate.dgex import write_dgex
from gdlbench.data.simulate.tumor import write_tumor_archive

TEST = 2


def _dgex(tmp_path):
    files = {"landmarks": tmp_path / "lm", "targets": tmp_path / "tg",
             "series": tmp_path / "s.txt.gz"}  # fmt: skip
    params = {"n_landmarks": 20, "n_targets": 30, "n_samples": 120, "rank": 4, "noise": 0.2}
    write_dgex(params, np.random.default_rng(0), files)
    return "dgex", read_dgex(files, {}), {}, "dgex_geo"


def _tumor(tmp_path):
    files = {"archive": tmp_path / "t.tar.gz"}
    params = {"n_per_class": {"BRCA": 60, "KIRC": 40, "COAD": 30}, "n_genes": 200,
              "program_size": 20, "effect": 2.0}  # fmt: skip
    write_tumor_archive(params, np.random.default_rng(1), files)
    return "tumor", read_tcga_pancan(files, {}), {"top_variable_genes": 50}, "tcga_pancan"


def _compendium(tmp_path):
    files = {"compendium": tmp_path / "c.pcl", "terms": tmp_path / "terms.txt"}
    params = {"n_genes": 100, "n_arrays": 80, "n_modules": 3, "module_size": 10, "noise": 0.5}
    write_compendium(params, np.random.default_rng(2), files)
    return "compendium", read_adage(files, {}), {}, "adage_pcl"


@pytest.mark.parametrize("make", [_dgex, _tumor, _compendium], ids=["dgex", "tumor", "compendium"])
def test_changing_test_examples_changes_no_training_input(make, tmp_path):
    task, records, options, fmt = make(tmp_path)
    steps = FORMATS[fmt].preparation  # the format's declared train-fitted pipeline
    arrays, _ = prepare_records(task, "d", records, "sim", SPLIT, None, options=options, **steps)
    assert len(records) == len(arrays["x"])  # no subsampling: prepared rows are the records'
    test_ids = set(np.asarray(records["id"])[arrays["split"] == TEST])
    changed = records.copy()
    rng = np.random.default_rng(9)
    for column in ("x", "y"):
        if column in changed:
            changed[column] = [
                value * rng.uniform(0.2, 5.0, np.shape(value)) + rng.normal(0, 3, np.shape(value))
                if sample in test_ids else value
                for sample, value in zip(changed["id"], changed[column], strict=True)
            ]  # fmt: skip
    again, _ = prepare_records(task, "d", changed, "sim", SPLIT, None, options=options, **steps)
    assert np.array_equal(arrays["split"], again["split"])
    train = arrays["split"] == 0
    assert np.array_equal(arrays["x"][train], again["x"][train])
    assert np.array_equal(arrays["y"][train], again["y"][train])
    assert not np.array_equal(arrays["x"][~train], again["x"][~train])  # the change took
