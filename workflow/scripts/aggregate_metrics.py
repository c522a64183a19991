"""Rule aggregate_metrics: all per-run metric rows -> metrics.tsv, and with the bootstrap
intervals -> summary.tsv (SPEC §6)."""

import pandas as pd

from gdlbench.logs import log_to
from gdlbench.stats import summarize


def concat(paths):
    return pd.concat([pd.read_csv(path, sep="\t") for path in paths], ignore_index=True)


log = log_to(snakemake.log[0])
metrics = concat(snakemake.input.metrics)
metrics.to_csv(snakemake.output.metrics, sep="\t", index=False)
summary = summarize(metrics, concat(snakemake.input.intervals))
summary.to_csv(snakemake.output.summary, sep="\t", index=False)
log(summary.to_string(index=False))
