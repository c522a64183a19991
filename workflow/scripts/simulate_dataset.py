"""Rule simulate_dataset: write a simulated dataset's raw files in the real portal format."""

from pathlib import Path

from gdlbench.data.simulate import simulate_dataset
from gdlbench.logs import log_to

log = log_to(snakemake.log[0])
Path(snakemake.output[0]).mkdir(parents=True, exist_ok=True)
files = {role: Path(path) for role, path in snakemake.params.files.items()}
simulate_dataset(snakemake.params.dataset["format"], snakemake.params.dataset["simulate"], files)
log(f"simulated {snakemake.wildcards.dataset}: {', '.join(map(str, files.values()))}")
