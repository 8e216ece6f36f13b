"""The management site: a provider's administrator may correct the legal setting of the own
locations, their safe rooms and house rules. Registrations hold youth data and are not here."""

from django.contrib import admin

from passend.accounts.admin_site import CapabilityAdmin
from passend.accounts.roles import Capability
from passend.registry.models import Location, Organisation

from .models import HouseRule, LocationSetting, SafeRoom


class OwnLocationsAdmin(CapabilityAdmin):
    """Objects of the administrator's own organisation's locations (all, for a superuser)."""

    capability = Capability.MANAGE_REFERENCE_DATA
    organisation_kinds = frozenset({Organisation.Kind.PROVIDER})

    def get_queryset(self, request):
        queryset = super().get_queryset(request).select_related("location__organisation")
        if request.user.is_superuser:
            return queryset
        return queryset.filter(location__organisation_id=request.user.organisation_id)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "location" and not request.user.is_superuser:
            kwargs["queryset"] = Location.objects.filter(
                organisation_id=request.user.organisation_id
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(LocationSetting)
class LocationSettingAdmin(OwnLocationsAdmin):
    list_display = ["location", "reference", "setting", "register_entry"]
    list_filter = ["setting"]
    search_fields = ["reference", "location__name", "location__organisation__name"]


@admin.register(SafeRoom)
class SafeRoomAdmin(OwnLocationsAdmin):
    list_display = ["name", "location", "in_use", "checked_on"]


@admin.register(HouseRule)
class HouseRuleAdmin(OwnLocationsAdmin):
    list_display = ["text", "location", "restricts", "kind", "recorded_on", "ended_on"]
    list_filter = ["restricts"]
