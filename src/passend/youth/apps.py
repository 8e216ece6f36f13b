from django.apps import AppConfig


class YouthConfig(AppConfig):
    """A youth stored once, under a pseudonym, and the care relationships that grant access."""

    name = "passend.youth"
    label = "youth"
