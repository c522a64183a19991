"""Rule compare_models: per dataset, each deep-learning family's best model (chosen on
validation) against the best baseline, by paired bootstrap on the test examples."""

from collections import defaultdict
from pathlib import Path

import pandas as pd

from gdlbench.compare import comparison_table
from gdlbench.logs import log_to

log = log_to(snakemake.log[0])
predictions = defaultdict(list)
tasks = {}
for (task, dataset, model, _), path in zip(
    snakemake.params.runs, snakemake.input.predictions, strict=True
):
    predictions[(dataset, model)].append(Path(path))
    tasks[dataset] = task
table = comparison_table(
    pd.read_csv(snakemake.input.metrics, sep="\t"),
    predictions,
    tasks,
    snakemake.params.n_bootstrap,
    snakemake.params.seed,
)
table.to_csv(snakemake.output[0], sep="\t", index=False)
log(table.to_string(index=False))
