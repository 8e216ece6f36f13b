from django.apps import AppConfig


class RegistryConfig(AppConfig):
    """Reference data of the chain: municipalities, regions, organisations, locations."""

    name = "passend.registry"
    label = "registry"
