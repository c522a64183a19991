"""Rule evaluate_model: score a trained model on validation and test (the only test scoring)."""

from pathlib import Path

from gdlbench.data.dataset import PreparedDataset
from gdlbench.evaluate import evaluate_model
from gdlbench.logs import log_to

log = log_to(snakemake.log[0])
structure = snakemake.params.model.get("structure", False)
predictions, metrics = evaluate_model(
    PreparedDataset.load(Path(snakemake.input.prepared[0]).parent, structure),
    model=snakemake.wildcards.model,
    path=Path(snakemake.input.model),
    seed=int(snakemake.wildcards.seed),
)
predictions.to_csv(snakemake.output.predictions, sep="\t", index=False)
metrics.to_csv(snakemake.output.metrics, sep="\t", index=False)
log(metrics.to_string(index=False))
