"""Rule evaluate_dataset: score every model of a dataset, each seed on validation and test
(the only test scoring), with the bootstrap intervals of its test metrics over examples and
seeds; one job per dataset, so the imports and the data are loaded once."""

from gdlbench.evaluation.evaluate import evaluate_dataset
from gdlbench.logs import log_to

log = log_to(snakemake.log[0])
metrics, intervals, manifest = evaluate_dataset(
    snakemake.params.prepared,
    snakemake.params.subset,
    snakemake.params.runs,
    snakemake.params.seeds,
    snakemake.output.predictions,
    snakemake.params.bootstrap,
    log,
)
metrics.to_csv(snakemake.output.metrics, sep="\t", index=False)
intervals.to_csv(snakemake.output.intervals, sep="\t", index=False)
manifest.to_csv(snakemake.output.manifest, sep="\t", index=False)
