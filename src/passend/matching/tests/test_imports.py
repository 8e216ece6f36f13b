"""The matching core stays pure: rules import only the standard library, the vocabulary and the
registry's reference data; nothing in matching imports Django."""

import ast
import sys
from pathlib import Path

MATCHING = Path(__file__).resolve().parents[1]
RULES_MAY_IMPORT = ("passend.vocabulary", "passend.registry.reference", "passend.matching.rules")


def imported(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def test_rules_import_only_the_standard_library_vocabulary_and_reference_data():
    for path in (MATCHING / "rules").glob("*.py"):
        for name in imported(path):
            allowed = name.split(".")[0] in sys.stdlib_module_names or name.startswith(
                RULES_MAY_IMPORT
            )
            assert allowed or name == "__future__", f"{path.name} imports {name}"


def test_nothing_in_matching_imports_django():
    for path in MATCHING.rglob("*.py"):
        assert not any(name.split(".")[0] == "django" for name in imported(path)), path.name
