"""CLASH-derived miRNA-target site pair tables, as miRBind (Klimentova et al. 2022) publishes
the AGO1 CLASH chimeras of Helwak et al. 2013: tab-separated `miRNA gene label`, one pair
per line (the miRNA's first 20 nt, a 50 nt target fragment, 1 for a CLASH chimera and 0 for
a negative), T alphabet; `#` comment lines before the header and empty lines are skipped.

Negatives (`options.negatives`): `given` keeps the table's own label-0 rows -- miRBind made
them as below; `other_seed` drops them and pairs each positive site with `negative_ratio`
miRNAs of the table drawn at random among those whose seed (nt 2-7) differs from the
positive's miRNA, so a negative's site is a real target fragment, only of another miRNA.

Pairs sharing a target site (the same fragment, whatever the miRNA: a positive and its
negatives, or one site of several miRNAs) are not independent examples: each record's
`cluster_key` is its site, so the bootstrap resamples them together.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from gdlbench.data.formats.textio import numbered_lines
from gdlbench.data.seed import seed
from gdlbench.errors import InputError

COLUMNS = {"miRNA": "mirna", "gene": "site", "label": "label"}
ROLES = ("train", "test")
NEGATIVES = ("given", "other_seed")
ALPHABET = set("ACGTUN")


def read_pair_table(path: str | Path) -> pd.DataFrame:
    """Columns `id` (file name and line), `mirna`, `site` (DNA alphabet), `label` ("0"/"1").
    Every row is checked (field count, alphabet, label); errors name the file and line."""
    path = Path(path)
    header, rows = None, []
    for line_no, line in numbered_lines(path, "a miRNA-target pair table (TSV)"):
        if not line.strip() or line.startswith("#"):
            continue
        fields = line.split("\t")
        if header is None:
            missing = [c for c in COLUMNS if c not in fields]
            if missing:
                raise InputError(f"{path}:{line_no}: header {fields} lacks the columns {missing}")
            header = fields
            continue
        where = f"{path}:{line_no}"
        if len(fields) != len(header):
            raise InputError(f"{where}: {len(fields)} fields, the header has {len(header)}")
        row = dict(zip(header, fields, strict=True))
        mirna, site, label = (row[c].strip().upper() for c in COLUMNS)
        for name, sequence in (("miRNA", mirna), ("gene", site)):
            bad = set(sequence) - ALPHABET
            if not sequence or bad:
                raise InputError(f"{where}: {name} sequence {sequence!r} is empty or has "
                                 f"characters {sorted(bad)} outside ACGTUN")  # fmt: skip
        if label not in ("0", "1"):
            raise InputError(f"{where}: label {label!r} is not 0 or 1")
        rows.append((f"{path.name}:{line_no}", mirna.replace("U", "T"), site.replace("U", "T"),
                     label))  # fmt: skip
    if not rows:
        raise InputError(f"{path}: no pairs (a header `miRNA gene label` and rows expected)")
    return pd.DataFrame(rows, columns=["id", "mirna", "site", "label"])


def other_seed_negatives(
    positives: pd.DataFrame, ratio: int, rng: np.random.Generator, source: str
) -> pd.DataFrame:
    """`ratio` negatives per positive: its site with a miRNA of the table (distinct
    sequences) whose seed differs from the positive's miRNA, drawn at random."""
    pool = np.array(sorted(set(positives["mirna"])))
    seeds = np.array([seed(m) for m in pool])
    own = np.repeat(np.array([seed(m) for m in positives["mirna"]]), ratio)
    if len(set(seeds)) < 2:
        raise InputError(f"{source}: negatives need miRNAs of two seed families or more")
    drawn = rng.integers(0, len(pool), len(own))
    while (clash := seeds[drawn] == own).any():  # redraw those sharing the positive's seed
        drawn[clash] = rng.integers(0, len(pool), int(clash.sum()))
    sites = np.repeat(positives["site"].to_numpy(), ratio)
    ids = [f"{i}:neg{k}" for i in positives["id"] for k in range(ratio)]
    return pd.DataFrame({"id": ids, "mirna": pool[drawn], "site": sites, "label": "0"})


def read_mirna_pairs(files: dict[str, Path], options: dict[str, Any]) -> pd.DataFrame:
    """The `train` table, and the `test` table when given (each record tagged with its
    `split`, the source's own; validation is carved from train downstream), with negatives
    as `options.negatives` says (module docstring; seeded by `options.seed`), and each
    record's `cluster_key`: its site."""
    negatives = options.get("negatives", "given")
    if negatives not in NEGATIVES:
        raise InputError(f"options.negatives must be one of {NEGATIVES}, not {negatives!r}")
    rng = np.random.default_rng(options.get("seed", 0))
    parts = []
    for role in (r for r in ROLES if r in files):
        table = read_pair_table(files[role])
        if negatives == "other_seed":
            positives = table[table["label"] == "1"]
            made = other_seed_negatives(positives, options.get("negative_ratio", 1), rng,
                                        str(files[role]))  # fmt: skip
            table = pd.concat([positives, made], ignore_index=True)
        parts.append(table.assign(split=role) if "test" in files else table)
    pairs = pd.concat(parts, ignore_index=True)
    return pairs.assign(cluster_key=pairs["site"])


def write_pair_table(path: str | Path, table: pd.DataFrame) -> None:
    """A pair table as miRBind writes it (`miRNA gene label`)."""
    out = table.rename(columns={v: k for k, v in COLUMNS.items()})[list(COLUMNS)]
    out.to_csv(path, sep="\t", index=False)
