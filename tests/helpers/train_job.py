"""A training job as a separate process, for the kill-and-resume tests: train one model on a
prepared dataset with a checkpoint, save it and write its validation and test metrics.

    python train_job.py SETTINGS.json

SETTINGS: prepared, model, params, training, seed, checkpoint, out (a folder).
GDLBENCH_DEVICE chooses the device as in the workflow.
"""

import json
import sys
from pathlib import Path

import torch

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "workflow" / "scripts"))

from gdlbench.data.dataset import PreparedDataset  # noqa: E402
from gdlbench.evaluation.evaluate import evaluate_model  # noqa: E402
from gdlbench.training.train import save_trained, train_model  # noqa: E402

settings = json.loads(Path(sys.argv[1]).read_text())
torch.set_num_threads(1)
out = Path(settings["out"])
out.mkdir(parents=True, exist_ok=True)
data = PreparedDataset.load(settings["prepared"])
best, curve = train_model(
    data, settings["model"], settings["params"], settings["training"], settings["seed"],
    Path(settings["checkpoint"]), lambda message: print(message, flush=True),
)  # fmt: skip
save_trained(best, curve, out / "model.pt", out / "curve.tsv")
metrics = evaluate_model(data, settings["model"], out / "model.pt", settings["seed"]).metrics
metrics.to_csv(out / "metrics.tsv", sep="\t", index=False)
