"""Rule plot_roc_pr: ROC and precision-recall curves of each family's best model (chosen on
validation) per dataset of one classification task."""

from pathlib import Path

import pandas as pd

from gdlbench.aggregate.compare import predictions_by_run, read_manifests
from gdlbench.figures.curves import plot_roc_pr
from gdlbench.logs import log_to

log = log_to(snakemake.log[0])
curves = plot_roc_pr(
    pd.read_csv(snakemake.input.metrics, sep="\t"),
    predictions_by_run(read_manifests(snakemake.input.manifests))[0],
    snakemake.wildcards.task,
    [Path(path) for path in snakemake.output],
)
log(f"best models per family: {curves}")
