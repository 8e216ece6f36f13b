from django.apps import AppConfig


class DemoConfig(AppConfig):
    """A fictional demonstration data set: organisations, people and youth that do not exist."""

    name = "passend.demo"
    label = "demo"
