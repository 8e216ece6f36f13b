"""Pseudonyms and the BSN link key (pure functions; the key comes from settings)."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Callable

from stdnum.exceptions import ValidationError as StdnumError
from stdnum.nl import bsn as stdnum_bsn

PSEUDONYM_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
"""No 0/O or 1/I: a pseudonym is read aloud on the phone."""


def new_pseudonym(choice: Callable[[str], str] = secrets.choice) -> str:
    """A random pseudonymous id such as ``J-4KQ7-X2MH``: no meaning, not derived from the BSN.

    ``choice`` is only replaced by a seeded generator for reproducible demo data.
    """
    chars = "".join(choice(PSEUDONYM_ALPHABET) for _ in range(8))
    return f"J-{chars[:4]}-{chars[4:]}"


class InvalidBsn(ValueError):
    pass


def normalise_bsn(value: str) -> str:
    """The BSN as nine digits, or :class:`InvalidBsn` when it fails the 11-check."""
    try:
        return stdnum_bsn.validate(value)
    except StdnumError as error:
        raise InvalidBsn("not a valid BSN (fails the 11-check or has the wrong length)") from error


def bsn_link(bsn: str, key: str) -> str:
    """Keyed hash of a BSN: links records from different imports without comparing BSNs."""
    return hmac.new(key.encode(), normalise_bsn(bsn).encode(), hashlib.sha256).hexdigest()
