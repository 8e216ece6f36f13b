from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReferralsConfig(AppConfig):
    """Referring youth to help that fits: help requests, ranked packages, proposals and the
    region-wide what-if run (on the pure :mod:`passend.matching` core)."""

    name = "passend.referrals"
    label = "referrals"
    verbose_name = _("Referrals")
