"""Rule tabulate_learning_curves: test metrics against training-set size."""

import json
from pathlib import Path

from gdlbench.learning_curves import learning_curve_table
from gdlbench.logs import log_to
from gdlbench.stats import read_tables

log = log_to(snakemake.log[0])
sizes = [size for path in snakemake.input.sizes for size in json.loads(Path(path).read_text())]
table = learning_curve_table(
    read_tables(snakemake.input.metrics), read_tables(snakemake.input.intervals), sizes
)
table.to_csv(snakemake.output[0], sep="\t", index=False)
log(table.to_string(index=False))
