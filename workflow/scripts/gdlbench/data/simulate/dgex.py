"""Simulated D-GEX inputs: a low-rank expression compendium written as a GEO series matrix,
with landmark and target probe maps in the D-GEX repository's layout.

Expression of every gene is a linear mix of `rank` latent factors plus gene noise (sd
`noise`), on a log2 scale around 8; the series matrix holds linear values (2^x), as many
MAS5 series do, so the pooling step's log scaling is exercised. Landmarks carry the factors,
so targets are predictable from them up to their noise.
"""

from __future__ import annotations

import gzip
import os
from pathlib import Path
from typing import Any

import numpy as np


def _write_map(path: Path, probes: list[str], offset: int) -> None:
    lines = (f"GENE{offset + i}\tENSG{offset + i:011d}\t{p}\n" for i, p in enumerate(probes))
    path.write_text("".join(lines))


def write_dgex(params: dict[str, Any], rng: np.random.Generator, files: dict[str, Path]) -> None:
    n_lm, n_tg, n = params["n_landmarks"], params["n_targets"], params["n_samples"]
    rank, noise = params["rank"], params["noise"]
    loadings = rng.normal(0, 1, (n_lm + n_tg, rank))
    factors = rng.normal(0, 1, (rank, n))
    log_values = 8 + loadings @ factors / np.sqrt(rank) + rng.normal(0, noise, (n_lm + n_tg, n))
    probes = [f"{200000 + i}_at" for i in range(n_lm + n_tg)]
    _write_map(Path(files["landmarks"]), probes[:n_lm], 0)
    _write_map(Path(files["targets"]), probes[n_lm:], n_lm)
    samples = [f"GSM{900000 + j}" for j in range(n)]
    lines = [
        '!Series_title\t"Simulated low-rank compendium"',
        '!Series_platform_id\t"GPL96"',
        "!Sample_geo_accession\t" + "\t".join(f'"{s}"' for s in samples),
        "!series_matrix_table_begin",
        '"ID_REF"\t' + "\t".join(f'"{s}"' for s in samples),
    ]
    for probe, row in zip(probes, 2.0**log_values, strict=True):
        lines.append(f'"{probe}"\t' + "\t".join(f"{v:.2f}" for v in row))
    lines.append("!series_matrix_table_end")
    target = Path(files["series"])
    tmp = target.with_name(f".{target.name}.tmp")
    with gzip.open(tmp, "wt") as handle:
        handle.write("\n".join(lines) + "\n")
    os.replace(tmp, target)
