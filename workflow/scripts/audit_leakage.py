"""Rule audit_leakage: count the split's leakage checks on a prepared dataset's final split and
re-check a sample of held-out examples by independent methods (gdlbench.data.leakage_audit);
one row per check; a `fail` verdict (a leak, or a copy the split's checks missed) fails the
rule."""

from gdlbench.data.leakage_audit import audit_prepared
from gdlbench.logs import log_to

log = log_to(snakemake.log[0])
table = audit_prepared(snakemake.params.prepared, snakemake.params.split, log)
table.to_csv(snakemake.output[0], sep="\t", index=False)
