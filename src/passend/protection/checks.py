"""Start-up checks: a misconfigured threshold is an error before the first request."""

from __future__ import annotations

from django.conf import settings
from django.core import checks

from passend.protection.rules.region_verdict import Thresholds


@checks.register()
def region_verdict_thresholds(app_configs, **kwargs) -> list[checks.CheckMessage]:
    try:
        Thresholds(**settings.REGION_VERDICT_THRESHOLDS)
    except (TypeError, ValueError) as error:
        return [
            checks.Error(
                f"PASSEND_VERDICT_* thresholds: {error}", id="passend.E101", obj="settings"
            )
        ]
    return []
