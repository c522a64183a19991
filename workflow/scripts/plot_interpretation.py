"""Rule plot_interpretation: each interpreted model's truth scores per dataset (PNG and PDF)."""

from pathlib import Path

import pandas as pd

from gdlbench.figures.interpretation import plot_interpretation
from gdlbench.logs import log_to

log = log_to(snakemake.log[0])
plot_interpretation(pd.read_csv(snakemake.input[0], sep="\t"), [Path(p) for p in snakemake.output])
log(f"drew {', '.join(snakemake.output)}")
