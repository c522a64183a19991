"""Rule tabulate_ensembles: per representation model, the gene sets its seeds' nodes cover one by
one, and those the eADAGE-style consensus of all seeds covers."""

from gdlbench.aggregate.ensemble import ensemble_table
from gdlbench.logs import log_to

log = log_to(snakemake.log[0])
table = ensemble_table(snakemake.params.runs, snakemake.params.models, snakemake.params.prepared)
table.to_csv(snakemake.output[0], sep="\t", index=False)
log(table.to_string(index=False))
