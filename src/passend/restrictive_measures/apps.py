from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RestrictiveMeasuresConfig(AppConfig):
    """Freedom-restricting measures: locations' legal setting, registrations with their legality,
    the deliveries to the inspectorate and the GI or parents, and what works instead."""

    name = "passend.restrictive_measures"
    label = "restrictive_measures"
    verbose_name = _("Freedom-restricting measures")
