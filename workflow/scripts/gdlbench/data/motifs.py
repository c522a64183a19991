"""Motif matrices from JASPAR (pyjaspar's bundled release): what simulators plant and what the
PWM-scan baseline scans for."""

from __future__ import annotations

from functools import cache

import numpy as np
from pyjaspar import jaspardb

from gdlbench.errors import ConfigError


@cache
def motif_counts(motif_id: str) -> np.ndarray:
    """(4, W) counts of a JASPAR matrix (rows A C G T) from pyjaspar's bundled database.

    An ID without a version (`MA0139`) gets JASPAR's latest version.
    """
    motif = jaspardb().fetch_motif_by_id(motif_id)
    if motif is None:
        raise ConfigError(f"JASPAR (pyjaspar's bundled release) has no motif {motif_id!r}")
    counts = np.array([motif.counts[base] for base in "ACGT"], dtype=np.float64)
    counts.flags.writeable = False  # cached: shared by every caller
    return counts
