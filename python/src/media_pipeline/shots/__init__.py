"""Shot-boundary detection: cuts, dissolves and fades from a per-frame feature series."""
