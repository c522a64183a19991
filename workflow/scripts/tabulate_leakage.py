"""Rule tabulate_leakage: every dataset's leakage audit in one table."""

import pandas as pd

from gdlbench.logs import log_to

log = log_to(snakemake.log[0])
table = pd.concat([pd.read_csv(path, sep="\t") for path in snakemake.input], ignore_index=True)
table.to_csv(snakemake.output[0], sep="\t", index=False)
log(table.to_string(index=False))
