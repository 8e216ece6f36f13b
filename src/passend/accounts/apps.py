from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    """Users, their organisation and role, and the one authorisation policy."""

    name = "passend.accounts"
    label = "accounts"
    verbose_name = _("Accounts")
