from django.contrib import admin

from passend.accounts.admin_site import CapabilityAdmin
from passend.accounts.models import User
from passend.accounts.roles import Role
from passend.registry.models import Organisation
from passend.supervision.models import Inspection


class InspectorateOnlyAdmin(CapabilityAdmin):
    """Managed by an inspectorate's administrator only."""

    organisation_kinds = frozenset({Organisation.Kind.INSPECTORATE})


@admin.register(Inspection)
class InspectionAdmin(InspectorateOnlyAdmin):
    """An inspectorate's administrator registers inspections and names the inspectors."""

    list_display = ["reference", "subject", "starts_on", "ends_on"]
    exclude = ["registered_by"]
    filter_horizontal = ["inspectors"]

    def get_queryset(self, request):
        """An inspectorate sees and changes its own inspections only."""
        queryset = super().get_queryset(request)
        if request.user.is_superuser:
            return queryset
        return queryset.filter(registered_by__organisation_id=request.user.organisation_id)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "inspectors":
            kwargs["queryset"] = User.objects.filter(role=Role.INSPECTOR, is_active=True)
            if not request.user.is_superuser:
                kwargs["queryset"] = kwargs["queryset"].filter(
                    organisation_id=request.user.organisation_id
                )
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change):
        if not change:
            obj.registered_by = request.user
        super().save_model(request, obj, form, change)
