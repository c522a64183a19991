"""Simulated chromatin profiles in the real formats: a UCSC-like genome FASTA and one
ENCODE-like narrowPeak file per profile, so the real route's binning and labelling run on it.

Regulatory elements are scattered over the genome, each holding a random set of real JASPAR
motifs (at least one; `copies` sites of each) near its centre. A profile `requires` some
motifs: it has a peak (of a width drawn from `width`) over an element holding all of them with
probability `strength`
-- one motif is a TF, two a cooperative motif pair, none accessibility at any element (DNase),
and broad widths a histone mark -- plus `noise` times as many peaks at random places.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np

from gdlbench.data.simulate.planted import planted_site
from gdlbench.data.simulate.tfbs import (
    narrowpeak_line,
    plant,
    random_genome,
    sample_site,
    write_fasta,
)

MARGIN = 1500  # elements keep this far from chromosome ends and N runs


def simulated_files(params: dict[str, Any]) -> dict[str, str]:
    """Role -> file name of a simulated dataset: the genome and a peak file per profile."""
    names = list(params["profiles"])
    peaks = {("peaks" if i == 0 else f"peaks_{i + 1}"): f"{name}.narrowPeak"
             for i, name in enumerate(names)}  # fmt: skip
    return {"genome": "genome.fa", **peaks}


def place_elements(
    params: dict[str, Any], gaps: dict[str, np.ndarray], rng: np.random.Generator
) -> list[tuple[str, int, set[str]]]:
    """(chrom, centre, motifs) of each element, away from gaps and chromosome ends."""
    motifs, elements = params["motifs"], []
    while len(elements) < params["n_elements"]:
        chrom = f"chr{rng.integers(1, params['n_chromosomes'] + 1)}"
        centre = int(rng.integers(MARGIN, params["chromosome_length"] - MARGIN))
        if gaps[chrom][centre - MARGIN : centre + MARGIN].any():
            continue
        present = {m for m in motifs if rng.random() < params["motif_rate"]}
        elements.append((chrom, centre, present or {motifs[int(rng.integers(len(motifs)))]}))
    return elements


def plant_elements(
    chromosomes: dict[str, np.ndarray], elements: list, copies: int, rng: np.random.Generator
) -> list[tuple]:
    """Each element's motifs, `copies` sites of each in random order, one after another from
    100 bp before its centre, 3-15 bp apart; returns the planted truth."""
    planted = []
    for chrom, centre, present in elements:
        at = centre - 100
        for motif in rng.permutation(sorted(present) * copies):
            site = sample_site(str(motif), rng)
            plant(chromosomes[chrom], at, site)
            planted.append(planted_site(chrom, at, str(motif), site))
            at += len(site) + int(rng.integers(3, 16))
    return planted


def profile_peaks(
    name: str, profile: dict[str, Any], elements: list, params: dict[str, Any],
    rng: np.random.Generator,
) -> list[str]:  # fmt: skip
    """narrowPeak rows of one profile: its elements' peaks, then its noise peaks."""
    low, high = profile["width"]
    required = set(profile.get("requires", []))
    spots = [(chrom, centre) for chrom, centre, present in elements
             if required <= present and rng.random() < profile["strength"]]  # fmt: skip
    n_noise = round(profile.get("noise", 0.0) * len(spots))
    for _ in range(n_noise):
        chrom = f"chr{rng.integers(1, params['n_chromosomes'] + 1)}"
        spots.append((chrom, int(rng.integers(MARGIN, params["chromosome_length"] - MARGIN))))
    rows = []
    for i, (chrom, centre) in enumerate(spots):
        width = int(rng.integers(low, high + 1))
        start = centre - int(rng.integers(width // 4, 3 * width // 4 + 1))
        rows.append(
            narrowpeak_line(chrom, start, start + width, f"{name}_{i}", centre - start, rng)
        )
    return rows


def write_chromatin(
    params: dict[str, Any], rng: np.random.Generator, files: dict[str, Path]
) -> list[tuple]:
    """Write the genome and every profile's peaks; return the planted truth."""
    chromosomes, gaps = random_genome(params["n_chromosomes"], params["chromosome_length"], rng)
    elements = place_elements(params, gaps, rng)
    planted = plant_elements(chromosomes, elements, params.get("copies", 1), rng)
    write_fasta(files["genome"], chromosomes)
    roles = simulated_files(params)
    for (name, profile), role in zip(params["profiles"].items(), list(roles)[1:], strict=True):
        Path(files[role]).write_text("".join(profile_peaks(name, profile, elements, params, rng)))
    return planted
