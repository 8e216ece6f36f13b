from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegistryConfig(AppConfig):
    """Reference data of the chain: municipalities, regions, organisations, locations."""

    name = "passend.registry"
    label = "registry"
    verbose_name = _("Registry")
