"""The ``passend`` console script.

Commands that evaluate or generate files with the pure rule cores (``norms evaluate``,
``norms generate``, ``vbm check``, ``match``) run without Django or a database, so a GI or an
inspector can run them on a laptop. Every other command is a Django management command
(``passend migrate``, ``passend runserver``, ``passend import-events`` …).
"""

from __future__ import annotations

import importlib
import os
import sys

PURE_COMMANDS: dict[tuple[str, ...], str] = {
    ("norms", "evaluate"): "passend.protection.cli",
    ("norms", "generate"): "passend.protection.generate_cli",
    ("vbm", "check"): "passend.restrictive_measures.cli",
    ("match",): "passend.matching.cli",
}
"""Command prefix → module whose ``main(argv) -> int`` takes the arguments after the prefix."""


def pure_command(argv: list[str]) -> tuple[str, list[str]] | None:
    """The module and remaining arguments of a database-free command, if ``argv`` names one."""
    for prefix, module in PURE_COMMANDS.items():
        if tuple(argv[: len(prefix)]) == prefix:
            return module, argv[len(prefix) :]
    return None


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    found = pure_command(argv)
    if found:
        module, rest = found
        return importlib.import_module(module).main(rest)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "passend.settings.dev")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["passend", *argv])
    return 0


if __name__ == "__main__":
    sys.exit(main())
