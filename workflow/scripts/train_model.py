"""Rule train_model: train one torch model for every seed in turn (GPU when visible, else CPU),
each configuration of its tuning budget (`grid`) chosen on validation; each seed checkpoints
every epoch, so a killed job resumes where it stopped. A learning-curve dataset trains on its
nested share of the training split (`subset`)."""

import torch

from gdlbench.data.dataset import PreparedDataset
from gdlbench.logs import log_to
from gdlbench.training.train import train_seeds

log = log_to(snakemake.log[0])
torch.set_num_threads(snakemake.threads)
settings = snakemake.params.model
train_seeds(
    PreparedDataset.load(snakemake.params.prepared, settings["structure"], snakemake.params.subset),
    settings,
    snakemake.params.training,
    snakemake.params.seeds,
    snakemake.output.models,
    snakemake.output.curves,
    snakemake.params.checkpoints,
    log,
)
