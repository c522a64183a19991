"""Rule plot_roc_pr: ROC and precision-recall curves of each family's best model (chosen on
validation) per dataset of each classification task."""

from pathlib import Path

import pandas as pd

from gdlbench.aggregate.compare import predictions_by_run, read_manifests
from gdlbench.figures.curves import plot_roc_pr
from gdlbench.logs import log_to

log = log_to(snakemake.log[0])
metrics = pd.read_csv(snakemake.input.metrics, sep="\t")
predictions, task_of = predictions_by_run(read_manifests(snakemake.input.manifests))
for task, png, pdf in zip(
    snakemake.params.tasks, snakemake.output.png, snakemake.output.pdf, strict=True
):
    runs = {run: seeds for run, seeds in predictions.items() if task_of[run[0]] == task}
    curves = plot_roc_pr(metrics, runs, task, [Path(png), Path(pdf)])
    log(f"{task}: best models per family: {curves}")
