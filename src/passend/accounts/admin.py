from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _

from passend.accounts import policy
from passend.accounts.admin_site import CapabilityAdmin, OwnOrganisationAdmin
from passend.accounts.models import ApiToken, Team, User


@admin.register(User)
class UserAdmin(CapabilityAdmin, DjangoUserAdmin):
    list_display = ["username", "first_name", "last_name", "role", "organisation", "is_active"]
    list_filter = ["role", "is_active"]
    search_fields = ["username", "first_name", "last_name"]
    fieldsets = [
        (None, {"fields": ["username", "password"]}),
        (_("Person"), {"fields": ["first_name", "last_name", "email"]}),
        (
            _("Work"),
            {"fields": ["organisation", "role", "team", "case_system_reference", "is_active"]},
        ),
    ]
    add_fieldsets = [
        (None, {"fields": ["username", "password1", "password2"]}),
        (_("Work"), {"fields": ["organisation", "role", "team", "case_system_reference"]}),
    ]

    def get_queryset(self, request):
        return policy.scope_users(request.user, super().get_queryset(request))

    def get_readonly_fields(self, request, obj=None):
        # An organisation's administrator creates users for that organisation only.
        return () if request.user.is_superuser else ("organisation",)

    def get_form(self, request, obj=None, **kwargs):
        """The organisation is set before validation, so the role check sees it."""
        form = super().get_form(request, obj, **kwargs)
        if request.user.is_superuser:
            return form

        class OwnOrganisationForm(form):
            def __init__(self, *args, **inner):
                super().__init__(*args, **inner)
                self.instance.organisation = request.user.organisation
                if "team" in self.fields:
                    self.fields["team"].queryset = Team.objects.filter(
                        organisation=request.user.organisation
                    )

        return OwnOrganisationForm

    def save_model(self, request, obj, form, change):
        if not request.user.is_superuser:
            obj.organisation = request.user.organisation
        obj.full_clean()
        super().save_model(request, obj, form, change)


@admin.register(Team)
class TeamAdmin(OwnOrganisationAdmin):
    list_display = ["name", "organisation"]


@admin.register(ApiToken)
class ApiTokenAdmin(CapabilityAdmin):
    """Tokens are issued with ``passend issue_api_token``; here they can be seen and revoked."""

    list_display = ["name", "user", "created_at", "last_used_at", "revoked"]
    fields = ["name", "user", "created_at", "last_used_at", "revoked"]
    readonly_fields = ["name", "user", "created_at", "last_used_at"]

    def has_add_permission(self, request) -> bool:
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).filter(user__in=policy.scope_users(request.user))
