"""Rule tabulate_costs: training time, peak memory and parameter count of every model beside
its primary test metric, with the Pareto front per dataset."""

from pathlib import Path

import pandas as pd

from gdlbench.costs import cost_table
from gdlbench.logs import log_to

log = log_to(snakemake.log[0])
runs = [tuple(run) for run in snakemake.params.runs]
n_seeds = len(snakemake.params.seeds)
models = [
    snakemake.input.models[i : i + n_seeds] for i in range(0, len(snakemake.input.models), n_seeds)
]
table = cost_table(
    runs,
    [Path(p) for p in snakemake.input.benchmarks],
    models,
    pd.read_csv(snakemake.input.summary, sep="\t"),
)
table.to_csv(snakemake.output[0], sep="\t", index=False)
log(table.to_string(index=False))
