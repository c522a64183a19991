"""Rule evaluate_model: score a model's every seed on validation and test (the only test
scoring), and the bootstrap intervals of its test metrics over examples and seeds."""

from gdlbench.data.dataset import PreparedDataset
from gdlbench.evaluation.evaluate import evaluate_seeds
from gdlbench.logs import log_to

log = log_to(snakemake.log[0])
settings = snakemake.params.model
metrics, intervals = evaluate_seeds(
    PreparedDataset.load(snakemake.params.prepared, settings["structure"], snakemake.params.subset),
    snakemake.wildcards.model,
    snakemake.params.seeds,
    snakemake.input.models,
    snakemake.output.predictions,
    snakemake.params.bootstrap,
)
metrics.to_csv(snakemake.output.metrics, sep="\t", index=False)
intervals.to_csv(snakemake.output.intervals, sep="\t", index=False)
log(metrics.to_string(index=False))
