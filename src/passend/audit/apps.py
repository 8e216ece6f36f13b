from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    """The append-only access log (in the spirit of NEN 7513)."""

    name = "passend.audit"
    label = "audit"
    verbose_name = _("Access log")
