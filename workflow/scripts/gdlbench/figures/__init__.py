"""Report stage: every figure, drawn from the tables; nothing here trains or imports torch."""
