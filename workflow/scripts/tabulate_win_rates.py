"""Rule tabulate_win_rates: each family's win rate against the best baseline over the cell
types, datasets and targets of multi-target tasks, and of configured model pairs over targets,
with sign and Wilcoxon tests, and per-target paired tests counted after BH adjustment."""

import json
from pathlib import Path

import pandas as pd

from gdlbench.aggregate.compare import predictions_by_run, read_manifests
from gdlbench.aggregate.target_tests import pair_tests
from gdlbench.aggregate.win_rates import win_rate_table
from gdlbench.logs import log_to

log = log_to(snakemake.log[0])
comparisons = pd.read_csv(snakemake.input.comparisons, sep="\t")
summary = pd.read_csv(snakemake.input.summary, sep="\t")
targets = [pd.read_csv(path, sep="\t") for path in snakemake.input.targets]
metas = [json.loads(Path(path).read_text()) for path in snakemake.input.meta]
predictions = predictions_by_run(read_manifests(snakemake.input.manifests))[0]
tests = pair_tests(predictions, {meta["dataset"]: meta["targets"] for meta in metas})
table = win_rate_table(
    comparisons,
    snakemake.params.collections,
    targets[0] if targets else None,
    snakemake.params.pairs,
    dict(zip(summary["model"], summary["family"], strict=True)),
    tests,
)
table.to_csv(snakemake.output[0], sep="\t", index=False)
log(table.to_string(index=False))
