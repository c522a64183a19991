"""Simulators: each writes a dataset's raw files in its real portal format (SPEC §3), so
everything after the download step is the same code for simulated and real data. Those that
plant motifs also return what they planted where (gdlbench.data.simulate.planted)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

from gdlbench.data.formats.uci_splice import write_uci_splice
from gdlbench.data.simulate.chromatin import write_chromatin
from gdlbench.data.simulate.compendium import write_compendium
from gdlbench.data.simulate.deepsea_bundle import write_deepsea_bundle
from gdlbench.data.simulate.dgex import write_dgex
from gdlbench.data.simulate.drug import write_drug
from gdlbench.data.simulate.histone import write_histone_archive
from gdlbench.data.simulate.localization import write_localization
from gdlbench.data.simulate.mirtarget import write_mirtarget
from gdlbench.data.simulate.planted import write_planted
from gdlbench.data.simulate.premirna import write_premirna
from gdlbench.data.simulate.splice import simulate_splice
from gdlbench.data.simulate.tfbs import simulate_grammar, simulate_peaks_genome
from gdlbench.data.simulate.tumor import write_tumor_archive
from gdlbench.errors import ConfigError

Simulator = Callable[[dict[str, Any], np.random.Generator, dict[str, Path]], list[tuple] | None]


def _splice(
    params: dict[str, Any], rng: np.random.Generator, files: dict[str, Path]
) -> list[tuple]:
    records, planted = simulate_splice(
        params["n_per_class"], params["strength"], params["ambiguous_rate"], rng
    )
    write_uci_splice(records, files["data"])
    return planted


SIMULATORS: dict[str, Simulator] = {  # by the format the simulator writes
    "uci_splice": _splice,
    "narrowpeak_genome": lambda p, rng, f: simulate_peaks_genome(p, rng, f["genome"], f["peaks"]),
    "zeng2016": lambda p, rng, f: simulate_grammar(p, rng, f["train"], f["test"]),
    "deepmirgene": write_premirna,
    "deepchrome_archive": write_histone_archive,
    "tcga_pancan": write_tumor_archive,
    "dgex_geo": write_dgex,
    "adage_pcl": write_compendium,
    "chromatin_peaks": write_chromatin,
    "deepsea_bundle": write_deepsea_bundle,
    "gdsc": write_drug,
    "mirbind_pairs": write_mirtarget,
    "deeploc": write_localization,
}


def simulate_dataset(
    fmt: str, params: dict[str, Any], outputs: dict[str, Path], planted: Path | None = None
) -> None:
    """Write the simulated raw files of one dataset (`outputs` maps file role to path) and,
    where the simulator plants motifs and `planted` is given, their planted truth there."""
    if fmt not in SIMULATORS:
        raise ConfigError(f"no simulator writes the format {fmt!r}")
    sites = SIMULATORS[fmt](params, np.random.default_rng(params["seed"]), outputs)
    if sites is not None and planted is not None:
        write_planted(planted, sites)
