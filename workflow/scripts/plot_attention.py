"""Rule plot_attention: AttentiveChrome's bin- and mark-level attention, averaged over the
test genes of high and low expression."""

from pathlib import Path

from gdlbench.attention_maps import attention_by_class, plot_attention
from gdlbench.data.dataset import PreparedDataset
from gdlbench.data.formats.deepchrome import MARKS
from gdlbench.logs import log_to
from gdlbench.train import load_trained, select_device

log = log_to(snakemake.log[0])
device = select_device()
data = PreparedDataset.load(Path(snakemake.input.prepared[0]).parent)
model, saved = load_trained(snakemake.input.model, device)
maps = attention_by_class(model, data, "test", saved["training"]["batch_size"], device)
title = f"{snakemake.params.model} on {data.meta['dataset']} (seed {saved['seed']}), test genes"
plot_attention(
    maps,
    list(MARKS),
    {"1": "high expression", "0": "low expression"},
    title,
    [Path(snakemake.output.png), Path(snakemake.output.pdf)],
)
log(
    f"{title}: mark attention "
    + ", ".join(f"{c}: {m.round(3).tolist()}" for c, (_, m) in maps.items())
)
