"""Rule fold_structures: the RNA secondary structure and MFE of every prepared sequence of a
task with structure (ViennaRNA), beside the prepared files."""

from gdlbench.data.fold import fold_prepared
from gdlbench.logs import log_to

log = log_to(snakemake.log[0])
structure, mfe = fold_prepared(snakemake.params.prepared, snakemake.threads)
log(f"folded {len(mfe)} sequences; mean MFE {float(mfe.mean()):.2f} kcal/mol")
