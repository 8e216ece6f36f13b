from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class YouthConfig(AppConfig):
    """A youth stored once, under a pseudonym, and the care relationships that grant access."""

    name = "passend.youth"
    label = "youth"
    verbose_name = _("Youth")
