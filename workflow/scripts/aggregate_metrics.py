"""Rule aggregate_metrics: all per-run metric rows -> metrics.tsv, and with the bootstrap
intervals -> summary.tsv (SPEC §6)."""

from gdlbench.aggregate.stats import read_tables, summarize
from gdlbench.logs import log_to

log = log_to(snakemake.log[0])
metrics = read_tables(snakemake.input.metrics)
metrics.to_csv(snakemake.output.metrics, sep="\t", index=False)
summary = summarize(metrics, read_tables(snakemake.input.intervals))
summary.to_csv(snakemake.output.summary, sep="\t", index=False)
log(summary.to_string(index=False))
