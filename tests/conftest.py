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
