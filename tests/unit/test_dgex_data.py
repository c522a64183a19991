"""D-GEX inputs: probe maps against the real heads, GEO series matrices (good and broken),
pooling and quantile normalisation, the simulator, regression preparation and per-target
tables."""

import gzip

import numpy as np
import pandas as pd
import pytest
from split_settings import SPLIT

from gdlbench.aggregate.targets import target_table, target_values, win_rates
from gdlbench.data.formats import FORMATS
from gdlbench.data.formats.dgex import (
    read_dgex,
    read_probe_map,
    read_series_matrix,
)
from gdlbench.data.prepare import prepare_records
from gdlbench.data.simulate.dgex import write_dgex
from gdlbench.data.transforms import quantile_normalize
from gdlbench.errors import InputError
from gdlbench.evaluation.predictions import SplitPredictions, write_predictions


def test_real_probe_map_heads_parse(formats):
    landmarks = read_probe_map(formats / "dgex" / "map_lm.txt.head")
    assert landmarks.iloc[0].tolist() == ["UBE2C", "ENSG00000175063", "202954_at"]
    targets = read_probe_map(formats / "dgex" / "map_tg.txt.head")
    assert not set(landmarks["probe"]) & set(targets["probe"])


def _series(tmp_path, rows, name="GSE1_series_matrix.txt.gz", samples=("GSM1", "GSM2")):
    lines = ['!Series_title\t"t"', "!series_matrix_table_begin",
             '"ID_REF"\t' + "\t".join(f'"{s}"' for s in samples), *rows,
             "!series_matrix_table_end"]  # fmt: skip
    path = tmp_path / name
    with gzip.open(path, "wt") as handle:
        handle.write("\n".join(lines) + "\n")
    return path


def test_series_matrix_reads_the_table_and_missing_values(tmp_path):
    path = _series(tmp_path, ['"1007_s_at"\t7.5\t8.25', '"1053_at"\tnull\t6'])
    table = read_series_matrix(path)
    assert table.loc["1007_s_at"].tolist() == [7.5, 8.25]
    assert np.isnan(table.loc["1053_at", "GSM1"])


@pytest.mark.parametrize(
    "rows, message",
    [
        (['"a_at"\t1\tx'], "probe 'a_at', sample 'GSM2': missing or non-numeric value 'x'"),
        (['"a_at"\t1'], "probe 'a_at' has 1 values for 2 samples"),
        (['"a_at"\t1\t2', '"a_at"\t3\t4'], "probe 'a_at' appears twice"),
        ([], "the table has no probes"),
    ],
)
def test_broken_series_matrices_are_clear_errors(tmp_path, rows, message):
    with pytest.raises(InputError, match=message):
        read_series_matrix(_series(tmp_path, rows))


def test_truncated_series_matrix_is_a_clear_error(tmp_path):
    path = _series(tmp_path, ['"a_at"\t1\t2'] * 1)
    path.write_bytes(path.read_bytes()[:40])
    with pytest.raises(InputError, match="unreadable gzip|no complete table"):
        read_series_matrix(path)


def test_quantile_normalisation_gives_every_sample_the_training_reference():
    values = np.array([[5.0, 4.0, 3.0], [2.0, 1.0, 4.0], [3.0, 4.0, 6.0], [4.0, 2.0, 8.0]]).T
    reference = np.sort(values[:2], axis=1).mean(axis=0)  # samples are rows; two train samples
    normalized = quantile_normalize(values, reference)
    assert np.allclose(np.sort(normalized, axis=1), reference)  # every sample, test included
    assert (np.argsort(normalized, axis=1) == np.argsort(values, axis=1)).all()


def test_pooling_drops_and_counts_missing_probes(tmp_path):
    (tmp_path / "lm").write_text("A\tE1\ta_at\nB\tE2\tb_at\nZ\tE9\tmissing_at\n")
    (tmp_path / "tg").write_text("C\tE3\tc_at\n")
    first = _series(tmp_path, ['"a_at"\t300\t400', '"b_at"\t200\t100', '"c_at"\t800\t50'])
    second = _series(
        tmp_path,
        ['"a_at"\t9\t8', '"b_at"\t7\t6', '"c_at"\tnull\t5'],
        "GSE2.txt.gz",
        ("GSM3", "GSM4"),
    )
    files = {"landmarks": tmp_path / "lm", "targets": tmp_path / "tg", "series": first,
             "series_2": second}  # fmt: skip
    with pytest.raises(InputError, match="none of the target probes"):
        read_dgex(files, {})  # c_at has a missing value in GSM3, so it leaves the pool
    second = _series(
        tmp_path, ['"a_at"\t9\t8', '"b_at"\t7\t6', '"c_at"\t6\t5'], "GSE2.txt.gz", ("GSM3", "GSM4")
    )
    records = read_dgex(files, {})
    assert records["id"].tolist() == ["GSM1", "GSM2", "GSM3", "GSM4"]
    assert records.attrs["dropped_probes"]["landmarks"] == 1
    assert records.attrs["landmarks"] == ["a_at", "b_at"] and records["x"].iloc[0].shape == (2,)


def test_simulated_inputs_prepare_as_standardised_regression(tmp_path):
    files = {"landmarks": tmp_path / "map_lm.txt", "targets": tmp_path / "map_tg.txt",
             "series": tmp_path / "series_matrix.txt.gz"}  # fmt: skip
    params = {"n_landmarks": 20, "n_targets": 30, "n_samples": 100, "rank": 4, "noise": 0.2}
    write_dgex(params, np.random.default_rng(0), files)
    records = read_dgex(files, {})
    assert len(records) == 100 and records["y"].iloc[0].shape == (30,)
    arrays, meta = prepare_records(
        "dgex", "sim", records, "sim", SPLIT, None, **FORMATS["dgex_geo"].preparation
    )
    assert arrays["x"].shape == (100, 20) and arrays["y"].shape == (100, 30)
    train = arrays["split"] == 0
    assert np.allclose(arrays["y"][train].mean(axis=0), 0, atol=1e-5)
    assert meta["kind"] == "regression" and len(meta["targets"]) == 30
    assert meta["dropped_probes"] == {"landmarks": 0, "targets": 0, "incomplete_in_the_pool": 0}


def test_per_target_errors_and_win_rates(tmp_path):
    test = SplitPredictions(np.array([1, 2]), np.array([1, 2]), np.array([[1.0, 1.0], [2.0, 0.0]]),
                            np.array([[1.5, 1.0], [2.0, 1.0]]))  # fmt: skip
    write_predictions(tmp_path, {"test": test}, {"task": "dgex", "targets": ["g1", "g2"]})
    values = target_values("dgex", tmp_path)
    assert values.values.tolist() == [["g1", "mae", 0.25], ["g2", "mae", 0.5]]
    errors = pd.DataFrame({"task": "dgex", "dataset": "d", "model": ["mlp", "mlp", "lr", "lr"],
                           "seed": 0, "target": ["g1", "g2", "g1", "g2"], "metric": "mae",
                           "value": [0.1, 0.9, 0.2, 0.5]})  # fmt: skip
    table = target_table(errors, pd.DataFrame(columns=["dataset", "target", "target_type"]))
    assert table["target_type"].isna().all() and (table["n_seeds"] == 1).all()
    wins = win_rates(table, "lr")
    assert wins[["model", "metric", "n_targets", "fraction_better"]].values.tolist() == [
        ["mlp", "mae", 2, 0.5]
    ]
