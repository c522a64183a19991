"""The benchmark's figure rows (the command itself is not part of the test suite)."""

import subprocess
import sys

import numpy as np
import pytest

from gdlbench.bench import numpy_lut_one_hot, peak_tree_rss_mb, row, timings
from gdlbench.data.encode import one_hot


def test_a_figure_row_has_the_stable_fields_and_its_ratio():
    figure = row("kmer_seqs_per_s", [3.0, 1.0, 2.0], "sequences/s", 4.0, note="n")
    assert list(figure)[:8] == ["figure", "value", "unit", "reference", "ratio", "repeats",
                                "min", "max"]  # fmt: skip
    assert (figure["value"], figure["ratio"], figure["min"], figure["max"]) == (2.0, 0.5, 1, 3)
    assert row("x", [1.0], "s", None)["ratio"] is None
    assert len(timings(lambda: None, 5)) == 5


def test_the_one_hot_reference_computes_the_same_encoding():
    codes = np.random.default_rng(0).integers(0, 16, (3, 50)).astype(np.uint8)
    assert np.array_equal(numpy_lut_one_hot(codes), one_hot(codes).numpy())


def test_the_quickstart_memory_counts_every_process_of_the_run(tmp_path):
    allocate = "import numpy as np, subprocess, sys, time; a = np.ones(25_000_000); time.sleep(1)"
    parent = f"import subprocess, sys; subprocess.run([sys.executable, '-c', {allocate!r}])"
    assert peak_tree_rss_mb([sys.executable, "-c", parent], tmp_path) > 190  # a child's 200 MB
    with pytest.raises(subprocess.CalledProcessError):
        peak_tree_rss_mb([sys.executable, "-c", "raise SystemExit(3)"], tmp_path)
