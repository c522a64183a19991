"""Rule prepare_dataset: parse raw files, encode, split with a leakage audit, write."""

from pathlib import Path

from gdlbench.data.prepare import prepare_files
from gdlbench.logs import log_to

log = log_to(snakemake.log[0])
prepare_files(
    task=snakemake.wildcards.task,
    dataset=snakemake.wildcards.dataset,
    spec=snakemake.params.dataset,
    files={role: Path(path) for role, path in snakemake.params.files.items()},
    split_cfg=snakemake.params.split,
    max_examples=snakemake.params.max_examples,
    out_dir=Path(snakemake.output.meta).parent,
    threads=snakemake.threads,
    log=log,
)
