"""A local trace backend: Jaeger v2 (built by `make setup` into .tools/bin), OTLP in, its
query API out, on loopback ports of the caller's choosing, traces kept in memory."""
