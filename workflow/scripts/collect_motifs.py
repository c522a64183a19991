"""Rule collect_motifs: JASPAR's CORE vertebrate matrices (pyjaspar's bundled release), read
once for every interpret_model job, after checking that TOMTOM finds each of them in the
collection (which also compiles memelite's kernels once, before those jobs run side by side)."""

from pathlib import Path

from gdlbench.data.motifs import jaspar_collection, write_collection
from gdlbench.interpret.motifs import check_matcher, use_threads
from gdlbench.logs import log_to

log = log_to(snakemake.log[0])
use_threads(snakemake.threads)
collection = jaspar_collection()
check_matcher(collection, snakemake.params.q_value)
write_collection(collection, Path(snakemake.output[0]))
log(
    f"{len(collection.ids)} JASPAR matrices, each found by TOMTOM at q <= "
    f"{snakemake.params.q_value}"
)
