"""One reader per portal file format, and what each format needs.

A reader takes the dataset's files by role and the dataset's `options` from the config, and
returns a records table. Sequence formats give columns `id`, `sequence`, `label`, and where the
source says so `chrom` (for chromosome splits) or `split` (train/valid/test given by the source).
Matrix formats give `id`, `label`, `split` and `x`, one (channels, positions) array per record;
vector formats `id`, `label` (or `y`, a target vector, for regression; drug response: both,
`label` the tissue and `y` LN_IC50 per drug) and `x`; pair formats `id`, `mirna`, `site`,
`label` (and `split`). Multi-label
sequence formats (chromatin profiles) return gdlbench.data.records.CodedTargets instead.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from gdlbench.data.formats.adage import read_adage
from gdlbench.data.formats.deepbind import read_deepbind_seq
from gdlbench.data.formats.deepchrome import read_deepchrome, read_deepchrome_archive
from gdlbench.data.formats.deeploc import read_deeploc
from gdlbench.data.formats.deepmirgene import read_deepmirgene, read_mirbase_hairpin
from gdlbench.data.formats.deepsea_bundle import read_deepsea_bundle
from gdlbench.data.formats.dgex import read_dgex
from gdlbench.data.formats.gdsc import read_gdsc
from gdlbench.data.formats.mirna_pairs import read_mirna_pairs
from gdlbench.data.formats.tcga_pancan import read_tcga_pancan
from gdlbench.data.formats.uci_splice import read_uci_splice
from gdlbench.data.formats.zeng2016 import read_zeng2016_split
from gdlbench.data.records import CodedTargets
from gdlbench.data.simulate.chromatin import simulated_files

Reader = Callable[[dict[str, Path], dict[str, Any]], pd.DataFrame | CodedTargets]


@dataclass(frozen=True)
class Format:
    task: str  # the task its data serves
    files: dict[str, str]  # role -> the name the portal gives the file (simulators write it)
    read: Reader
    optional: tuple[str, ...] = field(default=())  # roles a dataset may leave out
    extra: tuple[str, ...] = ()  # for each, roles `<extra>_2`, `<extra>_x`...: further files
    simulated: Callable[[dict[str, Any]], dict[str, str]] | None = None  # role -> name, from
    # the simulator's parameters, where a simulation writes more files than `files`
    transform: str = "none"  # per-example transform of float inputs before the split (log1p)
    fitted: tuple[str, ...] = ()  # train-fitted steps (gdlbench.data.transforms.FITTED)

    @property
    def preparation(self) -> dict[str, Any]:
        """What prepare_records takes from the format: its transform and fitted pipeline."""
        return {"transform": self.transform, "fitted": self.fitted}


def _read_peaks_genome(files: dict[str, Path], options: dict[str, Any]) -> pd.DataFrame:
    """gdlbench.data.genome.read_peaks_genome, imported on use: genome reads narrowPeak files
    through this package, so importing it here would make the two import each other."""
    from gdlbench.data.genome import read_peaks_genome

    return read_peaks_genome(files, options)


def _read_chromatin_peaks(files: dict[str, Path], options: dict[str, Any]) -> CodedTargets:
    """gdlbench.data.chromatin.read_chromatin_peaks, imported on use (as above)."""
    from gdlbench.data.chromatin import read_chromatin_peaks

    return read_chromatin_peaks(files, options)


FORMATS: dict[str, Format] = {
    "uci_splice": Format(
        "splice", {"data": "splice.data"}, lambda f, _: read_uci_splice(f["data"])
    ),
    "zeng2016": Format("tfbs", {"train": "train.data", "test": "test.data"}, read_zeng2016_split),
    "deepbind_encode": Format(
        "tfbs", {"data": "data.seq.gz"}, lambda f, _: read_deepbind_seq(f["data"])
    ),
    "narrowpeak_genome": Format(
        "tfbs", {"peaks": "peaks.narrowPeak", "genome": "genome.fa"}, _read_peaks_genome
    ),
    "deepmirgene": Format(
        "premirna",
        {"pos": "pos.fa", "neg": "neg.fa", "test_pos": "pos_test.fa", "test_neg": "neg_test.fa"},
        read_deepmirgene,
        optional=("test_pos", "test_neg"),
    ),
    "mirbase_hairpin": Format(
        "premirna", {"hairpin": "hairpin.fa", "neg": "neg.fa"}, read_mirbase_hairpin, ("neg",)
    ),
    "deepchrome": Format(
        "histone",
        {"train": "train.csv", "valid": "valid.csv", "test": "test.csv"},
        read_deepchrome,
        transform="log1p",  # read counts per bin
    ),
    "deepchrome_archive": Format(
        "histone", {"archive": "data.tar.gz"}, read_deepchrome_archive, transform="log1p"
    ),
    "dgex_geo": Format(
        "dgex",
        {"landmarks": "map_lm.txt", "targets": "map_tg.txt", "series": "series_matrix.txt.gz"},
        read_dgex,
        extra=("series",),
        fitted=("quantile_normalize", "standardize", "standardize_targets"),  # D-GEX's
    ),
    "adage_pcl": Format(
        "compendium",
        {"compendium": "compendium.pcl", "terms": "kegg_terms.txt"},
        read_adage,
        fitted=("minmax",),  # ADAGE's scaling
    ),
    "tcga_pancan": Format(
        "tumor",
        {"archive": "TCGA-PANCAN-HiSeq-801x20531.tar.gz"},
        read_tcga_pancan,
        fitted=("top_variable", "standardize"),
    ),
    "chromatin_peaks": Format(
        "chromatin",
        {"genome": "genome.fa", "peaks": "peaks.narrowPeak"},
        _read_chromatin_peaks,
        extra=("genome", "peaks"),
        simulated=simulated_files,
    ),
    "mirbind_pairs": Format(
        "mirtarget",
        {"train": "train_set_1_1_CLASH2013_paper.tsv", "test": "test_set_1_1_CLASH2013_paper.tsv"},
        read_mirna_pairs,
        optional=("test",),
    ),
    "deeploc": Format("localization", {"data": "deeploc_data.fasta"}, read_deeploc),
    "deepsea_bundle": Format(
        "chromatin",
        {"bundle": "deepsea_train_bundle.v0.9.tar.gz", "features": "feature_name"},
        read_deepsea_bundle,
        optional=("features",),
        simulated=lambda params: {"bundle": "deepsea_train_bundle.v0.9.tar.gz"},
    ),
    "gdsc": Format(
        "drug",
        {
            "fitted": "GDSC2_fitted_dose_response_25Feb20.xlsx",
            "expression": "Cell_line_RMA_proc_basalExp.txt",
            "annotation": "genes.gtf.gz",
        },
        read_gdsc,
        optional=("annotation",),
        extra=("fitted",),
        fitted=("sensitivity_labels", "top_variable", "standardize"),  # GDSC's z-score rule
    ),  # fmt: skip
}
