"""Rule tabulate_leakage: every dataset's leakage audit in one table."""

from gdlbench.aggregate.stats import read_tables
from gdlbench.logs import log_to

log = log_to(snakemake.log[0])
table = read_tables(snakemake.input)
table.to_csv(snakemake.output[0], sep="\t", index=False)
log(table.to_string(index=False))
