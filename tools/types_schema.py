"""Print schemas/contracts.schema.json without its `default` keywords, for the type generators.

Each default moves into its property's description ("Default: 300."), so the generated types
still document it.

Request defaults are applied in one place, the workflow's Options.of, from the generated DEFAULTS
constant (tools/gen_registry.py). The generated types keep "absent" as absent, so a value
round-trips byte for byte and no SDK or language fills in a default of its own. The validators
load the full schema (with the defaults, an annotation that changes no verdict).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

# Keywords whose value maps names to schemas: a property called "default" is not the keyword.
NAMED_SCHEMAS = {"properties", "$defs", "patternProperties", "dependentSchemas"}


def strip(node: Any, named: bool = False) -> Any:
    if isinstance(node, list):
        return [strip(item) for item in node]
    if not isinstance(node, dict):
        return node
    out = {
        key: strip(value, named=key in NAMED_SCHEMAS and not named)
        for key, value in node.items()
        if named or key != "default"
    }
    if not named and "default" in node:
        said = f"Default: {json.dumps(node['default'])}."
        out["description"] = f"{node['description']} {said}" if "description" in node else said
    return out


def main() -> None:
    schema = json.loads(Path(sys.argv[1]).read_text())
    print(json.dumps(strip(schema), indent=2))


if __name__ == "__main__":
    main()
