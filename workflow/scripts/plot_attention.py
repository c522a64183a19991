"""Rule plot_attention: AttentiveChrome's bin- and mark-level attention, averaged over the
test genes of high and low expression."""

from pathlib import Path

from gdlbench.data.dataset import PreparedDataset
from gdlbench.data.formats.deepchrome import MARKS
from gdlbench.evaluation.attention import saved_attention_by_class
from gdlbench.figures.attention import plot_attention
from gdlbench.logs import log_to

log = log_to(snakemake.log[0])
data = PreparedDataset.load(Path(snakemake.input.prepared[0]).parent)
maps, saved = saved_attention_by_class(data, snakemake.input.model)
title = f"{snakemake.params.model} on {data.meta['dataset']} (seed {saved['seed']}), test genes"
classes = {"1": "high expression", "0": "low expression"}
plot_attention(maps, list(MARKS), classes, title, [Path(p) for p in snakemake.output])
log(
    f"{title}: mark attention "
    + ", ".join(f"{c}: {m.round(3).tolist()}" for c, (_, m) in maps.items())
)
