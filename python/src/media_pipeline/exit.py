"""Leave the process with a chosen exit code, skipping interpreter teardown.

The Temporal Python SDK can abort at interpreter exit (sdk-python issue 300,
`PyGILState_Release`), which would turn a finished command's exit code into SIGABRT. Every
entry point that has used a Temporal client ends through here once its outcome is known.
"""

from __future__ import annotations

import os
import sys
from typing import NoReturn


def exit_now(code: int) -> NoReturn:
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)
