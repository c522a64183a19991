"""Rule download_file: fetch one portal file into the download cache, verified."""

from gdlbench.data.download import fetch
from gdlbench.logs import log_to

log = log_to(snakemake.log[0])
fetch(
    snakemake.params.download["url"],
    snakemake.output[0],
    sha256=snakemake.params.download["sha256"],
    mirror=snakemake.params.mirror,
    lockfile=snakemake.params.lockfile,
    retries=snakemake.params.retries,
    log=log,
)
