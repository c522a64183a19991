"""Rule compare_published: every registry number beside the reproduced one, with a verdict."""

import pandas as pd

from gdlbench.aggregate.published import load_registry, published_vs_reproduced
from gdlbench.logs import log_to

log = log_to(snakemake.log[0])
summary = pd.read_csv(snakemake.input.summary, sep="\t")
table = published_vs_reproduced(
    load_registry(snakemake.input.registry), summary, snakemake.params.collections
)
table.to_csv(snakemake.output[0], sep="\t", index=False)
log(table[["id", "published", "reproduced", "verdict"]].to_string(index=False))
