"""Rule simulate_dataset: write a simulated dataset's raw files in the real portal format."""

from pathlib import Path

from gdlbench.data.simulate import simulate_dataset
from gdlbench.data.simulate.planted import PLANTED_FILE
from gdlbench.logs import log_to

log = log_to(snakemake.log[0])
folder = Path(snakemake.output[0])
folder.mkdir(parents=True, exist_ok=True)
files = {role: Path(path) for role, path in snakemake.params.files.items()}
dataset = snakemake.params.dataset
simulate_dataset(dataset["format"], dataset["simulate"], files, folder / PLANTED_FILE)
log(f"simulated {snakemake.wildcards.dataset}: {', '.join(map(str, files.values()))}")
