"""Rule write_digest: results/summary.md from the summary, comparison, published, win-rate
and (where models are interpreted) interpretation tables."""

from pathlib import Path

import pandas as pd

from gdlbench.aggregate.digest import digest
from gdlbench.logs import log_to

log = log_to(snakemake.log[0])
text = digest(
    pd.read_csv(snakemake.input.summary, sep="\t"),
    pd.read_csv(snakemake.input.metrics, sep="\t"),
    pd.read_csv(snakemake.input.comparisons, sep="\t"),
    pd.read_csv(snakemake.input.published, sep="\t"),
    pd.read_csv(snakemake.input.win_rates, sep="\t"),
    pd.read_csv(snakemake.input.interpretation, sep="\t")
    if hasattr(snakemake.input, "interpretation")
    else None,
)
Path(snakemake.output[0]).write_text(text)
log(f"wrote {snakemake.output[0]} ({len(text.splitlines())} lines)")
