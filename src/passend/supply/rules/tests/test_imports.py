"""The supply rules stay pure: the standard library, the vocabulary, the registry's reference
data and the pure matching core (whose package, small-scale and region rules they reuse) — never
Django, never the supply app around them."""

from __future__ import annotations

import ast
import sys
from pathlib import Path

RULES = Path(__file__).resolve().parents[1]
MY_MODULES = ("__init__.py", "waiting.py", "offers.py", "placements.py", "room.py", "overview.py")
MAY_IMPORT = (
    "passend.vocabulary",
    "passend.registry.reference",
    "passend.matching.rules",
    "passend.supply.rules",
)


def imported(path: Path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def test_supply_rules_import_only_pure_modules():
    for filename in MY_MODULES:
        for name in imported(RULES / filename):
            root = name.split(".")[0]
            pure = root in sys.stdlib_module_names or root == "__future__"
            assert pure or name.startswith(MAY_IMPORT), f"{filename} imports {name}"
