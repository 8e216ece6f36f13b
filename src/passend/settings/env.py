"""Read every environment variable through one documented helper.

Each call registers the variable with its default and help text in :data:`REGISTRY`, so
``passend envvars`` can print the operations reference and nobody has to guess which variables
exist. Defaults are the safe embedded-mode values.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class EnvVar:
    name: str
    default: Any
    help: str
    secret: bool = False


REGISTRY: dict[str, EnvVar] = {}

TRUE = {"1", "true", "yes", "on"}
FALSE = {"0", "false", "no", "off", ""}


def to_bool(value: str) -> bool:
    lowered = value.strip().lower()
    if lowered in TRUE:
        return True
    if lowered in FALSE:
        return False
    raise ValueError(f"expected a boolean (true/false), got {value!r}")


def to_list(value: str) -> list[str]:
    return [item.strip() for item in value.split(",") if item.strip()]


def env(
    name: str,
    default: Any,
    help: str,
    cast: Callable[[str], Any] = str,
    secret: bool = False,
) -> Any:
    """The value of ``name`` cast with ``cast``, or ``default`` when it is not set."""
    REGISTRY[name] = EnvVar(name=name, default=default, help=help, secret=secret)
    raw = os.environ.get(name)
    if raw is None:
        return default
    try:
        return cast(raw)
    except ValueError as error:
        raise ValueError(f"environment variable {name}: {error}") from error


class MissingSecret(RuntimeError):
    """Production refuses to start without its secrets."""


def required(name: str, help: str, secret: bool = True) -> str:
    """A value that must be set (production): no default ever boots."""
    REGISTRY[name] = EnvVar(name=name, default="(required)", help=help, secret=secret)
    value = os.environ.get(name, "")
    if not value:
        raise MissingSecret(f"environment variable {name} must be set: {help}")
    return value
