from django.contrib.admin.apps import AdminConfig


class PassendAdminConfig(AdminConfig):
    """The management site with role-based access (see admin_site.PassendAdminSite)."""

    default_site = "passend.accounts.admin_site.PassendAdminSite"
