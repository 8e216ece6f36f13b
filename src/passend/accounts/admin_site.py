"""The management site (Django admin) for functional administrators.

Access follows the role table, not Django's per-model permissions: an administrator manages
the users of their own organisation and the reference data; case content is not registered
here at all.
"""

from __future__ import annotations

from django.contrib import admin

from passend.accounts.roles import Capability


def may_manage(user, capability: Capability = Capability.MANAGE_USERS) -> bool:
    return user.is_active and (user.is_superuser or user.has_capability(capability))


class PassendAdminSite(admin.AdminSite):
    site_header = "Passend – beheer"
    site_title = "Passend"

    def has_permission(self, request) -> bool:
        return may_manage(request.user)


class CapabilityAdmin(admin.ModelAdmin):
    """Model admin whose permissions come from a capability; optionally read-only, optionally
    only for administrators of some kinds of organisation (``organisation_kinds``)."""

    capability = Capability.MANAGE_USERS
    read_only = False
    organisation_kinds: frozenset[str] | None = None

    def _allowed(self, request) -> bool:
        user = request.user
        if not may_manage(user, self.capability):
            return False
        return (
            self.organisation_kinds is None
            or user.is_superuser
            or (user.organisation is not None and user.organisation.kind in self.organisation_kinds)
        )

    def has_module_permission(self, request) -> bool:
        return self._allowed(request)

    def has_view_permission(self, request, obj=None) -> bool:
        return self._allowed(request)

    def has_add_permission(self, request) -> bool:
        return not self.read_only and self._allowed(request)

    def has_change_permission(self, request, obj=None) -> bool:
        return not self.read_only and self._allowed(request)

    def has_delete_permission(self, request, obj=None) -> bool:
        return not self.read_only and self._allowed(request)


class OwnOrganisationAdmin(CapabilityAdmin):
    """Objects of the administrator's own organisation only (all, for a superuser).

    The organisation field is fixed to the administrator's own on create and change.
    """

    organisation_field = "organisation"

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if request.user.is_superuser:
            return queryset
        return queryset.filter(**{f"{self.organisation_field}_id": request.user.organisation_id})

    def get_readonly_fields(self, request, obj=None):
        fields = super().get_readonly_fields(request, obj)
        return fields if request.user.is_superuser else (*fields, self.organisation_field)

    def save_model(self, request, obj, form, change):
        if not request.user.is_superuser:
            setattr(obj, self.organisation_field, request.user.organisation)
        super().save_model(request, obj, form, change)
