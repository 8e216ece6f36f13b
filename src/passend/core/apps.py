from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    """The UI shell: base templates, styling, security headers, navigation."""

    name = "passend.core"
    label = "core"
    verbose_name = _("Interface")
