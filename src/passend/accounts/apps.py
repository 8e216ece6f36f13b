from django.apps import AppConfig


class AccountsConfig(AppConfig):
    """Users, their organisation and role, and the one authorisation policy."""

    name = "passend.accounts"
    label = "accounts"
