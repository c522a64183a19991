"""Evaluation stage: scoring validation and test once, after training and selection."""
