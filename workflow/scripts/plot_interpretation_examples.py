"""Rule plot_interpretation_examples: each interpreted model's attribution tracks and learned
motifs beside their JASPAR match, from its first seed's saved arrays, all in one job."""

from pathlib import Path

import numpy as np

from gdlbench.data.motifs import read_collection
from gdlbench.figures.interpretation_examples import plot_examples
from gdlbench.logs import log_to

log = log_to(snakemake.log[0])
collection = read_collection(Path(snakemake.input.motifs))
for saved, title, figure in zip(snakemake.input.attributions, snakemake.params.titles,
                                snakemake.output, strict=True):  # fmt: skip
    Path(figure).parent.mkdir(parents=True, exist_ok=True)
    with np.load(saved) as arrays:
        plot_examples(arrays, collection, title, [Path(figure)])
    log(f"drew {figure}")
