"""Rule tabulate_cell_types: per model, test metrics over the cell types of each collection."""

import pandas as pd

from gdlbench.aggregate.cell_types import cell_type_table
from gdlbench.logs import log_to

log = log_to(snakemake.log[0])
summary = pd.read_csv(snakemake.input[0], sep="\t")
cell_types = pd.DataFrame.from_dict(snakemake.params.cell_types, orient="index")
table = cell_type_table(summary, cell_types.rename_axis("dataset").reset_index())
table.to_csv(snakemake.output[0], sep="\t", index=False)
log(table.to_string(index=False))
