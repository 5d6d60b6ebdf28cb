"""Python side of the polyglot media pipeline."""
