"""Local stack: the Temporal dev server and the three workers as processes.

`make up/down/status/logs` drive it through `python -m media_devtools.devstack`; the tests use
the same code to start an isolated stack on free ports in a temporary directory.
"""
