from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SupervisionConfig(AppConfig):
    """The inspectorates' work: registered inspections (and, later, reports and verdicts)."""

    name = "passend.supervision"
    label = "supervision"
    verbose_name = _("Supervision")
