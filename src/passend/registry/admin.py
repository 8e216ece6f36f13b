from django.contrib import admin

from passend.accounts.admin_site import CapabilityAdmin, OwnOrganisationAdmin
from passend.accounts.roles import Capability
from passend.registry.models import (
    ChildProtectionRegion,
    Location,
    Municipality,
    Organisation,
    Professional,
    ReferenceDataFile,
    YouthCareRegion,
)


class ReferenceDataAdmin(CapabilityAdmin):
    capability = Capability.MANAGE_REFERENCE_DATA


class LoadedFromFilesAdmin(ReferenceDataAdmin):
    """Loaded from the versioned data files (``passend load_reference_data``); read-only here."""

    read_only = True


@admin.register(Municipality)
class MunicipalityAdmin(LoadedFromFilesAdmin):
    list_display = ["cbs_code", "name", "province", "youth_care_region", "child_protection_region"]
    list_filter = ["province", "child_protection_region"]
    search_fields = ["name", "cbs_code"]


admin.site.register(ChildProtectionRegion, LoadedFromFilesAdmin)
admin.site.register(YouthCareRegion, LoadedFromFilesAdmin)


@admin.register(ReferenceDataFile)
class ReferenceDataFileAdmin(LoadedFromFilesAdmin):
    list_display = ["filename", "year", "reference_date", "loaded_at", "sha256"]


@admin.register(Organisation)
class OrganisationAdmin(ReferenceDataAdmin):
    """An administrator edits their own organisation; organisations are added by a superuser
    or imported (``passend import_organisations``)."""

    list_display = ["name", "reference", "kind", "child_protection_region", "municipality"]
    list_filter = ["kind", "child_protection_region"]
    search_fields = ["name", "reference"]
    autocomplete_fields = ["municipality"]

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        return (
            queryset
            if request.user.is_superuser
            else queryset.filter(pk=request.user.organisation_id)
        )

    def has_add_permission(self, request) -> bool:
        return request.user.is_superuser

    def has_delete_permission(self, request, obj=None) -> bool:
        return request.user.is_superuser

    def get_readonly_fields(self, request, obj=None):
        return () if request.user.is_superuser else ("reference", "kind")


@admin.register(Location)
class LocationAdmin(OwnOrganisationAdmin):
    """Only care providers have locations: a provider's administrator keeps its own."""

    capability = Capability.MANAGE_REFERENCE_DATA
    organisation_kinds = frozenset({Organisation.Kind.PROVIDER})
    list_display = ["name", "organisation", "municipality", "group_size"]
    search_fields = ["name", "organisation__name"]
    autocomplete_fields = ["municipality"]


@admin.register(Professional)
class ProfessionalAdmin(OwnOrganisationAdmin):
    capability = Capability.MANAGE_REFERENCE_DATA
    list_display = ["name", "organisation", "register", "registration_number"]
    search_fields = ["name"]
