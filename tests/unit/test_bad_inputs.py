"""The bad-input matrix (SPEC §8): malformed files for every reader, built from the real heads in
tests/fixtures/formats (copied, then corrupted), bad downloads and bad configs. Each case checks the
message (the file, and the line or record where there is one, and what was expected) and that
nothing is left behind: no prepared file or folder, no downloaded file."""

from __future__ import annotations

import gzip
import io
import re
import tarfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pytest
import yaml
from deepsea_bundle_files import bundle_data, write_deepsea_bundle
from gdsc_files import gdsc_files
from portal_server import PortalServer
from snakemake.exceptions import WorkflowError
from snakemake.utils import update_config, validate
from split_settings import SPLIT

from gdlbench.config import check_config
from gdlbench.data.download import fetch
from gdlbench.data.formats import FORMATS
from gdlbench.data.prepare import prepare_files, write_prepared
from gdlbench.errors import ConfigError, DownloadError, InputError
from gdlbench.plan import build_plan

HTML = (
    "<!DOCTYPE html>\n<html lang='en'>\n<head><title>404 Not Found</title></head>\n"
    "<body><h1>Not Found</h1><p>The requested URL was not found on this server.</p></body>\n"
    "</html>\n"
)
MARKS = "H3K27me3,H3K36me3,H3K4me1,H3K4me3,H3K9me3"


def real(formats: Path, name: str) -> list[str]:
    """The lines of a real head (newlines kept)."""
    return (formats / name).read_text().splitlines(keepends=True)


def write(path: Path, content: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content)
    return path


def replace_line(lines: list[str], number: int, old: str, new: str) -> str:
    """The lines joined, with the first `old` of line `number` (1-based) replaced by `new`."""
    lines = list(lines)
    if old not in lines[number - 1]:
        raise ValueError(f"{old!r} is not in line {number}: {lines[number - 1]!r}")
    lines[number - 1] = lines[number - 1].replace(old, new, 1)
    return "".join(lines)


def set_field(text: str, number: int, index: int, value: str, sep: str = ",") -> str:
    """`text` with field `index` (0-based) of line `number` (1-based) set to `value`."""
    lines = text.splitlines(True)
    fields = lines[number - 1].rstrip("\n").split(sep)
    fields[index] = value
    lines[number - 1] = sep.join(fields) + "\n"
    return "".join(lines)


def truncated_gzip(text: str) -> bytes:
    data = gzip.compress(text.encode())
    return data[: len(data) * 2 // 3]


# --- the raw files of each format, one of them broken -----------------------------------------


def splice(formats, tmp, broken=None):
    text = "".join(real(formats, "uci_splice/splice.data.head"))
    return {"data": write(tmp / "splice.data", text if broken is None else broken(text))}


def zeng(formats, tmp, broken=None, role="train"):
    """train.data and test.data from the real head; `broken` applied to `role` (or both)."""
    text = "".join(real(formats, "zeng2016_motif_discovery/test.data.head"))
    files = {r: write(tmp / f"{r}.data", text) for r in ("train", "test")}
    for r in files if role == "both" else [role]:
        if broken is not None:
            write(files[r], broken(text))
    return files


def mirbind(formats, tmp, broken):
    """The real CLASH-derived pair table head as the train table, `broken` applied."""
    text = "".join(real(formats, "mirna_targets/miRBind_train_set_1_1_CLASH2013_paper.tsv.head"))
    return {"train": write(tmp / "train_set_1_1_CLASH2013_paper.tsv", broken(text))}


def deepbind(formats, tmp, broken):
    text = "".join(real(formats, "deepbind_encode/SAP30_K562_B.seq.head"))
    content = broken(text)
    return {"data": write(tmp / "SAP30_K562_B.seq.gz", content)}


def peaks_on_yeast(formats, tmp, peaks: str, genome_broken=None):
    """A narrowPeak file and the real sacCer3 chrIV head as the genome FASTA."""
    genome = "".join(real(formats, "ucsc/sacCer3_chrIV.fa.head"))
    if genome_broken is not None:
        genome = genome_broken(genome)
    return {
        "peaks": write(tmp / "peaks.narrowPeak", peaks),
        "genome": write(tmp / "genome.fa", genome),
    }


def yeast_peaks(formats) -> list[str]:
    """The real regionPeak head moved onto chrIV's first 1000 bp (one build, inside)."""
    lines = []
    for i, line in enumerate(real(formats, "encode_narrowpeak/ENCFF000XUK-chr21.regionPeak.head")):
        fields = line.rstrip("\n").split("\t")
        start = 100 + 60 * i
        fields[:3] = ["chrIV", str(start), str(start + 150)]
        fields[9] = "75"
        lines.append("\t".join(fields) + "\n")
    return lines


def mirgene(formats, tmp, broken=None, role="pos"):
    files = {
        r: write(tmp / f"human_{r}.fa", "".join(real(formats, f"deepmirgene/human_{r}.fa.head")))
        for r in ("pos", "neg")
    }
    if broken is not None:
        write(files[role], broken(files[role].read_text()))
    return files


def deeploc(formats, tmp, broken=None):
    text = "".join(real(formats, "deeploc/deeploc_test_set.fasta.head"))
    text += "".join(real(formats, "deeploc/deeploc_our_val_set.fasta.head"))
    return {"data": write(tmp / "deeploc_data.fasta", broken(text) if broken else text)}


def deepchrome(formats, tmp, broken=None, role="train"):
    files = {
        s: write(tmp / f"{s}.csv", (formats / "deepchrome_toy" / f"{s}.csv").read_text())
        for s in ("train", "valid", "test")
    }
    if broken is not None:
        write(files[role], broken(files[role].read_text()))
    return files


def deepchrome_archive(formats, tmp, extra: Callable[[tarfile.TarFile], None] | None = None):
    """The release layout (data/E003/classification/*.csv, the real toy files) plus `extra`."""
    archive = tmp / "data.tar.gz"
    with tarfile.open(archive, "w:gz") as tar:
        for split in ("train", "valid", "test"):
            source = formats / "deepchrome_toy" / f"{split}.csv"
            tar.add(source, arcname=f"data/E003/classification/{split}.csv")
        if extra is not None:
            extra(tar)
    return {"archive": archive}


def add_member(name: str, kind: bytes = tarfile.REGTYPE, link: str = ""):
    def extra(tar: tarfile.TarFile) -> None:
        info = tarfile.TarInfo(name)
        info.type, info.linkname = kind, link
        data = b"" if link else b"000003,1,0,1,0,2,0,1\n"
        info.size = len(data)
        tar.addfile(info, io.BytesIO(data))

    return extra


def tcga(tmp, data: str | None = None, labels: str | None = None):
    """The UCI TCGA PANCAN layout (README of tests/fixtures/formats), 12 samples x 4 genes."""
    classes = ["BRCA", "KIRC", "LUAD"] * 4
    rows = [f"sample_{i},{i}.5,{i % 3}.25,0.0,{10 - i}.75\n" for i in range(12)]
    data = data if data is not None else ",gene_0,gene_1,gene_2,gene_3\n" + "".join(rows)
    if labels is None:
        labels = ",Class\n" + "".join(f"sample_{i},{c}\n" for i, c in enumerate(classes))
    archive = tmp / "TCGA-PANCAN-HiSeq-801x20531.tar.gz"
    with tarfile.open(archive, "w:gz") as tar:
        for name, text in (("data.csv", data), ("labels.csv", labels)):
            info = tarfile.TarInfo(f"TCGA-PANCAN-HiSeq-801x20531/{name}")
            info.size = len(text.encode())
            tar.addfile(info, io.BytesIO(text.encode()))
    return {"archive": archive}


def tcga_rows(value_of_sample_3: str) -> str:
    rows = [f"sample_{i},{i}.5,{i % 3}.25,0.0,{10 - i}.75\n" for i in range(12)]
    rows[3] = f"sample_3,3.5,{value_of_sample_3},0.0,7.75\n"
    return ",gene_0,gene_1,gene_2,gene_3\n" + "".join(rows)


def deepsea(formats, tmp, change=None, n_features: int = 3):
    """DeepSEA's training bundle layout (tests/helpers/deepsea_bundle_files.py), 3 targets, and the
    first `n_features` names of the real feature_name head."""
    data = bundle_data(np.random.default_rng(0), {"train": 4, "valid": 2, "test": 2}, 3)
    features = "".join(real(formats, "deepsea/feature_name.head")[: n_features + 1])
    return {
        "bundle": write_deepsea_bundle(tmp, data, change=change),
        "features": write(tmp / "feature_name", features),
    }


def two_bases_in_train(split, x, y):
    if split == "train":
        x = x.copy()
        x[1, :, 5] = 1
    return x, y


def series_matrix(probes: list[str], broken=None) -> str:
    samples = [f"GSM{100 + i}" for i in range(12)]
    lines = [
        '!Series_title\t"a series"\n',
        '!Series_geo_accession\t"GSE1"\n',
        "!series_matrix_table_begin\n",
        '"ID_REF"\t' + "\t".join(f'"{s}"' for s in samples) + "\n",
    ]
    for p, probe in enumerate(probes):
        lines.append(f'"{probe}"\t' + "\t".join(f"{5 + p + i / 7:.3f}" for i in range(12)) + "\n")
    lines.append("!series_matrix_table_end\n")
    text = "".join(lines)
    return broken(text) if broken is not None else text


def dgex(formats, tmp, series_broken=None, map_broken=None, series_bytes=None):
    maps = {r: real(formats, f"dgex/map_{r}.txt.head") for r in ("lm", "tg")}
    probes = [line.split("\t")[2].strip() for r in ("lm", "tg") for line in maps[r]]
    landmarks = "".join(maps["lm"]) if map_broken is None else map_broken("".join(maps["lm"]))
    text = series_matrix(probes, series_broken)
    series = series_bytes(text) if series_bytes is not None else gzip.compress(text.encode())
    return {
        "landmarks": write(tmp / "map_lm.txt", landmarks),
        "targets": write(tmp / "map_tg.txt", "".join(maps["tg"])),
        "series": write(tmp / "GSE1_series_matrix.txt.gz", series),
    }


def adage(formats, tmp, pcl_broken=None, terms_broken=None):
    pcl = "".join(real(formats, "adage/Anr-gene.pcl.head"))
    terms = "".join(real(formats, "adage/pseudomonas_KEGG_terms.txt.head"))
    # the head's genes are PA0001..PA0003; give the terms one of them so only the break fails
    terms = terms.replace("PA2553;", "PA0001;", 1)
    return {
        "compendium": write(tmp / "compendium.pcl", pcl_broken(pcl) if pcl_broken else pcl),
        "terms": write(tmp / "kegg_terms.txt", terms_broken(terms) if terms_broken else terms),
    }


# --- the matrix -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Case:
    """A broken dataset: `files(formats, tmp)` builds it; `role` names the file the message must
    name; `match` is the rest of the expected message (a regex after the file name)."""

    id: str
    format: str
    files: Callable[[Path, Path], dict[str, Path]]
    role: str
    match: str
    options: dict = field(default_factory=dict)
    split: dict = field(default_factory=dict)


def line_no(formats, name, text):
    return next(i for i, line in enumerate(real(formats, name), 1) if text in line)


CASES = [
    # UCI splice.data
    Case("splice wrong column count", "uci_splice",
         lambda f, t: splice(f, t, lambda s: replace_line(s.splitlines(True), 3, ",", " ")),
         "data", r":3: expected 3 comma-separated fields \(class, name, sequence\), found 2"),
    Case("splice non-IUPAC letter", "uci_splice",
         lambda f, t: splice(f, t, lambda s: replace_line(s.splitlines(True), 5, "CC", "CJ")),
         "data", r":5: sequence of '\S+' has characters \['J'\] outside ACDGNRST"),
    Case("splice empty file", "uci_splice", lambda f, t: splice(f, t, lambda s: ""),
         "data", r": no records"),
    Case("splice missing label", "uci_splice",
         lambda f, t: splice(f, t, lambda s: replace_line(s.splitlines(True), 2, "EI,", ",")),
         "data", r":2: class '' is not one of \('EI', 'IE', 'N'\)"),
    Case("splice one class only (the head is all EI)", "uci_splice", splice,
         "data", r"\)?: every class needs at least 3 examples .* two classes or more; class counts "
         r"are \{'EI': 12\}"),
    Case("splice HTML page", "uci_splice", lambda f, t: splice(f, t, lambda s: HTML),
         "data", r": an HTML page \('404 Not Found'\), not a UCI splice.data file"),
    Case("splice truncated gzip", "uci_splice",
         lambda f, t: {"data": write(t / "splice.data", truncated_gzip(
             "".join(real(f, "uci_splice/splice.data.head")) * 20))},
         "data", r": unreadable gzip data"),
    # Zeng 2016 .data
    Case("zeng header where none belongs", "zeng2016",
         lambda f, t: zeng(f, t, lambda s: "name sequence label\n" + s),
         "train", r":1: name 'name' is not '>chr:start-end' or '..._shuf'"),
    Case("zeng missing label", "zeng2016",
         lambda f, t: zeng(f, t, lambda s: replace_line(s.splitlines(True), 2, " 0\n", "\n")),
         "train", r":2: expected '>chr:start-end SEQUENCE LABEL' \(3 space-separated fields\), "
         r"found 2"),
    Case("zeng non-IUPAC letter", "zeng2016",
         lambda f, t: zeng(f, t, lambda s: replace_line(s.splitlines(True), 4, "TTT", "TJT"),
                           role="test"),
         "test", r":4: sequence has characters \['J'\] outside ACGTN"),
    Case("zeng one class only", "zeng2016",
         lambda f, t: zeng(f, t, lambda s: "".join(x for x in s.splitlines(True)
                                                   if x.endswith(" 0\n")) * 2, "both"),
         "train", r".*: every class needs at least 3 examples .* class counts are \{'0': 24\}",
         split={"method": "given"}),
    Case("zeng HTML page", "zeng2016", lambda f, t: zeng(f, t, lambda s: HTML, role="test"),
         "test", r": an HTML page \('404 Not Found'\), not a Zeng 2016 .data file"),
    # miRBind CLASH pair tables
    Case("mirbind header missing", "mirbind_pairs",
         lambda f, t: mirbind(f, t, lambda s: "".join(s.splitlines(True)[1:])),
         "train", r":1: header \['TGTAAACATCCTCGACTGGA', .*\] lacks the columns "
         r"\['miRNA', 'gene', 'label'\]"),
    Case("mirbind bad letter in a site", "mirbind_pairs",
         lambda f, t: mirbind(f, t, lambda s: replace_line(s.splitlines(True), 3, "GACC", "GJCC")),
         "train", r":3: miRNA sequence 'TGAGJCCTCTGGGTTCTGAG' is empty or has characters "
         r"\['J'\] outside ACGTUN"),
    Case("mirbind label not 0 or 1", "mirbind_pairs",
         lambda f, t: mirbind(f, t, lambda s: set_field(s, 5, 2, "yes", sep="\t")),
         "train", r":5: label 'YES' is not 0 or 1"),
    Case("mirbind missing field", "mirbind_pairs",
         lambda f, t: mirbind(f, t, lambda s: replace_line(s.splitlines(True), 4, "\t1\n", "\n")),
         "train", r":4: 2 fields, the header has 3"),
    Case("mirbind positives only, given negatives", "mirbind_pairs",
         lambda f, t: mirbind(f, t, lambda s: s + "".join(s.splitlines(True)[1:])),
         "train", r".*every class needs at least 3 examples .* class counts are \{'1': 28\}"),
    Case("mirbind HTML page", "mirbind_pairs", lambda f, t: mirbind(f, t, lambda s: HTML),
         "train", r": an HTML page \('404 Not Found'\), not a miRNA-target pair table"),
    # DeepBind .seq.gz
    Case("deepbind header missing", "deepbind_encode",
         lambda f, t: deepbind(f, t, lambda s: gzip.compress("".join(
             s.splitlines(True)[1:]).encode())),
         "data", r":1: expected the header FoldID<TAB>EventID<TAB>seq<TAB>Bound, got 'A\\t"),
    Case("deepbind truncated gzip", "deepbind_encode",
         lambda f, t: deepbind(f, t, lambda s: truncated_gzip(s)),
         "data", r": unreadable gzip data"),
    Case("deepbind gzip HTML page", "deepbind_encode",
         lambda f, t: deepbind(f, t, lambda s: gzip.compress(HTML.encode())),
         "data", r": an HTML page \('404 Not Found'\), not a DeepBind .seq table"),
    Case("deepbind plain HTML page", "deepbind_encode",
         lambda f, t: deepbind(f, t, lambda s: "<html><body>Service Unavailable</body></html>"),
         "data", r": an HTML page \('<html><body>Service Unavailable</body></html>'\)"),
    Case("deepbind wrong column count", "deepbind_encode",
         lambda f, t: deepbind(f, t, lambda s: gzip.compress(replace_line(
             s.splitlines(True), 3, "A\t", "").encode())),
         "data", r":3: expected 4 tab-separated fields \(FoldID, EventID, seq, Bound\), found 3"),
    Case("deepbind missing label", "deepbind_encode",
         lambda f, t: deepbind(f, t, lambda s: gzip.compress(replace_line(
             s.splitlines(True), 6, "\t1\n", "\t\n").encode())),
         "data", r":6: Bound '' is not 0 or 1"),
    # ENCODE peaks on a UCSC genome
    Case("peaks on a chromosome absent from the genome", "narrowpeak_genome",
         lambda f, t: peaks_on_yeast(f, t, "".join(
             real(f, "encode_narrowpeak/CTCF_hg38_subset.narrowPeak.head"))),
         "peaks", r": no peak window is left on .*genome.fa: .*'dropped_absent_chromosome': "
         r"\{'chr10': \d+\}"),
    Case("peak past the chromosome end", "narrowpeak_genome",
         lambda f, t: peaks_on_yeast(f, t, replace_line(
             yeast_peaks(f), 2, "\t160\t310\t", "\t900\t1050\t")),
         "peaks", r": peak '.' at chrIV:900-1050 ends past the end of chrIV \(1000 bp in "
         r".*genome.fa\); 1 peaks do"),
    Case("peak with a negative start", "narrowpeak_genome",
         lambda f, t: peaks_on_yeast(f, t, replace_line(yeast_peaks(f), 3, "\t220\t", "\t-40\t")),
         "peaks", r":3: expected 0 <= start < end, got start -40, end 370"),
    Case("peak with NaN signal", "narrowpeak_genome",
         lambda f, t: peaks_on_yeast(f, t, replace_line(
             yeast_peaks(f), 4, "\t206.051903589383\t", "\tnan\t")),
         "peaks", r":4: signalValue \(column 7\) is 'nan'; expected a finite number"),
    Case("peak with inf q-value", "narrowpeak_genome",
         lambda f, t: peaks_on_yeast(f, t, replace_line(
             yeast_peaks(f), 1, "\t3.03702787975578\t", "\tinf\t")),
         "peaks", r":1: qValue \(column 9\) is 'inf'; expected a finite number"),
    Case("peaks wrong column count (BED6+3)", "narrowpeak_genome",
         lambda f, t: peaks_on_yeast(f, t, replace_line(yeast_peaks(f), 2, "\t75\n", "\n")),
         "peaks", r":2: narrowPeak has 10 tab-separated columns \(BED6\+4\), found 9"),
    Case("genome FASTA is an HTML page", "narrowpeak_genome",
         lambda f, t: peaks_on_yeast(f, t, "".join(yeast_peaks(f)), lambda s: HTML),
         "genome", r": an HTML page \('404 Not Found'\), not a genome FASTA"),
    # chromatin profiles: peak files and a genome, DeepSEA's binning
    Case("chromatin peaks only on chromosomes the genome lacks", "chromatin_peaks",
         lambda f, t: peaks_on_yeast(f, t, "".join(
             real(f, "encode_narrowpeak/CTCF_hg38_subset.narrowPeak.head"))),
         "peaks", r": no peak covers half a bin on the chromosomes \['chrIV'\] of .*genome.fa",
         options={"window": 200}),
    Case("chromatin peak past the chromosome end", "chromatin_peaks",
         lambda f, t: peaks_on_yeast(f, t, replace_line(
             yeast_peaks(f), 2, "\t160\t310\t", "\t900\t1050\t")),
         "peaks", r": peak '.' at chrIV:900-1050 ends past the end of chrIV",
         options={"window": 200}),
    Case("chromatin genome FASTA is an HTML page", "chromatin_peaks",
         lambda f, t: peaks_on_yeast(f, t, "".join(yeast_peaks(f)), lambda s: HTML),
         "genome", r": an HTML page \('404 Not Found'\), not a genome FASTA"),
    # deepMiRGene FASTA
    Case("fasta non-IUPAC letter", "deepmirgene",
         lambda f, t: mirgene(f, t, lambda s: replace_line(s.splitlines(True), 4, "GG", "GJ")),
         "pos", r":4: characters \['J'\] are no nucleotide codes"),
    Case("fasta duplicate IDs", "deepmirgene",
         lambda f, t: mirgene(f, t, lambda s: s.replace(">3", ">1"), role="pos"),
         "pos", r":5: record name '1' repeats the one of line 1; expected unique names"),
    Case("fasta empty file", "deepmirgene", lambda f, t: mirgene(f, t, lambda s: "", "neg"),
         "neg", r": no FASTA records"),
    Case("fasta header missing", "deepmirgene",
         lambda f, t: mirgene(f, t, lambda s: "".join(s.splitlines(True)[1:]), "neg"),
         "neg", r":1: sequence before the first '>' header"),
    Case("fasta HTML page", "deepmirgene", lambda f, t: mirgene(f, t, lambda s: HTML, "neg"),
         "neg", r": an HTML page \('404 Not Found'\), not a FASTA file"),
    # DeepLoc 1.0 FASTA (test-partition head + train-record head)
    Case("deeploc unknown location", "deeploc",
         lambda f, t: deeploc(f, t, lambda s: s.replace("7 Cell.membrane", "7 Chloroplast")),
         "data", r": record 'Q9GL77': label 'Chloroplast-M' is not Location-Flag"),
    Case("deeploc membrane flag missing", "deeploc",
         lambda f, t: deeploc(f, t, lambda s: s.replace("6 Cell.membrane-M", "6 Nucleus")),
         "data", r": record 'P83456': label 'Nucleus' is not Location-Flag"),
    Case("deeploc non-amino-acid letter", "deeploc",
         lambda f, t: deeploc(f, t, lambda s: replace_line(s.splitlines(True), 3, "SLL", "S*L")),
         "data", r":3: characters \['\*'\] are no amino-acid codes"),
    Case("deeploc one location only (the heads are all Cell.membrane)", "deeploc", deeploc,
         "data", r".*: every class needs at least 3 examples .* two classes or more"),
    Case("deeploc HTML page", "deeploc", lambda f, t: deeploc(f, t, lambda s: HTML),
         "data", r": an HTML page \('404 Not Found'\), not a FASTA file"),
    # DeepChrome CSVs
    Case("deepchrome header where none belongs", "deepchrome",
         lambda f, t: deepchrome(f, t, lambda s: f"gene_id,bin,{MARKS},label\n" + s),
         "train", r":1: 'gene_id,bin,H3K27me3,.*,label' looks like a header; DeepChrome files "
         r"have none"),
    Case("deepchrome inf value", "deepchrome",
         lambda f, t: deepchrome(f, t, lambda s: replace_line(
             s.splitlines(True), 5, ",5,0,", ",5,inf,"), role="valid"),
         "valid", r":5: gene '\d+' has an empty, non-numeric or infinite field \('\d+,5,inf,"),
    Case("deepchrome NaN value", "deepchrome",
         lambda f, t: deepchrome(f, t, lambda s: set_field(s, 7, 4, "NaN"), role="test"),
         "test", r":7: gene '\d+' has an empty, non-numeric or infinite field "
         r"\('\d+,7,\d+,\d+,NaN,"),
    Case("deepchrome ragged row", "deepchrome",
         lambda f, t: deepchrome(f, t, lambda s: replace_line(
             s.splitlines(True), 7, ",7,", ",7,0,"), role="test"),
         "test", r": ragged rows \(.*Expected 8 fields in line 7, saw 9\)"),
    Case("deepchrome missing label", "deepchrome",
         lambda f, t: deepchrome(f, t, lambda s: "".join(
             x[:-3] + ",\n" if i == 150 else x for i, x in enumerate(s.splitlines(True), 1))),
         "train", r":150: gene '\d+' has an empty, non-numeric or infinite field"),
    Case("deepchrome wrong column count", "deepchrome",
         lambda f, t: deepchrome(f, t, lambda s: "".join(
             x.rsplit(",", 1)[0] + "\n" for x in s.splitlines(True))),
         "train", r": expected 8 columns \(gene,bin,H3K27me3,.*,label\), found 7"),
    Case("deepchrome duplicate gene across splits", "deepchrome",
         lambda f, t: deepchrome(f, t, lambda s: (f / "deepchrome_toy/train.csv").read_text(),
                                 role="test"),
         "test", r": gene '000003' is also in the train split \(.*train.csv\)"),
    # DeepChrome release tarball
    Case("tar member with ../", "deepchrome_archive",
         lambda f, t: deepchrome_archive(f, t, add_member("data/../../evil.csv")),
         "archive", r": unsafe member path 'data/../../evil.csv' \(outside the archive\)",
         options={"cell_type": "E003"}),
    Case("tar member with an absolute path", "deepchrome_archive",
         lambda f, t: deepchrome_archive(f, t, add_member("/etc/cron.d/evil")),
         "archive", r": unsafe member path '/etc/cron.d/evil' \(outside the archive\)",
         options={"cell_type": "E003"}),
    Case("tar member linking out", "deepchrome_archive",
         lambda f, t: deepchrome_archive(
             f, t, add_member("data/E003/classification/x.csv", tarfile.SYMTYPE, "/etc/passwd")),
         "archive", r": member 'data/E003/classification/x.csv' links outside the archive "
         r"\(/etc/passwd\)", options={"cell_type": "E003"}),
    Case("tar hard link with ../", "deepchrome_archive",
         lambda f, t: deepchrome_archive(
             f, t, add_member("data/E003/h.csv", tarfile.LNKTYPE, "../../etc/shadow")),
         "archive", r": member 'data/E003/h.csv' links outside the archive",
         options={"cell_type": "E003"}),
    Case("tar.gz is an HTML page", "deepchrome_archive",
         lambda f, t: {"archive": write(t / "data.tar.gz", HTML)},
         "archive", r": an HTML page \('404 Not Found'\), not a tar archive",
         options={"cell_type": "E003"}),
    Case("tar.gz truncated", "deepchrome_archive",
         lambda f, t: {"archive": write(t / "data.tar.gz", (lambda b: b[: len(b) // 2])(
             deepchrome_archive(f, t)["archive"].read_bytes()))},
         "archive", r": corrupt or truncated tar archive", options={"cell_type": "E003"}),
    # UCI TCGA PANCAN tarball
    Case("tcga inf expression", "tcga_pancan", lambda f, t: tcga(t, data=tcga_rows("inf")),
         "archive", r":data.csv: sample 'sample_3', gene 'gene_1': infinite value 'inf'; "
         r"expected a finite number"),
    Case("tcga missing expression (NaN)", "tcga_pancan", lambda f, t: tcga(t, tcga_rows("")),
         "archive", r":data.csv: sample 'sample_3', gene 'gene_1': missing or non-numeric value"),
    Case("tcga duplicate sample", "tcga_pancan",
         lambda f, t: tcga(t, tcga_rows("1.0").replace("sample_4,", "sample_3,")),
         "archive", r":data.csv: sample 'sample_3' appears twice"),
    Case("tcga one class only", "tcga_pancan",
         lambda f, t: tcga(t, labels=",Class\n" + "".join(f"sample_{i},BRCA\n" for i in range(12))),
         "archive", r"\)?: every class needs at least 3 examples .* \{'BRCA': 12\}"),
    Case("tcga label missing", "tcga_pancan",
         lambda f, t: tcga(t, labels=",Class\n" + "".join(f"sample_{i},KIRC\n" for i in range(11))),
         "archive", r":labels.csv: no class for 1 samples of data.csv, e.g. \['sample_11'\]"),
    # DeepSEA's training bundle
    Case("deepsea one-hot column with four bases", "deepsea_bundle",
         lambda f, t: deepsea(f, t, change=two_bases_in_train),
         "bundle", r"\.d/train\.mat: 'trainxdata' sequence 1 \(0-based\), position 6: 4 bases "
         r"set in a one-hot column"),
    Case("deepsea feature names for other labels", "deepsea_bundle",
         lambda f, t: deepsea(f, t, n_features=4), "features",
         r": 4 feature names, but the bundle's label matrices \(.*\) have 3 columns"),
    # D-GEX maps and GEO series matrices
    Case("dgex map wrong column count", "dgex_geo",
         lambda f, t: dgex(f, t, map_broken=lambda s: replace_line(
             s.splitlines(True), 2, "\tENSG00000171174", "")),
         "landmarks", r":2: expected 'symbol<TAB>ensembl<TAB>affy_probe'"),
    Case("dgex map duplicate probe", "dgex_geo",
         lambda f, t: dgex(f, t, map_broken=lambda s: s + s.splitlines(True)[0]),
         "landmarks", r": probe '202954_at' is listed twice"),
    Case("dgex series truncated gzip", "dgex_geo",
         lambda f, t: dgex(f, t, series_bytes=truncated_gzip),
         "series", r": unreadable gzip data"),
    Case("dgex series gzip HTML page", "dgex_geo",
         lambda f, t: dgex(f, t, series_bytes=lambda s: gzip.compress(HTML.encode())),
         "series", r": an HTML page \('404 Not Found'\), not a GEO series matrix"),
    Case("dgex series inf value", "dgex_geo",
         lambda f, t: dgex(f, t, series_broken=lambda s: s.replace("\t7.000\t", "\tInf\t", 1)),
         "series", r": probe '\S+', sample 'GSM\d+': infinite value 'Inf'"),
    Case("dgex series wrong column count", "dgex_geo",
         lambda f, t: dgex(f, t, series_broken=lambda s: s.replace("\t6.000\t", "\t", 1)),
         "series", r":5: probe '202954_at' has 11 values for 12 samples"),
    # GDSC fitted workbook, RMA expression and gene annotation
    Case("gdsc fitted without LN_IC50", "gdsc",
         lambda f, t: gdsc_files(f, t, fitted_change=lambda c, r: (
             [x if x != "LN_IC50" else "IC50" for x in c], r)),
         "fitted", r": no column \['LN_IC50'\] in the header"),
    Case("gdsc fitted non-numeric LN_IC50", "gdsc",
         lambda f, t: gdsc_files(f, t, fitted_change=lambda c, r: (
             c, [x[:15] + ["n/a"] + x[16:] if i == 2 else x for i, x in enumerate(r)])),
         "fitted", r": row 4, column 'LN_IC50': missing or non-numeric value 'n/a'"),
    Case("gdsc fitted HTML page", "gdsc",
         lambda f, t: {**gdsc_files(f, t), "fitted": write(t / "fitted.xlsx", HTML)},
         "fitted", r": an HTML page \('404 Not Found'\), not a GDSC fitted"),
    Case("gdsc expression non-numeric", "gdsc",
         lambda f, t: gdsc_files(f, t, expression_change=lambda s: s.replace(
             "\t7.63202", "\tNA", 1)),
         "expression", r": gene 'TSPAN6', column 'DATA\.\d+': missing or non-numeric value"),
    Case("gdsc expression header", "gdsc",
         lambda f, t: gdsc_files(f, t, expression_change=lambda s: s.replace("GENE_SYMBOLS", "X")),
         "expression", r": expected the header 'GENE_SYMBOLS GENE_title"),
    Case("gdsc no drug screened often enough", "gdsc", lambda f, t: gdsc_files(f, t),
         "fitted", r": no drug was screened on 100 or more cell lines",
         options={"min_cell_lines": 100}),
    # ADAGE PCL and KEGG terms
    Case("pcl NaN value", "adage_pcl",
         lambda f, t: adage(f, t, lambda s: s.replace("10.4848854494343", "NaN")),
         "compendium", r": gene 'PA0002', array 'anr2_\(Pae_G1a\).CEL': missing or non-numeric "
         r"value 'NaN'"),
    Case("pcl inf value", "adage_pcl",
         lambda f, t: adage(f, t, lambda s: s.replace("9.1700451476253", "-inf")),
         "compendium", r": gene 'PA0001', array 'anr3_\(Pae_G1a\).CEL': infinite value '-inf'"),
    Case("pcl duplicate gene", "adage_pcl",
         lambda f, t: adage(f, t, lambda s: s.replace("PA0002\t", "PA0001\t")),
         "compendium", r": gene 'PA0001' appears twice"),
    Case("pcl header missing", "adage_pcl",
         lambda f, t: adage(f, t, lambda s: "".join(s.splitlines(True)[1:])),
         "compendium", r":1: a PCL header starts with an empty cell"),
    Case("kegg term size does not match its genes", "adage_pcl",
         lambda f, t: adage(f, t, terms_broken=lambda s: s.replace("PAO1\t10\t", "PAO1\t11\t", 1)),
         "terms", r":1: term 'KEGG-Pathway-pae00072: .*' says 11 genes, lists 10"),
]  # fmt: skip


@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
def test_bad_input_is_a_clear_error_and_leaves_nothing(case, formats, tmp_path):
    raw = tmp_path / "raw"
    raw.mkdir()
    files = case.files(formats, raw)
    assert set(files) >= set(FORMATS[case.format].files) - set(FORMATS[case.format].optional)
    prepared = tmp_path / "prepared"
    out_dir = prepared / FORMATS[case.format].task / "broken"
    out_dir.mkdir(parents=True)  # as Snakemake creates it before the job
    spec = {"format": case.format, "options": case.options}
    match = re.escape(str(files[case.role])) + case.match
    with pytest.raises(InputError, match=match):
        prepare_files(
            FORMATS[case.format].task, "broken", spec, files, {**SPLIT, **case.split}, None,
            out_dir, 1, lambda message: None,
        )  # fmt: skip
    left = [p for p in prepared.rglob("*") if p.is_file() or p.name.startswith(".")]
    assert left == []


def test_matrix_covers_every_format_and_thirty_cases():
    assert len(CASES) >= 30
    assert {case.format for case in CASES} >= set(FORMATS) - {"mirbase_hairpin"}


def test_a_failure_while_writing_leaves_no_prepared_folder(tmp_path):
    import numpy as np

    out_dir = tmp_path / "prepared" / "splice" / "d"
    arrays = {"x": np.zeros((3, 4), np.uint8), "y": np.zeros(3, np.int64)}
    with pytest.raises(TypeError, match="not JSON serializable"):
        write_prepared(out_dir, arrays, {"unserialisable": object()})
    assert list((tmp_path / "prepared").rglob("*")) == [tmp_path / "prepared" / "splice"]


def test_rewriting_a_prepared_folder_replaces_it_whole(tmp_path):
    import numpy as np

    out_dir = tmp_path / "d"
    write_prepared(out_dir, {"x": np.zeros(2), "old": np.ones(2)}, {"n": 1})
    write_prepared(out_dir, {"x": np.ones(2)}, {"n": 2})
    assert sorted(p.name for p in tmp_path.iterdir()) == ["d"]
    assert sorted(p.name for p in out_dir.iterdir()) == ["examples.tsv", "meta.json", "x.npy"]
    assert np.load(out_dir / "x.npy").tolist() == [1.0, 1.0]


# --- downloads --------------------------------------------------------------------------------

PORTAL = "archive.ics.uci.edu/ml/splice.data"


@pytest.fixture
def _no_proxy(monkeypatch):
    monkeypatch.setenv("NO_PROXY", "127.0.0.1")
    monkeypatch.setenv("no_proxy", "127.0.0.1")


@pytest.mark.parametrize(
    ("served", "said"),
    [(HTML.encode(), "404 Not Found"),
     (gzip.compress(HTML.encode()), "404 Not Found"),
     (b"\xef\xbb\xbf\n  <HTML><HEAD><TITLE>Login\n required</TITLE></HEAD></HTML>",
      "Login required"),
     (b"<html>\n<body>Service Unavailable</body></html>", "<html>")],
    ids=["html", "gzip html", "bom, upper case, title over two lines", "no title"],
)  # fmt: skip
@pytest.mark.usefixtures("_no_proxy")
def test_an_html_page_is_never_downloaded_as_data(tmp_path, served, said):
    root = tmp_path / "www"
    write(root / PORTAL, served)
    dest = tmp_path / "cache" / PORTAL
    lock = tmp_path / "checksums.lock"
    with PortalServer(root) as server:
        match = rf"{re.escape(server.url)}/{PORTAL}: the server sent an HTML page \('{said}"
        with pytest.raises(DownloadError, match=match + r".*nothing was kept"):
            fetch(f"{server.url}/{PORTAL}", dest, lockfile=lock, backoff=0.01, log=lambda m: None)
    assert not dest.exists() and not dest.with_name(dest.name + ".part").exists()
    assert not lock.exists()  # no checksum recorded for the page


@pytest.mark.usefixtures("_no_proxy")
def test_an_html_page_from_a_mirror_names_both_urls_even_with_a_known_checksum(tmp_path):
    root = tmp_path / "www"
    write(root / PORTAL, HTML)
    dest = tmp_path / "cache" / PORTAL
    with PortalServer(root) as server:
        match = rf"{re.escape(server.url)}/{PORTAL} \(mirror of https://{PORTAL}\): the server " \
                r"sent an HTML page"  # fmt: skip
        with pytest.raises(DownloadError, match=match):
            fetch(f"https://{PORTAL}", dest, sha256="0" * 64, mirror=server.url, backoff=0.01,
                  log=lambda m: None)  # fmt: skip
    assert not dest.exists()


# --- config -----------------------------------------------------------------------------------


def _config(repo, change: Callable[[dict], None]) -> dict:
    config = yaml.safe_load((repo / "config" / "config.yaml").read_text())
    change(config)
    return config


def _ready(repo, config):
    validate(config, str(repo / "config" / "schema" / "config.schema.yaml"))
    check_config(config)
    build_plan(config)


def _set(path: str, value):
    def change(config):
        *parents, key = path.split(".")
        node = config
        for parent in parents:
            node = node.setdefault(parent, {})
        node[key] = value

    return change


def _add_model(config):
    config["models"]["mlp_wide"] = {"params": {"hidden": 64}}


CONFIG_CASES = [
    ("unknown key", _set("taks", ["splice"]), WorkflowError,
     r"Additional properties are not allowed \('taks' was unexpected\)"),
    ("unknown nested key", _set("download.mirorr", "http://x/"), WorkflowError,
     r"Additional properties are not allowed \('mirorr' was unexpected\)"),
    ("wrong type", _set("seeds", "0"), WorkflowError, r"'0' is not of type 'array'"),
    ("wrong nested type", _set("split.valid", "0.2"), WorkflowError,
     r"'0.2' is not of type 'number'"),
    ("unknown scale", _set("scale", "huge"), WorkflowError,
     r"'huge' is not one of \['tiny', 'small', 'full'\]"),
    ("unknown task", _set("tasks", ["splice", "chromatn"]), ConfigError,
     r"config: tasks: unknown tasks \['chromatn'\]; the tasks are \["),
    ("unknown model", _add_model, ConfigError,
     r"config: models.mlp_wide: 'mlp_wide' is not in the model registry; give `model:` one of"),
    ("unknown dataset", _set("only_datasets", ["sim_splise"]), ConfigError,
     r"config: only_datasets names unknown datasets \['sim_splise'\]"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("change", "error", "match"), [c[1:] for c in CONFIG_CASES], ids=[c[0] for c in CONFIG_CASES]
)
def test_bad_config_is_a_clear_error(repo, change, error, match):
    config = {}
    update_config(config, _config(repo, change))
    with pytest.raises(error, match=match):
        _ready(repo, config)
