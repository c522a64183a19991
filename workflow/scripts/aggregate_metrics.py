"""Rule aggregate_metrics: all per-run metric rows -> metrics.tsv and summary.tsv (SPEC §6)."""

import pandas as pd

from gdlbench.logs import log_to
from gdlbench.stats import summarize

log = log_to(snakemake.log[0])
metrics = pd.concat([pd.read_csv(path, sep="\t") for path in snakemake.input], ignore_index=True)
metrics.to_csv(snakemake.output.metrics, sep="\t", index=False)
summary = summarize(metrics)
summary.to_csv(snakemake.output.summary, sep="\t", index=False)
log(summary.to_string(index=False))
