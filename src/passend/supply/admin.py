from django.contrib import admin

from passend.accounts.admin_site import CapabilityAdmin
from passend.accounts.roles import Capability
from passend.registry.models import Location, Organisation
from passend.supervision.admin import InspectorateOnlyAdmin
from passend.supply.models import InspectionMeasure, Offer


@admin.register(Offer)
class OfferAdmin(CapabilityAdmin):
    """A provider's administrator describes the offers of the own locations; capacity and
    waiting lists are kept by provider staff on the offer screen and through the API."""

    capability = Capability.MANAGE_REFERENCE_DATA
    organisation_kinds = frozenset({Organisation.Kind.PROVIDER})
    list_display = ["name", "location", "care_form", "age_min", "age_max", "active"]
    list_filter = ["care_form", "active"]
    search_fields = ["name", "location__name", "location__organisation__name"]
    autocomplete_fields = ["cooperates_with"]
    readonly_fields = ["places", "occupied", "expected_wait_days", "capacity_updated_at"]

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

    def get_search_results(self, request, queryset, search_term):
        """Cooperation partners may be any provider's offer (autocomplete)."""
        if request.path.endswith("/autocomplete/"):
            queryset = Offer.objects.select_related("location__organisation")
        return super().get_search_results(request, queryset, search_term)


@admin.register(InspectionMeasure)
class InspectionMeasureAdmin(InspectorateOnlyAdmin):
    """The inspectorate records formal instructions, intensified supervision and client stops."""

    list_display = ["provider", "kind", "start", "end"]
    list_filter = ["kind"]
    autocomplete_fields = ["provider"]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "provider":
            kwargs["queryset"] = Organisation.objects.filter(kind=Organisation.Kind.PROVIDER)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)
