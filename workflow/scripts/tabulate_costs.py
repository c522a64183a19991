"""Rule tabulate_costs: training time, peak memory and parameter count of every model beside
its primary test metric, with the Pareto front per dataset."""

import pandas as pd

from gdlbench.aggregate.costs import cost_table
from gdlbench.logs import log_to

log = log_to(snakemake.log[0])
table = cost_table(
    snakemake.params.runs,
    snakemake.input.benchmarks,
    snakemake.params.models,
    pd.read_csv(snakemake.input.summary, sep="\t"),
)
table.to_csv(snakemake.output[0], sep="\t", index=False)
log(table.to_string(index=False))
