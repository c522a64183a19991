"""Rule train_model: train one torch model for every seed in turn (GPU when visible, else CPU);
each seed checkpoints every epoch, so a killed job resumes where it stopped."""

from pathlib import Path

import torch

from gdlbench.data.dataset import PreparedDataset
from gdlbench.logs import log_to
from gdlbench.training.train import save_trained, train_model

log = log_to(snakemake.log[0])
torch.set_num_threads(snakemake.threads)
settings = snakemake.params.model
data = PreparedDataset.load(Path(snakemake.input[0]).parent, settings.get("structure", False))
for seed, model, curve, checkpoint in zip(
    snakemake.params.seeds,
    snakemake.output.models,
    snakemake.output.curves,
    snakemake.params.checkpoints,
    strict=True,
):
    log(f"seed {seed}")
    best, history = train_model(
        data,
        name=settings.get("model", snakemake.wildcards.model),
        params=settings.get("params", {}),
        training=snakemake.params.training,
        seed=seed,
        checkpoint=Path(checkpoint),
        log=log,
    )
    save_trained(best, history, Path(model), Path(curve))
for checkpoint in snakemake.params.checkpoints:  # kept until every seed is saved
    Path(checkpoint).unlink(missing_ok=True)  # representations keep none
