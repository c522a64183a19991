"""Rule train_model: train one torch model for every seed in turn (GPU when visible, else CPU;
data parallel through torchrun on `training.devices` of them), each configuration of its
tuning budget (`grid`) chosen on validation; each seed checkpoints every epoch, so a killed job
resumes where it stopped. A learning-curve dataset trains on its nested share of the training
split (`subset`)."""

from gdlbench.logs import log_to
from gdlbench.training.launch import train_job

log = log_to(snakemake.log[0])
train_job(
    {
        "prepared": snakemake.params.prepared,
        "subset": snakemake.params.subset,
        "settings": snakemake.params.model,
        "training": snakemake.params.training,
        "seeds": snakemake.params.seeds,
        "models": list(snakemake.output.models),
        "curves": list(snakemake.output.curves),
        "checkpoints": list(snakemake.params.checkpoints),
    },
    snakemake.threads,
    log,
)
