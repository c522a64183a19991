"""gdlbench: deep-learning vs classic baselines on genomic prediction tasks."""
