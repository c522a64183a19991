"""Rule plot_attention: a model's position- and channel-level attention (AttentiveChrome's
bins and marks), averaged over the test examples of each class."""

from pathlib import Path

from gdlbench.data.dataset import PreparedDataset
from gdlbench.evaluation.attention import saved_attention_by_class
from gdlbench.figures.attention import plot_attention
from gdlbench.logs import log_to

log = log_to(snakemake.log[0])
data = PreparedDataset.load(Path(snakemake.input.prepared).parent)
maps, saved = saved_attention_by_class(data, snakemake.input.model)
title = f"{snakemake.params.model} on {data.meta['dataset']} (seed {saved['seed']}), test examples"
channels = data.meta.get("channels") or [f"channel {i}" for i in range(data.meta["shape"][0])]
classes = data.meta.get("class_names") or {c: f"class {c}" for c in data.meta["classes"]}
positions = data.meta.get("position_label", "position")
plot_attention(maps, channels, classes, title, [Path(p) for p in snakemake.output], positions)
log(
    f"{title}: mark attention "
    + ", ".join(f"{c}: {m.round(3).tolist()}" for c, (_, m) in maps.items())
)
