"""Python client: connect, start, watch, cancel the pipeline (`media-pipeline` CLI)."""
