"""Rule tabulate_targets: per-target test MAE of every regression model, and win rates against
the reference model."""

import json
from pathlib import Path

import numpy as np
import pandas as pd

from gdlbench.logs import log_to
from gdlbench.targets import target_mae, target_table, win_rates

log = log_to(snakemake.log[0])
frames = []
for (task, dataset, model, seed), path in zip(
    snakemake.params.runs, snakemake.input.predictions, strict=True
):
    folder = Path(snakemake.params.prepared[dataset])
    targets = json.loads((folder / "meta.json").read_text())["targets"]
    y = np.load(folder / "y.npy", mmap_mode="r")
    mae = target_mae(pd.read_csv(path, sep="\t"), y, targets)
    frames.append(pd.DataFrame({"task": task, "dataset": dataset, "model": model, "seed": seed,
                                "target": targets, "mae": mae}))  # fmt: skip
table = target_table(pd.concat(frames, ignore_index=True))
table.to_csv(snakemake.output.targets, sep="\t", index=False)
wins = win_rates(table, snakemake.params.reference)
wins.to_csv(snakemake.output.wins, sep="\t", index=False)
log(wins.to_string(index=False))
