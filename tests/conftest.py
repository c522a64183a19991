"""Shared fixtures: the repository paths, the real portal file heads in ../shared/formats, and
`tests/` on sys.path for the local portal server."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests"))
sys.path.insert(0, str(REPO / "workflow" / "scripts"))

FORMATS = REPO.parent / "shared" / "formats"


@pytest.fixture(scope="session")
def repo() -> Path:
    return REPO


@pytest.fixture(scope="session")
def formats() -> Path:
    """The real file heads; CI clones the repo with ../shared beside it."""
    if not FORMATS.is_dir():
        pytest.fail(f"{FORMATS} is missing: the real portal file heads live in ../shared/formats")
    return FORMATS


SPLIT = {
    "valid": 0.2,
    "test": 0.2,
    "seed": 1,
    "near_duplicate_identity": 0.9,
    "near_duplicate_max_n": 20000,
}


@pytest.fixture(scope="session")
def splice_prepared(tmp_path_factory) -> Path:
    """A small prepared `splice` dataset from the simulator (strong signal, 600 examples)."""
    import numpy as np

    from gdlbench.data.prepare import prepare_records, write_prepared
    from gdlbench.data.simulate.splice import simulate_splice

    records = simulate_splice(
        {"EI": 150, "IE": 150, "N": 300}, 0.9, 0.002, np.random.default_rng(0)
    )
    folder = tmp_path_factory.mktemp("prepared") / "splice" / "sim_splice"
    write_prepared(folder, *prepare_records("splice", "sim_splice", records, "sim", SPLIT, None))
    return folder


@pytest.fixture(scope="session")
def tfbs_prepared(tmp_path_factory) -> Path:
    """A prepared `tfbs` dataset: simulated CTCF peaks on a simulated genome, GC-matched
    negatives, chromosome split."""
    from gdlbench.data.genome import read_peaks_genome
    from gdlbench.data.prepare import prepare_records, write_prepared
    from gdlbench.data.simulate import simulate_dataset

    raw = tmp_path_factory.mktemp("raw_tfbs")
    files = {"genome": raw / "genome.fa", "peaks": raw / "peaks.narrowPeak"}
    simulate_dataset(
        "narrowpeak_genome",
        {
            "seed": 4,
            "n_chromosomes": 4,
            "chromosome_length": 60000,
            "n_peaks": 300,
            "motif": "MA0139.1",
            "strength": 0.9,
        },
        files,
    )
    records = read_peaks_genome(files, {"seed": 0})
    split = {**SPLIT, "method": "chromosome", "valid_chroms": ["chr3"], "test_chroms": ["chr4"]}
    arrays, meta = prepare_records("tfbs", "sim_tfbs", records, "sim", split, None)
    meta["options"] = {"motif": "MA0139.1"}
    folder = tmp_path_factory.mktemp("prepared") / "tfbs" / "sim_tfbs"
    write_prepared(folder, arrays, meta)
    return folder


@pytest.fixture(scope="session")
def histone_prepared(tmp_path_factory) -> Path:
    """A prepared `histone` dataset: one simulated cell type, 600 genes, the release's splits."""
    import numpy as np

    from gdlbench.data.formats.deepchrome import read_deepchrome_archive
    from gdlbench.data.prepare import prepare_records, write_prepared
    from gdlbench.data.simulate.histone import write_histone_archive

    archive = tmp_path_factory.mktemp("raw_histone") / "data.tar.gz"
    params = {"n_genes": 600, "cell_types": ["E003"], "strength": 1.0, "label_noise": 0.3}
    write_histone_archive(params, np.random.default_rng(5), {"archive": archive})
    records = read_deepchrome_archive({"archive": archive}, {"cell_type": "E003"})
    split = {**SPLIT, "method": "given"}
    folder = tmp_path_factory.mktemp("prepared") / "histone" / "sim_histone_E003"
    write_prepared(
        folder, *prepare_records("histone", "sim_histone_E003", records, "sim", split, None)
    )
    return folder
