"""Rule plot_published: every registry number beside the reproduced value and its verdict."""

from pathlib import Path

import pandas as pd

from gdlbench.figures.published import plot_published
from gdlbench.logs import log_to

log = log_to(snakemake.log[0])
table = pd.read_csv(snakemake.input[0], sep="\t")
plot_published(table, [Path(snakemake.output.png), Path(snakemake.output.pdf)])
