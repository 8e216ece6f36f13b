from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DemoConfig(AppConfig):
    """A fictional demonstration data set: organisations, people and youth that do not exist."""

    name = "passend.demo"
    label = "demo"
    verbose_name = _("Demo data")
