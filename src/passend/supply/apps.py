from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SupplyConfig(AppConfig):
    """Care supply: offers, their capacity and waiting lists, placements, and where is room."""

    name = "passend.supply"
    label = "supply"
    verbose_name = _("Care supply")

    def ready(self) -> None:
        from passend.supply.search import watch_supply_writes

        watch_supply_writes()
