"""Training stage: devices, the one phased training loop with checkpoints and early stopping,
and the torch-model runs built on it."""
