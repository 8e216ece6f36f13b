"""Small-number suppression for figures shown outside the organisation that owns them."""

from __future__ import annotations

SUPPRESSION_THRESHOLD = 10
"""DOMAIN §3: a figure on fewer than 10 youth is shown as "< 10" outside the own organisation."""


def suppressed(count: int, threshold: int = SUPPRESSION_THRESHOLD) -> str:
    """The count as text, or ``"< 10"`` when it is positive and below the threshold."""
    return f"< {threshold}" if 0 < count < threshold else str(count)
