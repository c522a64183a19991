"""Where a dataset's evaluation writes its prediction files (read by the Snakefile too, so
nothing heavy is imported here)."""

from __future__ import annotations

from pathlib import Path


def prediction_file(folder: str | Path, model: str, seed: int) -> Path:
    """One seed's predictions of `model` in a dataset's predictions folder."""
    return Path(folder) / model / f"{seed}.tsv.gz"
