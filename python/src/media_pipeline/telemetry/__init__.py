"""Traces, metrics and log fields for the Python worker and client (issue 15).

Everything here is configured by the standard OTEL_* variables and is off, at no cost, when
they are unset; the entry points only call `tracing.setup` and pass its interceptors on.
"""
