"""Rule plot_target_pair: one model against another, one point per target of a dataset
(per-target test AUROC coloured by profile type, as DanQ against DeepSEA)."""

from pathlib import Path

import pandas as pd

from gdlbench.figures.targets import plot_target_pair
from gdlbench.logs import log_to

log = log_to(snakemake.log[0])
wildcards = snakemake.wildcards
plot_target_pair(
    pd.read_csv(snakemake.input[0], sep="\t"),
    wildcards.task,
    wildcards.dataset,
    wildcards.model,
    wildcards.reference,
    [Path(snakemake.output.png), Path(snakemake.output.pdf)],
)
log(f"plotted {wildcards.model} against {wildcards.reference} on {wildcards.dataset}")
