"""deepMiRGene benchmark FASTA (`<set>_pos.fa`, `<set>_neg.fa`, published test splits
`<set>_{pos,neg}_test.fa`; names are running numbers) and miRBase `hairpin.fa`.
RNA is read as DNA (U -> T) so it encodes like every other sequence."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd

from gdlbench.data.formats.fasta import read_fasta
from gdlbench.errors import InputError

ROLES = {
    "pos": ("1", "train"),
    "neg": ("0", "train"),
    "test_pos": ("1", "test"),
    "test_neg": ("0", "test"),
}


def _records(path: Path, role: str, label: str, split: str) -> pd.DataFrame:
    rows = [
        (f"{role}:{name.split()[0]}", seq.upper().replace("U", "T"))
        for name, seq in read_fasta(path)
    ]
    frame = pd.DataFrame(rows, columns=["id", "sequence"])
    return frame.assign(label=label, split=split)


def deepmirgene_records(
    files: dict[str, Path], options: dict[str, Any]
) -> tuple[pd.DataFrame, dict]:
    """Records and a report; pool sequences identical to a test sequence are removed from the
    pool (by sequence: the names are only running numbers)."""
    frames = [_records(files[role], role, *ROLES[role]) for role in ROLES if role in files]
    records = pd.concat(frames, ignore_index=True)
    test = set(records.loc[records["split"] == "test", "sequence"])
    in_test = (records["split"] == "train") & records["sequence"].isin(test)
    report = {"pool_sequences_in_test_removed": int(in_test.sum())}
    return records[~in_test].reset_index(drop=True), report


def read_deepmirgene(files: dict[str, Path], options: dict[str, Any]) -> pd.DataFrame:
    return deepmirgene_records(files, options)[0]


def read_mirbase_hairpin(files: dict[str, Path], options: dict[str, Any]) -> pd.DataFrame:
    """miRBase hairpins of one species (`options.species`, default `hsa-`) as positives, with
    the negatives of the optional `neg` FASTA."""
    species = options.get("species", "hsa-")
    hairpins = _records(files["hairpin"], "hairpin", "1", "train")
    keep = hairpins["id"].str.removeprefix("hairpin:").str.startswith(species)
    if not keep.any():
        raise InputError(f"{files['hairpin']}: no hairpin of species prefix {species!r}")
    frames = [hairpins[keep]]
    if "neg" in files:
        frames.append(_records(files["neg"], "neg", "0", "train"))
    return pd.concat(frames, ignore_index=True).drop(columns="split")
