"""From peaks and a genome FASTA to labelled sequences, the way users build their own TF sets.

Steps (each reported with counts): harmonise chromosome names between peaks and FASTA
(`chr1`/`1`, `chrM`/`MT`), drop peaks on chromosomes the FASTA lacks, cut a fixed window
centred on each summit (the midpoint when the summit is unknown), drop windows past a
chromosome end or with too many N, upper-case soft-masked bases, then add negatives:
GC-matched genomic windows that overlap no peak, or dinucleotide shuffles of the positives.
"""

from __future__ import annotations

import gzip
import os
import shutil
import tempfile
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pyfaidx
import pyranges as pr

from gdlbench.data.formats.narrowpeak import read_narrowpeak
from gdlbench.data.formats.textio import check_not_html, is_gzip
from gdlbench.data.shuffle import dinucleotide_shuffle
from gdlbench.errors import InputError

GC_BINS = 20


def chromosome_alias(name: str, available: set[str]) -> str | None:
    """The FASTA's name for a peak chromosome, or None when the FASTA lacks it."""
    candidates = [name]
    if name.startswith("chr"):
        candidates += ["MT"] if name in ("chrM", "chrMT") else [name[3:]]
    else:
        candidates += ["chrM"] if name == "MT" else [f"chr{name}"]
    return next((c for c in candidates if c in available), None)


def open_genome(path: Path) -> pyfaidx.Fasta:
    """pyfaidx needs plain text or bgzip: a plain-gzip FASTA is expanded once beside itself,
    with its index. Jobs sharing a genome may do this at the same time: each writes under a
    unique temporary name and renames the index, then the FASTA, into place, so a FASTA that
    exists is whole and indexed."""
    path = Path(path)
    check_not_html(path, "a genome FASTA")
    if is_gzip(path):
        plain = path.with_name(path.name[:-3] if path.name.endswith(".gz") else f"{path.name}.fa")
        if not plain.exists():
            handle, name = tempfile.mkstemp(prefix=f".{plain.name}.", dir=plain.parent)
            tmp = Path(name)
            try:
                with gzip.open(path, "rb") as source, os.fdopen(handle, "wb") as target:
                    shutil.copyfileobj(source, target)
                pyfaidx.Fasta(str(tmp), rebuild=True).close()  # writes tmp.fai
                os.replace(f"{tmp}.fai", f"{plain}.fai")
                os.replace(tmp, plain)
            except (OSError, EOFError) as error:
                raise InputError(f"{path}: unreadable gzip data ({error})") from error
            except (pyfaidx.FastaIndexingError, ValueError) as error:
                raise InputError(f"{path}: not a FASTA file pyfaidx can index ({error})") from error
            finally:
                tmp.unlink(missing_ok=True)
                Path(f"{tmp}.fai").unlink(missing_ok=True)
        path = plain
    try:
        return pyfaidx.Fasta(str(path), sequence_always_upper=True, rebuild=False)
    except (pyfaidx.FastaIndexingError, ValueError) as error:
        raise InputError(f"{path}: not a FASTA file pyfaidx can index ({error})") from error


def check_peaks_inside(
    peaks: pd.DataFrame, sizes: dict[str, int], peaks_path: Path, genome_path: Path
) -> None:
    """A peak ending past its chromosome's end in the FASTA is an error: the peaks were called
    on another genome build (chromosomes the FASTA lacks are dropped and counted instead)."""
    chrom = peaks["Chromosome"].astype(str)
    size = chrom.map({c: sizes.get(chromosome_alias(c, set(sizes)), -1) for c in chrom.unique()})
    past = (size >= 0) & (peaks["End"] > size)
    if past.any():
        row = peaks[past].iloc[0]
        raise InputError(
            f"{peaks_path}: peak {row['Name']!r} at {row['Chromosome']}:{row['Start']}-"
            f"{row['End']} ends past the end of {row['Chromosome']} ({size[past].iloc[0]} bp "
            f"in {genome_path}); {int(past.sum())} peaks do: are the peaks and the genome of "
            "one build?"
        )


def summit_windows(
    peaks: pd.DataFrame, sizes: dict[str, int], window: int
) -> tuple[pd.DataFrame, dict[str, Any]]:
    """Fixed windows centred on summits, with peak chromosomes renamed to the FASTA's."""
    report: dict[str, Any] = {"peaks": len(peaks)}
    names = {c: chromosome_alias(c, set(sizes)) for c in peaks["Chromosome"].astype(str).unique()}
    absent = sorted(c for c, alias in names.items() if alias is None)
    chrom = peaks["Chromosome"].astype(str).map(names)
    report["dropped_absent_chromosome"] = {
        c: int((peaks["Chromosome"].astype(str) == c).sum()) for c in absent
    }
    start = peaks["Summit"].to_numpy() - window // 2
    frame = pd.DataFrame({"Chromosome": chrom, "Start": start, "End": start + window})
    frame = frame[frame["Chromosome"].notna()]
    inside = (frame["Start"] >= 0) & (frame["End"] <= frame["Chromosome"].map(sizes))
    report["dropped_past_chromosome_end"] = int((~inside).sum())
    return frame[inside].reset_index(drop=True), report


def fetch_sequences(genome: pyfaidx.Fasta, windows: pd.DataFrame) -> list[str]:
    """Upper-case sequences of 0-based half-open windows (`get_seq` is 1-based, inclusive)."""
    return [
        genome.get_seq(chrom, start + 1, end).seq
        for chrom, start, end in zip(
            windows["Chromosome"], windows["Start"].tolist(), windows["End"].tolist(), strict=True
        )
    ]


def gc_fraction(sequences: list[str]) -> np.ndarray:
    return np.array([(s.count("G") + s.count("C")) / max(1, len(s)) for s in sequences])


def n_fraction(sequences: list[str]) -> np.ndarray:
    return np.array([s.count("N") / max(1, len(s)) for s in sequences])


def gc_matched_negatives(
    positives: pd.DataFrame,
    genome: pyfaidx.Fasta,
    peaks: pr.PyRanges,
    max_n: float,
    rng: np.random.Generator,
    oversample: int = 10,
) -> pd.DataFrame:
    """One genomic window per positive, on the same chromosome, overlapping no peak, drawn
    from the positive's GC bin (the nearest non-empty bin when it runs out)."""
    window = int((positives["End"] - positives["Start"]).iloc[0])
    draws = []
    for chrom, count in positives["Chromosome"].value_counts().items():
        size = len(genome[chrom])
        starts = rng.integers(0, size - window, size=count * oversample)
        draws.append(pd.DataFrame({"Chromosome": chrom, "Start": starts, "End": starts + window}))
    candidates = pd.concat(draws, ignore_index=True)
    free = pr.PyRanges(candidates).overlap(peaks, invert=True).df
    free = free.drop_duplicates(["Chromosome", "Start"]).reset_index(drop=True)
    sequences = fetch_sequences(genome, free)
    keep = n_fraction(sequences) <= max_n
    free, sequences = (
        free[keep].reset_index(drop=True),
        [s for s, k in zip(sequences, keep, strict=True) if k],
    )
    free["sequence"] = sequences
    free["bin"] = np.minimum((gc_fraction(sequences) * GC_BINS).astype(int), GC_BINS - 1)
    pools = {b: list(rng.permutation(group.index)) for b, group in free.groupby("bin")}
    chosen = []
    wanted = np.minimum(
        (gc_fraction(positives["sequence"].tolist()) * GC_BINS).astype(int), GC_BINS - 1
    )
    for target in wanted:
        bins = sorted((b for b in pools if pools[b]), key=lambda b: (abs(b - target), b))
        if not bins:
            break
        chosen.append(pools[bins[0]].pop())
    return free.loc[chosen].reset_index(drop=True)


def peaks_to_records(
    peaks_path: Path, genome_path: Path, options: dict[str, Any]
) -> tuple[pd.DataFrame, dict[str, Any]]:
    """Records (`id`, `sequence`, `label`, `chrom`, `start`, `end`) and a report of what was
    dropped."""
    window = options.get("window", 101)
    max_n = options.get("max_n_fraction", 0.1)
    negatives = options.get("negatives", "gc_matched")
    rng = np.random.default_rng(options.get("seed", 0))
    peaks = read_narrowpeak(peaks_path)
    genome = open_genome(genome_path)
    sizes = {record.name: len(record) for record in genome}
    check_peaks_inside(peaks.df, sizes, peaks_path, genome_path)
    windows, report = summit_windows(peaks.df, sizes, window)
    windows["sequence"] = fetch_sequences(genome, windows)
    too_many_n = n_fraction(windows["sequence"].tolist()) > max_n
    report["dropped_too_many_n"] = int(too_many_n.sum())
    positives = windows[~too_many_n].reset_index(drop=True)
    if positives.empty:
        raise InputError(f"{peaks_path}: no peak window is left on {genome_path}: {report}")
    if negatives == "gc_matched":
        renamed = peaks.df.assign(
            Chromosome=peaks.df["Chromosome"]
            .astype(str)
            .map(lambda c: chromosome_alias(c, set(sizes)) or c)
        )
        background = gc_matched_negatives(positives, genome, pr.PyRanges(renamed), max_n, rng)
    elif negatives == "shuffle":
        background = positives.assign(
            sequence=[dinucleotide_shuffle(s, rng) for s in positives["sequence"]]
        )
    else:
        raise InputError(f"{peaks_path}: options.negatives must be gc_matched or shuffle")
    report.update(
        positives=len(positives),
        negatives=len(background),
        gc_positives=float(gc_fraction(positives["sequence"].tolist()).mean()),
        gc_negatives=float(gc_fraction(background["sequence"].tolist()).mean()),
    )
    frames = []
    for label, frame, tag in ((1, positives, "peak"), (0, background, negatives)):
        ids = [
            f"{tag}:{c}:{s}-{e}"
            for c, s, e in frame[["Chromosome", "Start", "End"]].itertuples(index=False)
        ]
        frames.append(
            pd.DataFrame(
                {
                    "id": ids,
                    "sequence": frame["sequence"].to_numpy(),
                    "label": str(label),
                    "chrom": frame["Chromosome"].to_numpy(),
                    "start": frame["Start"].to_numpy(),
                    "end": frame["End"].to_numpy(),
                }
            )
        )
    return pd.concat(frames, ignore_index=True), report


def read_peaks_genome(files: dict[str, Path], options: dict[str, Any]) -> pd.DataFrame:
    return peaks_to_records(files["peaks"], files["genome"], options)[0]
