"""Rule tabulate_interpretation: every interpreted run's measures in one long table
(gdlbench.interpret.run.MEASURE_COLUMNS)."""

import pandas as pd

from gdlbench.logs import log_to

log = log_to(snakemake.log[0])
table = pd.concat([pd.read_csv(path, sep="\t") for path in snakemake.input], ignore_index=True)
table.to_csv(snakemake.output[0], sep="\t", index=False)
log(f"{len(table)} rows from {len(snakemake.input)} runs")
