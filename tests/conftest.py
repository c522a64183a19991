"""Shared fixtures: the repository paths, the real portal file heads in tests/fixtures/formats,
and tests/helpers (the local portal server, the Snakemake runner, fixture writers) on
sys.path."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
import torch

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tests" / "helpers"))
sys.path.insert(0, str(REPO / "workflow" / "scripts"))

from split_settings import SPLIT  # noqa: E402

FORMATS = REPO / "tests" / "fixtures" / "formats"


@pytest.fixture(
    params=[
        "cpu",
        pytest.param("cuda", marks=pytest.mark.skipif(
            not torch.cuda.is_available(), reason="no CUDA device")),
    ]
)  # fmt: skip
def device(request) -> str:
    """Each test that takes it runs on the CPU and, where a GPU is visible, on CUDA."""
    return request.param


@pytest.fixture(scope="session")
def repo() -> Path:
    return REPO


@pytest.fixture(scope="session")
def formats() -> Path:
    """The real file heads the portals serve (their first lines, kept in the repository)."""
    return FORMATS


@pytest.fixture(scope="session")
def splice_prepared(tmp_path_factory) -> Path:
    """A small prepared `splice` dataset from the simulator (strong signal, 600 examples),
    the simulator's planted truth beside it (`../planted.tsv`)."""
    import numpy as np

    from gdlbench.data.prepare import prepare_records, write_prepared
    from gdlbench.data.simulate.planted import PLANTED_FILE, write_planted
    from gdlbench.data.simulate.splice import simulate_splice

    records, planted = simulate_splice(
        {"EI": 150, "IE": 150, "N": 300}, 0.9, 0.002, np.random.default_rng(0)
    )
    folder = tmp_path_factory.mktemp("prepared") / "splice" / "sim_splice"
    write_prepared(folder, *prepare_records("splice", "sim_splice", records, "sim", SPLIT, None))
    write_planted(folder.parent / PLANTED_FILE, planted)
    return folder


@pytest.fixture(scope="session")
def tfbs_raw(tmp_path_factory) -> Path:
    """Simulated CTCF peaks on a simulated genome (genome.fa, peaks.narrowPeak) and the
    simulator's planted truth (planted.tsv)."""
    from gdlbench.data.simulate import simulate_dataset
    from gdlbench.data.simulate.planted import PLANTED_FILE

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
        raw / PLANTED_FILE,
    )
    return raw


@pytest.fixture(scope="session")
def tfbs_prepared(tfbs_raw, tmp_path_factory) -> Path:
    """A prepared `tfbs` dataset: simulated CTCF peaks on a simulated genome, GC-matched
    negatives, chromosome split."""
    from gdlbench.data.genome import read_peaks_genome
    from gdlbench.data.prepare import prepare_records, write_prepared

    files = {"genome": tfbs_raw / "genome.fa", "peaks": tfbs_raw / "peaks.narrowPeak"}
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

    from gdlbench.data.formats import FORMATS as READERS
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
        folder,
        *prepare_records(
            "histone",
            "sim_histone_E003",
            records,
            "sim",
            split,
            None,
            **READERS["deepchrome"].preparation,
        ),
    )
    return folder


@pytest.fixture(scope="session")
def tumor_prepared(tmp_path_factory) -> Path:
    """A prepared `tumor` dataset: simulated expression programs, three classes, 300 genes."""
    import numpy as np

    from gdlbench.data.formats import FORMATS as READERS
    from gdlbench.data.formats.tcga_pancan import read_tcga_pancan
    from gdlbench.data.prepare import prepare_records, write_prepared
    from gdlbench.data.simulate.tumor import write_tumor_archive

    files = {"archive": tmp_path_factory.mktemp("raw_tumor") / "tcga.tar.gz"}
    params = {"n_per_class": {"BRCA": 80, "KIRC": 50, "COAD": 30}, "n_genes": 300,
              "program_size": 20, "effect": 2.0}  # fmt: skip
    write_tumor_archive(params, np.random.default_rng(2), files)
    records = read_tcga_pancan(files, {})
    split = {**SPLIT, "method": "stratified"}
    folder = tmp_path_factory.mktemp("prepared") / "tumor" / "sim_tumor"
    write_prepared(
        folder,
        *prepare_records(
            "tumor", "sim_tumor", records, "sim", split, None, **READERS["tcga_pancan"].preparation
        ),
    )
    return folder


@pytest.fixture(scope="session")
def compendium_prepared(tmp_path_factory) -> Path:
    """A prepared `compendium`: 200 genes x 120 arrays with 4 planted modules of 15 genes."""
    import numpy as np

    from gdlbench.data.formats import FORMATS as READERS
    from gdlbench.data.formats.adage import read_adage
    from gdlbench.data.prepare import prepare_records, write_prepared
    from gdlbench.data.simulate.compendium import write_compendium

    raw = tmp_path_factory.mktemp("raw_compendium")
    files = {"compendium": raw / "c.pcl", "terms": raw / "terms.txt"}
    params = {"n_genes": 200, "n_arrays": 120, "n_modules": 4, "module_size": 15, "noise": 0.5}
    write_compendium(params, np.random.default_rng(3), files)
    records = read_adage(files, {})
    folder = tmp_path_factory.mktemp("prepared") / "compendium" / "sim_compendium"
    write_prepared(
        folder,
        *prepare_records(
            "compendium", "sim", records, "sim", SPLIT, None, **READERS["adage_pcl"].preparation
        ),
    )
    return folder
