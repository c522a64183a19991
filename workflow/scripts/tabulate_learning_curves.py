"""Rule tabulate_learning_curves: test metrics against training-set size."""

from gdlbench.aggregate.learning_curves import learning_curve_table, training_sizes
from gdlbench.aggregate.stats import read_tables
from gdlbench.logs import log_to

log = log_to(snakemake.log[0])
table = learning_curve_table(
    read_tables(snakemake.input.metrics),
    read_tables(snakemake.input.intervals),
    training_sizes(snakemake.params.curves),
)
table.to_csv(snakemake.output[0], sep="\t", index=False)
log(table.to_string(index=False))
