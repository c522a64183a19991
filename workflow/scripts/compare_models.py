"""Rule compare_models: per dataset, each deep-learning family's best model (chosen on
validation) against the best baseline: seed-mean differences, two-level bootstrap intervals,
Holm-adjusted p-values."""

import pandas as pd

from gdlbench.aggregate.compare import comparison_table, predictions_by_run, read_manifests
from gdlbench.logs import log_to

log = log_to(snakemake.log[0])
table = comparison_table(
    pd.read_csv(snakemake.input.metrics, sep="\t"),
    *predictions_by_run(read_manifests(snakemake.input.manifests)),
    snakemake.params.settings,
)
table.to_csv(snakemake.output[0], sep="\t", index=False)
log(table.to_string(index=False))
