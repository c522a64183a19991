"""Prediction folders: arrays per split written in row order, read back memory-mapped, and
exported as the kind's TSV columns."""

import numpy as np

from gdlbench.evaluation.predictions import (
    SplitPredictions,
    prediction_meta,
    read_predictions,
    to_frame,
    write_predictions,
)

RNG = np.random.default_rng(0)


def test_predictions_round_trip_in_row_order_and_export_as_tsv_columns(tmp_path):
    meta = {"task": "splice", "classes": ["EI", "IE", "N"], "dataset": "d"}
    splits = {}
    for split, rows in (("valid", np.array([7, 2, 5])), ("test", np.array([4, 0, 9, 1]))):
        y, scores = RNG.integers(0, 3, len(rows)), RNG.dirichlet(np.ones(3), len(rows))
        splits[split] = SplitPredictions(rows, rows // 2, y, scores)
    write_predictions(tmp_path, splits, meta)
    test = read_predictions(tmp_path, "test")
    order = np.argsort(splits["test"].rows)
    assert isinstance(test.scores, np.memmap) and test.scores.dtype == np.float32
    np.testing.assert_array_equal(test.rows, [0, 1, 4, 9])
    np.testing.assert_array_equal(test.y, splits["test"].y[order])
    np.testing.assert_array_equal(test.cluster, splits["test"].cluster[order])
    np.testing.assert_allclose(test.scores, splits["test"].scores[order], rtol=1e-6)
    assert prediction_meta(tmp_path) == {"task": "splice", "classes": ["EI", "IE", "N"]}
    frame = to_frame(tmp_path)
    assert list(frame.columns) == ["split", "row", "cluster", "y", "score_EI", "score_IE",
                                   "score_N"]  # fmt: skip
    assert frame["split"].tolist() == ["valid"] * 3 + ["test"] * 4
    assert frame["row"].tolist() == [2, 5, 7, 0, 1, 4, 9]


def test_multilabel_labels_are_kept_as_stored(tmp_path):
    """Missing labels stay the stored sentinel in the arrays (NaN only in the TSV export)."""
    y = np.array([[1, 255], [0, 1]], dtype=np.uint8)
    meta = {"task": "chromatin", "targets": ["a", "b"]}
    pair = SplitPredictions(np.arange(2), np.arange(2), y, RNG.random((2, 2)))
    write_predictions(tmp_path, {"valid": pair, "test": pair}, meta)
    back = read_predictions(tmp_path)
    assert back.y.dtype == np.uint8 and (back.y == y).all()
    assert np.isnan(to_frame(tmp_path).loc[0, "y_b"])
