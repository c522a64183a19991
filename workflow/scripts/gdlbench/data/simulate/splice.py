"""Simulated splice junctions with planted donor and acceptor signals, in the UCI layout.

EI (exon|intron, donor) sequences carry the donor consensus MAG|GTRAGT across the junction;
IE (intron|exon, acceptor) ones a polypyrimidine tract then NCAG|G; N sequences are background.
A fraction `strength` of EI and IE sequences carries a site drawn from its PWM; the rest are
background like N, so no model can call them: accuracy is high, not 1. The planted sites are
the truth interpretations are scored against (motifs `donor`, `acceptor`: not JASPAR's).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from gdlbench.data.encode import BASES
from gdlbench.data.simulate.planted import planted_site

LENGTH = 60
JUNCTION = 30  # the junction lies between positions 29 and 30 (0-based), as in UCI

# Probabilities over A C G T; consensus facts from the splice-site literature.
DONOR = np.array([  # positions -3..+6 around the junction: M A G | G T R A G T
    [0.35, 0.35, 0.15, 0.15], [0.60, 0.10, 0.15, 0.15], [0.10, 0.05, 0.80, 0.05],
    [0.00, 0.00, 1.00, 0.00], [0.00, 0.00, 0.00, 1.00], [0.55, 0.05, 0.35, 0.05],
    [0.70, 0.10, 0.10, 0.10], [0.10, 0.05, 0.80, 0.05], [0.15, 0.15, 0.15, 0.55],
])  # fmt: skip
DONOR_OFFSET = -3
PYRIMIDINE = [0.10, 0.40, 0.10, 0.40]
ACCEPTOR = np.array(  # positions -14..0: (Y)10 N C A G | G
    [PYRIMIDINE] * 10
    + [[0.25, 0.25, 0.25, 0.25], [0.05, 0.75, 0.05, 0.15],
       [1.00, 0.00, 0.00, 0.00], [0.00, 0.00, 1.00, 0.00], [0.25, 0.10, 0.55, 0.10]]
)  # fmt: skip
ACCEPTOR_OFFSET = -14
AMBIGUOUS = np.frombuffer(b"DNSR", dtype=np.uint8)
SIGNALS = {  # class -> (planted motif, its PWM, its start)
    "EI": ("donor", DONOR, JUNCTION + DONOR_OFFSET),
    "IE": ("acceptor", ACCEPTOR, JUNCTION + ACCEPTOR_OFFSET),
}


def _plant(
    rng: np.random.Generator, codes: np.ndarray, pwm: np.ndarray, start: int, strength: float
) -> np.ndarray:
    """Overwrite `codes[:, start:start+len(pwm)]` with PWM draws in a `strength` fraction;
    return the rows that carry a site."""
    carriers = np.flatnonzero(rng.random(len(codes)) < strength)
    draws = rng.random((len(carriers), len(pwm)))
    sites = (draws[:, :, None] > pwm.cumsum(axis=1)[None, :, :]).sum(axis=2).clip(0, 3)
    codes[carriers, start : start + len(pwm)] = sites
    return carriers


def simulate_splice(
    n_per_class: dict[str, int],
    strength: float,
    ambiguous_rate: float,
    rng: np.random.Generator,
) -> tuple[pd.DataFrame, list[tuple]]:
    """Records `id`, `sequence`, `label` (EI, IE, N) with planted signals, and the planted
    truth (gdlbench.data.simulate.planted: one row per site, as it reads in its record)."""
    frames, planted = [], []
    for label, n in n_per_class.items():
        codes = rng.integers(0, 4, size=(n, LENGTH))
        motif, pwm, start = SIGNALS.get(label, (None, None, 0))
        carriers = _plant(rng, codes, pwm, start, strength) if motif else []
        letters = np.frombuffer(BASES.encode(), dtype=np.uint8)[codes]
        ambiguous = rng.random(letters.shape) < ambiguous_rate
        letters[ambiguous] = rng.choice(AMBIGUOUS, size=int(ambiguous.sum()))
        kind = {"EI": "DONOR", "IE": "ACCEPTOR", "N": "NEG"}[label]
        ids = [f"SIM-{kind}-{i}" for i in range(n)]
        sequences = [row.tobytes().decode() for row in letters]
        planted += [planted_site(ids[i], start, motif, sequences[i][start : start + len(pwm)])
                    for i in carriers]  # fmt: skip
        frames.append(pd.DataFrame({"id": ids, "sequence": sequences, "label": label}))
    records = pd.concat(frames, ignore_index=True)
    return records.iloc[rng.permutation(len(records))].reset_index(drop=True), planted
