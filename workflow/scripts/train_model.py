"""Rule train_model: train one torch model for one seed (GPU when visible, else CPU)."""

from pathlib import Path

import torch

from gdlbench.data.dataset import PreparedDataset
from gdlbench.logs import log_to
from gdlbench.train import save_trained, train_model

log = log_to(snakemake.log[0])
torch.set_num_threads(snakemake.threads)
settings = snakemake.params.model
best, curve = train_model(
    PreparedDataset.load(Path(snakemake.input[0]).parent, settings.get("structure", False)),
    name=settings.get("model", snakemake.wildcards.model),
    params=settings.get("params", {}),
    training=snakemake.params.training,
    seed=int(snakemake.wildcards.seed),
    checkpoint=Path(snakemake.params.checkpoint),
    log=log,
)
save_trained(best, curve, Path(snakemake.output.model), Path(snakemake.output.curve))
Path(snakemake.params.checkpoint).unlink()
