"""Rule compare_published: every registry number beside the reproduced one, with a verdict."""

import pandas as pd

from gdlbench.aggregate.compare import predictions_by_run, read_manifests
from gdlbench.aggregate.published import load_registry, published_vs_reproduced
from gdlbench.logs import log_to

log = log_to(snakemake.log[0])
table = published_vs_reproduced(
    load_registry(snakemake.input.registry),
    pd.read_csv(snakemake.input.summary, sep="\t"),
    snakemake.params.collections,
    predictions_by_run(read_manifests(snakemake.input.manifests))[0],
    snakemake.params.bootstrap["n_bootstrap"],
    snakemake.params.bootstrap["seed"],
    {"scale": snakemake.params.scale},
)
table.to_csv(snakemake.output[0], sep="\t", index=False)
log(table[["id", "published", "reproduced", "ci_low", "ci_high", "verdict"]].to_string(index=False))
