"""Rule train_learning_curve: one model on one dataset at every training fraction and seed (fit,
then score validation and test); the fitted models are not kept."""

import json
from pathlib import Path

import torch

from gdlbench.data.dataset import PreparedDataset
from gdlbench.learning_curves import run_learning_curve
from gdlbench.logs import log_to

log = log_to(snakemake.log[0])
torch.set_num_threads(snakemake.threads)
model = snakemake.wildcards.model
settings = {"model": model, **snakemake.params.model}
data = PreparedDataset.load(Path(snakemake.input[0]).parent, settings.get("structure", False))
metrics, intervals, sizes = run_learning_curve(
    data,
    model,
    settings,
    snakemake.params.baseline,
    snakemake.params.seeds,
    snakemake.params.curves,
    snakemake.params.bootstrap,
    log,
    training=snakemake.params.training,
    threads=snakemake.threads,
)
metrics.to_csv(snakemake.output.metrics, sep="\t", index=False)
intervals.to_csv(snakemake.output.intervals, sep="\t", index=False)
Path(snakemake.output.sizes).write_text(json.dumps(sizes, indent=2) + "\n")
log(metrics[metrics["split"] == "test"].to_string(index=False))
