"""`make bench`: the pipeline against a plain one-process script, hop overhead, throughput,
strategies, memory, payload and history sizes, long videos. Figures, never assertions."""
