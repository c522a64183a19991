"""The split settings unit tests prepare data with (the config's `split` keys)."""

SPLIT = {
    "method": "stratified",
    "valid": 0.2,
    "test": 0.2,
    "seed": 1,
    "near_duplicate_identity": 0.9,
    "interval_slack": 100,
    "profile_correlation": 0.99,
    "min_signal": 1.0,
    "pair_groups": ["site"],
    "audit_sample": 1000,
    "memory_mb": 8000,
    "leakage": "dedupe",
}
