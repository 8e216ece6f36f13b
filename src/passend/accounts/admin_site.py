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
    """Model admin whose permissions come from a capability; optionally read-only."""

    capability = Capability.MANAGE_USERS
    read_only = False

    def has_module_permission(self, request) -> bool:
        return may_manage(request.user, self.capability)

    def has_view_permission(self, request, obj=None) -> bool:
        return may_manage(request.user, self.capability)

    def has_add_permission(self, request) -> bool:
        return not self.read_only and may_manage(request.user, self.capability)

    def has_change_permission(self, request, obj=None) -> bool:
        return not self.read_only and may_manage(request.user, self.capability)

    def has_delete_permission(self, request, obj=None) -> bool:
        return not self.read_only and may_manage(request.user, self.capability)
