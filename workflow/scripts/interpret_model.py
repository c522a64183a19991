"""Rule interpret_model: what one trained sequence model learned, seed by seed, scored against
its simulated dataset's planted truth or the JASPAR motifs its dataset names
(gdlbench.interpret.run)."""

from pathlib import Path

import pandas as pd

from gdlbench.data.dataset import PreparedDataset
from gdlbench.data.motifs import read_collection
from gdlbench.data.simulate.planted import read_planted
from gdlbench.interpret.motifs import use_threads
from gdlbench.interpret.run import interpret_run
from gdlbench.logs import log_to

log = log_to(snakemake.log[0])
use_threads(snakemake.threads)
prepared = Path(snakemake.params.prepared)
table = interpret_run(
    PreparedDataset.load(prepared),
    pd.read_csv(prepared / "examples.tsv", sep="\t"),
    read_planted(Path(snakemake.params.planted)) if snakemake.params.planted else None,
    snakemake.wildcards.model,
    snakemake.params.family,
    snakemake.params.seeds,
    [Path(path) for path in snakemake.input.models],
    snakemake.params.settings,
    [Path(path) for path in snakemake.output.attributions],
    read_collection(Path(snakemake.input.motifs)),
)
table.to_csv(snakemake.output.table, sep="\t", index=False)
log(table.to_string(index=False))
