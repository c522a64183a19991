"""What trained sequence models learned, scored against the planted truth of the simulated
data (the review's Deep Motif Dashboard, issue 25): attributions, motifs from filters, and
the measures that compare them with the planted sites."""
