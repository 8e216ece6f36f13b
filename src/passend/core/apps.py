from django.apps import AppConfig


class CoreConfig(AppConfig):
    """The UI shell: base templates, styling, security headers, navigation."""

    name = "passend.core"
    label = "core"
