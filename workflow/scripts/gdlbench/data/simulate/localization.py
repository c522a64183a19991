"""Simulated proteins with planted sorting signals, written as DeepLoc's `deeploc_data.fasta`
(`>ACC Location-Flag`, ` test` on the test partition, 60-column lines).

Each location's proteins carry its signal (a fraction `strength` of them; the rest are
background alone, like cytoplasmic proteins):

- Extracellular: an N-terminal signal peptide (M, 1-3 K/R, 8-12 hydrophobic residues, an
  A-x-A cleavage site);
- Endoplasmic.reticulum: the signal peptide and a C-terminal KDEL;
- Lysosome/Vacuole: the signal peptide and a C-terminal tyrosine motif G-Y-x-x-(I/L/V/F/M);
- Cell.membrane: two or three internal 20-residue hydrophobic helices flanked by K/R;
- Golgi.apparatus: one hydrophobic signal-anchor helix near the N terminus;
- Mitochondrion: an N-terminal amphipathic presequence (R, L, S, A, no D/E);
- Plastid: an N-terminal S/T-rich transit peptide;
- Peroxisome: a C-terminal PTS1 (S/A/C)-(K/R/H)-L;
- Nucleus: a basic nuclear localisation signal (PKKKRKV-like) in the first 30 residues;
- Cytoplasm: none.

Background residues follow UniProt's amino-acid frequencies; `ambiguous_rate` of them are X,
B, Z or U. `dual` extra proteins are `Cytoplasm-Nucleus` (the real file has 146), so the
reader's handling of two locations runs too. The planted truth: each signal element's span
in its protein (gdlbench.data.simulate.planted), by accession.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np

from gdlbench.data.formats.deeploc import LOCATIONS
from gdlbench.data.protein import AMINO_ACIDS
from gdlbench.data.simulate.planted import planted_site

LINE = 60
# UniProtKB/Swiss-Prot amino-acid frequencies (percent), in AMINO_ACIDS order
FREQUENCIES = np.array([8.25, 1.38, 5.46, 6.72, 3.86, 7.07, 2.27, 5.91, 5.80, 9.65,
                        2.41, 4.06, 4.74, 3.93, 5.53, 6.64, 5.35, 6.86, 1.10, 2.92])  # fmt: skip
HYDROPHOBIC = "LLLAVIFM"


def _pick(alphabet: str, n: int, rng: np.random.Generator) -> str:
    return "".join(rng.choice(list(alphabet), size=n))


def background(length: int, ambiguous_rate: float, rng: np.random.Generator) -> str:
    residues = rng.choice(list(AMINO_ACIDS), size=length, p=FREQUENCIES / FREQUENCIES.sum())
    ambiguous = rng.random(length) < ambiguous_rate
    residues[ambiguous] = rng.choice(list("XBZU"), size=int(ambiguous.sum()))
    return "".join(residues)


def signal_peptide(rng: np.random.Generator) -> str:
    n_region = "M" + _pick("KR", int(rng.integers(1, 4)), rng)
    return (
        n_region
        + _pick(HYDROPHOBIC, int(rng.integers(8, 13)), rng)
        + "A"
        + _pick("SGT", 1, rng)
        + "A"
    )


def helix(rng: np.random.Generator) -> str:
    return _pick("KR", 2, rng) + _pick(HYDROPHOBIC + "G", 20, rng) + _pick("KR", 2, rng)


Span = tuple[int, int, str]  # a planted signal element: start, end, name


def plant(location: str, body: str, rng: np.random.Generator) -> tuple[str, list[Span]]:
    """`body` with the sorting signal of `location` (module) put in place, and the span of
    each signal element in the result: `signal_peptide`, `KDEL`, `tyrosine_motif`, `PTS1`,
    `presequence`, `transit_peptide`, `signal_anchor` (the Golgi helix), `helix` (a
    membrane helix) or `NLS`."""
    spans: list[Span] = []
    if location in ("Extracellular", "Endoplasmic.reticulum", "Lysosome/Vacuole"):
        body = _insert(body, spans, 0, signal_peptide(rng), "signal_peptide")
    if location == "Endoplasmic.reticulum":
        body = _insert(body, spans, len(body), "KDEL", "KDEL")
    elif location == "Lysosome/Vacuole":
        motif = "GY" + _pick(AMINO_ACIDS, 2, rng) + _pick("ILVFM", 1, rng)
        body = _insert(body, spans, len(body), motif, "tyrosine_motif")
    elif location == "Peroxisome":
        pts1 = _pick("SAC", 1, rng) + _pick("KRH", 1, rng) + "L"
        body = _insert(body, spans, len(body), pts1, "PTS1")
    elif location == "Mitochondrion":
        presequence = "M" + "".join(
            _pick("RRLLSA", 3, rng) + "R" for _ in range(int(rng.integers(5, 9)))
        )
        body = _insert(body, spans, 0, presequence, "presequence")
    elif location == "Plastid":
        transit = "MA" + _pick("SSSTTAPVGR", int(rng.integers(20, 30)), rng)
        body = _insert(body, spans, 0, transit, "transit_peptide")
    elif location == "Golgi.apparatus":
        lead = "M" + _pick(AMINO_ACIDS, int(rng.integers(5, 15)), rng)
        body = _insert(body, spans, 0, helix(rng), "signal_anchor")
        body = _insert(body, spans, 0, lead, "")
    elif location == "Cell.membrane":
        for _ in range(int(rng.integers(2, 4))):
            at = int(rng.integers(len(body) // 4, 3 * len(body) // 4 + 1))
            body = _insert(body, spans, at, helix(rng), "helix")
    elif location == "Nucleus":
        at = int(rng.integers(1, min(30, len(body))))
        body = _insert(body, spans, at, "P" + _pick("KKKR", 4, rng) + "KV", "NLS")
    return body, spans


def _insert(body: str, spans: list[Span], at: int, piece: str, name: str) -> str:
    """`piece` inserted into `body` at `at`: the `spans` after it move along (one it falls
    inside is split around it), and the piece's own is added when it has a `name`."""
    moved = []
    for start, end, element in spans:
        if end <= at:
            moved.append((start, end, element))
        elif start >= at:
            moved.append((start + len(piece), end + len(piece), element))
        else:
            moved += [(start, at, element), (at + len(piece), end + len(piece), element)]
    spans[:] = moved + ([(at, at + len(piece), name)] if name else [])
    return body[:at] + piece + body[at:]


def simulate_localization(
    params: dict[str, Any], rng: np.random.Generator
) -> tuple[list[tuple[str, str]], list[tuple]]:
    """FASTA records (header line, sequence) of the simulated proteins, shuffled, and the
    planted truth: each signal element's span in its protein (by accession)."""
    low, high = params.get("length", [30, 90])
    n_per_class = params["n_per_class"]
    counts = {loc: n_per_class for loc in LOCATIONS}
    counts["Cytoplasm-Nucleus"] = params.get("dual", 0)
    records = []
    for location, n in counts.items():
        for _ in range(n):
            body = background(
                int(rng.integers(low, high + 1)), params.get("ambiguous_rate", 0.0), rng
            )
            spans = []
            if location in LOCATIONS and rng.random() < params["strength"]:
                body, spans = plant(location, body, rng)
            flag = "M" if location in ("Cell.membrane", "Golgi.apparatus") else "S"
            if rng.random() < 0.2:
                flag = "U"
            test = " test" if rng.random() < params["test_fraction"] else ""
            records.append((f"{location}-{flag}{test}", body, spans))
    order = rng.permutation(len(records))
    proteins, planted = [], []
    for i, j in enumerate(order):
        header, body, spans = records[j]
        proteins.append((f"SIM{i:05d} {header}", body))
        planted += [planted_site(f"SIM{i:05d}", start, name, body[start:end])
                    for start, end, name in spans]  # fmt: skip
    return proteins, planted


def write_localization(
    params: dict[str, Any], rng: np.random.Generator, files: dict[str, Path]
) -> list[tuple]:
    """Write `files["data"]` as deeploc_data.fasta (60-column sequence lines); returns the
    planted truth."""
    proteins, planted = simulate_localization(params, rng)
    lines = []
    for header, sequence in proteins:
        lines.append(f">{header}\n")
        lines += [sequence[i : i + LINE] + "\n" for i in range(0, len(sequence), LINE)]
    Path(files["data"]).write_text("".join(lines))
    return planted
