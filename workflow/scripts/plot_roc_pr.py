"""Rule plot_roc_pr: ROC and precision-recall curves of each family's best model (chosen on
validation) per dataset of one classification task."""

from collections import defaultdict
from pathlib import Path

import pandas as pd

from gdlbench.compare import best_models
from gdlbench.figures import plot_roc_pr, pooled_test_curve_data
from gdlbench.logs import log_to

log = log_to(snakemake.log[0])
task = snakemake.wildcards.task
metrics = pd.read_csv(snakemake.input.metrics, sep="\t")
paths = defaultdict(list)
for (_, dataset, model, _), path in zip(
    snakemake.params.runs, snakemake.input.predictions, strict=True
):
    paths[(dataset, model)].append(Path(path))
curves = {}
for dataset in sorted({dataset for dataset, _ in paths}):
    best = best_models(metrics, task, dataset)
    curves[dataset] = {
        family: (model, *pooled_test_curve_data(paths[(dataset, model)]))
        for family, model in best.items()
    }
    log(f"{dataset}: {best}")
plot_roc_pr(curves, task, [Path(snakemake.output.png), Path(snakemake.output.pdf)])
