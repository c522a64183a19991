"""Aggregation stage: statistics over runs -- summary CIs, comparisons, win rates, targets,
ensembles, costs, learning curves and the published registry."""
