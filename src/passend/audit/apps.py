from django.apps import AppConfig


class AuditConfig(AppConfig):
    """The append-only access log (in the spirit of NEN 7513)."""

    name = "passend.audit"
    label = "audit"
