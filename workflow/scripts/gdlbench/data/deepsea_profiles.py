"""The config entry of DeepSEA's full recipe (919 profiles, whole hg19) from its
Supplementary Table 2, whose `File accession` column names each profile's peak file:

    python -m gdlbench.data.deepsea_profiles supplementary_table_2.tsv > config/deepsea_full.yaml
    snakemake --cores all --configfile config/published.yaml config/deepsea_full.yaml

ENCODE uniform peaks come from UCSC's hg19 `wgEncodeAwgDnaseUniform` and
`wgEncodeAwgTfbsUniform` folders, Roadmap histone peaks (`E003-H3K4me3`) from the Roadmap
consolidated narrowPeak folder. Profiles sharing a file are listed once.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path
from typing import Any

import yaml

from gdlbench.data.formats.deepsea_bundle import read_deepsea_metadata
from gdlbench.errors import InputError

UCSC_HG19 = "http://hgdownload.cse.ucsc.edu/goldenPath/hg19"
ROADMAP_PEAKS = "https://egg2.wustl.edu/roadmap/data/byFileType/peaks/consolidated/narrowPeak"
CHROMOSOMES = [f"chr{i}" for i in range(1, 23)] + ["chrX"]
ROADMAP = re.compile(r"^E\d{3}-[A-Za-z0-9.]+$")
# the PWM-scan baseline's JASPAR motifs (as config/published.yaml): twenty ENCODE-profiled TFs
MOTIFS = [
    "MA0139.1", "MA0079.5", "MA0144.2", "MA0080.5", "MA0035.4", "MA0099.3", "MA0466.2",
    "MA0138.2", "MA0095.2", "MA0506.1", "MA0058.3", "MA0093.2", "MA0028.2", "MA0060.3",
    "MA0148.4", "MA0114.4", "MA0002.2", "MA0154.4", "MA1115.1", "MA0106.3",
]  # fmt: skip


def peak_url(accession: str) -> str:
    """The portal URL of a profile's peak file from its Supplementary Table 2 accession."""
    for prefix in ("wgEncodeAwgDnase", "wgEncodeAwgTfbs"):
        if accession.startswith(prefix):
            return f"{UCSC_HG19}/encodeDCC/{prefix}Uniform/{accession}.narrowPeak.gz"
    if ROADMAP.match(accession):
        return f"{ROADMAP_PEAKS}/{accession}.narrowPeak.gz"
    raise InputError(f"no known portal serves the peak file {accession!r}")


def recipe_dataset(accessions: list[str]) -> dict[str, Any]:
    """The `chromatin_peaks` dataset of DeepSEA's recipe over these peak files."""
    genome = {
        ("genome" if chrom == CHROMOSOMES[0] else f"genome_{chrom}"):
            {"url": f"{UCSC_HG19}/chromosomes/{chrom}.fa.gz"}
        for chrom in CHROMOSOMES
    }  # fmt: skip
    unique = list(dict.fromkeys(accessions))
    peaks = {("peaks" if i == 0 else f"peaks_{i + 1}"): {"url": peak_url(accession)}
             for i, accession in enumerate(unique)}  # fmt: skip
    return {
        "task": "chromatin",
        "format": "chromatin_peaks",
        "description": f"DeepSEA's recipe: {len(unique)} profiles on hg19 {CHROMOSOMES[0]}-chrX.",
        "files": {**genome, **peaks},
        "options": {"bin": 200, "window": 1000, "negatives": 0.0, "motifs": MOTIFS},
        "split": {"method": "chromosome", "valid_chroms": ["chr7"],
                  "test_chroms": ["chr8", "chr9"]},
    }  # fmt: skip


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m gdlbench.data.deepsea_profiles",
                                     description=__doc__.split("\n\n")[0])  # fmt: skip
    parser.add_argument("table", type=Path, help="DeepSEA's Supplementary Table 2 (TSV)")
    parser.add_argument("--name", default="deepsea_recipe_full", help="the dataset's name")
    args = parser.parse_args(argv)
    accessions = read_deepsea_metadata(args.table)["accession"].tolist()
    entry = {"datasets": {args.name: recipe_dataset(accessions)}}
    yaml.safe_dump(entry, sys.stdout, sort_keys=False, width=200)


if __name__ == "__main__":
    main()
