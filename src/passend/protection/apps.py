from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProtectionConfig(AppConfig):
    """The child-protection chain: cases, their events, and the three inspection norms."""

    name = "passend.protection"
    label = "protection"
    verbose_name = _("Child protection")

    def ready(self) -> None:
        from passend.protection import checks  # noqa: F401 - registers the start-up checks
