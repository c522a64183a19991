"""Rule audit_leakage: re-check a prepared dataset's final split for leakage (exact,
reverse-complement and near-duplicate sequences, overlapping windows, repeated samples,
near-identical profiles) and write one row per check; a `fail` verdict fails the rule."""

from gdlbench.data.leakage import audit_prepared
from gdlbench.logs import log_to

log = log_to(snakemake.log[0])
table = audit_prepared(snakemake.params.prepared, snakemake.params.split, log)
table.to_csv(snakemake.output[0], sep="\t", index=False)
