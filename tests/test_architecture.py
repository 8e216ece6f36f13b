"""The functional core stays pure: rule packages import no Django and no database code.

A ``rules/`` package may import the standard library, its own modules, and the other pure
modules named in ALLOWED. The shell fetches data and hands rules plain values.
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path

import pytest

import passend

SRC = Path(passend.__file__).parent
ALLOWED = {
    "passend.law",
    "passend.workdays",
    "passend.vocabulary",
    "passend.registry.reference",
    # Supply's rules build on matching's package rules, so a package is defined once.
    "passend.matching.rules",
}


def rule_modules() -> list[Path]:
    return sorted(
        path for path in SRC.glob("*/rules/**/*.py") if "tests" not in path.relative_to(SRC).parts
    )


def imported_modules(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0:
            names.append(node.module)
    return names


def allowed(module: str, package: str) -> bool:
    root = module.split(".")[0]
    if root in sys.stdlib_module_names or root == "__future__":
        return True
    return (
        module == package
        or module.startswith(package + ".")
        or any(module == name or module.startswith(name + ".") for name in ALLOWED)
    )


def test_there_are_rule_packages_to_check():
    assert len(rule_modules()) >= 5


@pytest.mark.parametrize("path", rule_modules(), ids=lambda p: str(p.relative_to(SRC)))
def test_rules_import_only_pure_modules(path):
    package = "passend." + ".".join(path.relative_to(SRC).parts[:2])
    forbidden = [m for m in imported_modules(path) if not allowed(m, package)]
    assert forbidden == [], f"{path.name} imports {forbidden}"
