"""Chromatin profiles from peak files and a genome, DeepSEA's recipe (Zhou & Troyanskaya 2015,
Methods): the genome is cut into `bin` bp bins (200); a bin is positive for a profile when
more than half of it lies in one of the profile's peaks; bins positive for at least one
profile are kept, plus `negatives` all-negative bins per positive one (drawn at random from
the rest of the selected chromosomes); each kept bin is centred in a `window` bp window (1000)
read from the genome. Windows past a chromosome end, or with more than `max_n_fraction` N
(soft-masked bases count as bases), are dropped and counted.

Files: `genome` (and `genome_*`: more FASTA files, e.g. one per UCSC chromosome) and `peaks`
(and `peaks_*`: one narrowPeak file per profile); a profile is named after its peak file
(`wgEncodeAwgTfbsBroadK562CtcfUniPk`, `E003-H3K4me3`), which also gives its type.

Returns gdlbench.data.records.CodedTargets: windows (`id`, `chrom`, `start`, `end`), their
codes, the (windows, profiles) labels, the profile names and a report of counts.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pyranges as pr

from gdlbench.data.encode import encode
from gdlbench.data.formats.narrowpeak import read_narrowpeak
from gdlbench.data.genome import check_peaks_inside, chromosome_alias, open_genome
from gdlbench.data.profiles import profile_type
from gdlbench.data.records import CodedTargets
from gdlbench.errors import InputError

N_CODE = 4  # gdlbench.data.encode: A C G T = 0..3, then N
PEAK_SUFFIX = re.compile(r"(\.gz)?$")


def profile_name(path: Path) -> str:
    """A profile's name: its peak file's name without `.gz` and the BED-like extension."""
    name = PEAK_SUFFIX.sub("", Path(path).name)
    for extension in (".narrowPeak", ".broadPeak", ".regionPeak", ".bed"):
        name = name.removesuffix(extension)
    return name


def files_of(files: dict[str, Path], role: str) -> list[Path]:
    """The files of `role` and of its numbered or named extras (`<role>_*`), role first."""
    return [files[r] for r in sorted(files, key=lambda r: (r != role, r))
            if r == role or r.startswith(f"{role}_")]  # fmt: skip


def positive_bins(
    path: Path, sizes: dict[str, int], genome_files: str, bin_size: int
) -> tuple[pd.DataFrame, dict[str, int]]:
    """(chrom, bin) of every bin more than half inside one peak of the file, on the genome's
    chromosomes (named as the FASTA names them), and counts of peaks dropped."""
    peaks = read_narrowpeak(path).df
    check_peaks_inside(peaks, sizes, path, Path(genome_files))
    chrom = peaks["Chromosome"].astype(str)
    renamed = chrom.map({c: chromosome_alias(c, set(sizes)) for c in chrom.unique()})
    on_genome = renamed.notna()
    report = {"peaks": len(peaks), "dropped_other_chromosomes": int((~on_genome).sum())}
    if not on_genome.any():
        return pd.DataFrame({"chrom": [], "bin": []}), report
    located = pd.DataFrame({"Chromosome": renamed[on_genome], "Start": peaks["Start"][on_genome],
                            "End": peaks["End"][on_genome]})  # fmt: skip
    tiles = pr.PyRanges(located).tile(bin_size, overlap=True).df
    tiles = tiles[tiles["TileOverlap"] * 2 > bin_size]
    found = pd.DataFrame({"chrom": tiles["Chromosome"].astype(str).to_numpy(),
                          "bin": (tiles["Start"] // bin_size).to_numpy()})  # fmt: skip
    return found.drop_duplicates(), report


def label_matrix(per_profile: list[pd.DataFrame]) -> tuple[pd.DataFrame, np.ndarray]:
    """The union of every profile's positive bins, sorted, and the (bins, profiles) 0/1
    matrix."""
    stacked = pd.concat(
        [bins.assign(profile=i) for i, bins in enumerate(per_profile)], ignore_index=True
    )
    keys = stacked[["chrom", "bin"]].drop_duplicates().sort_values(["chrom", "bin"])
    keys = keys.reset_index(drop=True)
    row = pd.MultiIndex.from_frame(keys).get_indexer(
        pd.MultiIndex.from_frame(stacked[["chrom", "bin"]])
    )
    labels = np.zeros((len(keys), len(per_profile)), dtype=np.uint8)
    labels[row, stacked["profile"].to_numpy()] = 1
    return keys, labels


def negative_bins(
    positives: pd.DataFrame, sizes: dict[str, int], bin_size: int, count: int,
    rng: np.random.Generator,
) -> pd.DataFrame:  # fmt: skip
    """`count` bins positive for no profile, drawn without replacement over the chromosomes
    (in proportion to their number of bins)."""
    chroms = sorted(sizes)
    n_bins = np.array([sizes[c] // bin_size for c in chroms])
    taken = {c: set(positives.loc[positives["chrom"] == c, "bin"]) for c in chroms}
    free = n_bins - np.array([len(taken[c]) for c in chroms])
    count = int(min(count, free.sum()))
    drawn = []
    quota = rng.multinomial(count, free / free.sum()) if count else np.zeros(len(chroms), int)
    for chrom, n, want in zip(chroms, n_bins, quota, strict=True):
        if want:
            pool = np.setdiff1d(np.arange(n), np.fromiter(taken[chrom], dtype=np.int64))
            chosen = rng.choice(pool, size=min(want, len(pool)), replace=False)
            drawn.append(pd.DataFrame({"chrom": chrom, "bin": np.sort(chosen)}))
    return pd.concat(drawn, ignore_index=True) if drawn else positives.iloc[:0]


def window_codes(
    genomes: list, where: dict[str, int], bins: pd.DataFrame, bin_size: int, window: int
) -> tuple[pd.DataFrame, np.ndarray]:
    """The windows centred on `bins` that fit inside their chromosome, and their codes: each
    chromosome is read and encoded once, windows are gathered from it."""
    start = bins["bin"].to_numpy() * bin_size + bin_size // 2 - window // 2
    frame = bins.assign(start=start, end=start + window).reset_index(drop=True)
    sizes = frame["chrom"].map({c: len(genomes[g][c]) for c, g in where.items()})
    frame = frame[(frame["start"] >= 0) & (frame["end"] <= sizes)].reset_index(drop=True)
    codes = np.empty((len(frame), window), dtype=np.uint8)
    for chrom, rows in frame.groupby("chrom", sort=False).indices.items():
        genome = genomes[where[chrom]]
        sequence = encode([genome.get_seq(chrom, 1, len(genome[chrom])).seq])[0]
        codes[rows] = sequence[frame["start"].to_numpy()[rows, None] + np.arange(window)]
    return frame, codes


def read_chromatin_peaks(files: dict[str, Path], options: dict[str, Any]) -> CodedTargets:
    bin_size, window = options.get("bin", 200), options.get("window", 1000)
    max_n, share = options.get("max_n_fraction", 0.1), options.get("negatives", 0.0)
    rng = np.random.default_rng(options.get("seed", 0))
    genome_paths, peak_paths = files_of(files, "genome"), files_of(files, "peaks")
    genomes = [open_genome(path) for path in genome_paths]
    where: dict[str, int] = {}
    for g, genome in enumerate(genomes):
        for record in genome:
            if record.name in where:
                raise InputError(f"{genome_paths[g]}: chromosome {record.name} is also in "
                                 f"{genome_paths[where[record.name]]}")  # fmt: skip
            where[record.name] = g
    if options.get("chromosomes"):
        wanted = {chromosome_alias(c, set(where)) for c in options["chromosomes"]}
        where = {c: g for c, g in where.items() if c in wanted}
    sizes = {c: len(genomes[g][c]) for c, g in where.items()}
    targets = [profile_name(path) for path in peak_paths]
    repeated = sorted({t for t in targets if targets.count(t) > 1})
    if repeated:
        raise InputError(f"{peak_paths[0]}: two peak files name the profile(s) {repeated}")
    per_profile, report = [], {"profiles": {}}
    for name, path in zip(targets, peak_paths, strict=True):
        bins, counts = positive_bins(path, sizes, ", ".join(map(str, genome_paths)), bin_size)
        per_profile.append(bins)
        report["profiles"][name] = {**counts, "positive_bins": len(bins)}
    keys, labels = label_matrix(per_profile)
    if not len(keys):
        raise InputError(f"{peak_paths[0]}: no peak covers half a bin on the chromosomes "
                         f"{sorted(sizes)} of {genome_paths[0]}")  # fmt: skip
    background = negative_bins(keys, sizes, bin_size, round(share * len(keys)), rng)
    bins = pd.concat([keys, background], ignore_index=True)
    labels = np.vstack([labels, np.zeros((len(background), len(targets)), dtype=np.uint8)])
    bins["row"] = np.arange(len(bins))
    frame, codes = window_codes(genomes, where, bins, bin_size, window)
    too_many_n = (codes == N_CODE).mean(axis=1) > max_n
    report.update(
        positive_bins=len(keys),
        negative_bins=len(background),
        dropped_past_chromosome_end=len(bins) - len(frame),
        dropped_too_many_n=int(too_many_n.sum()),
    )
    frame, codes = frame[~too_many_n].reset_index(drop=True), codes[~too_many_n]
    order = np.lexsort((frame["start"].to_numpy(), frame["chrom"].to_numpy()))
    frame, codes = frame.iloc[order].reset_index(drop=True), codes[order]
    table = pd.DataFrame({
        "id": frame["chrom"] + ":" + frame["start"].astype(str) + "-" + frame["end"].astype(str),
        "chrom": frame["chrom"], "start": frame["start"], "end": frame["end"],
    })  # fmt: skip
    types = [profile_type(t) for t in targets]
    return CodedTargets(table, codes, labels[frame["row"].to_numpy()], targets, report, types)
