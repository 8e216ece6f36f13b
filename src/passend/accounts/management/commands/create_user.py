import getpass
import os

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import translation

from passend.accounts.models import Team, User
from passend.accounts.roles import Role
from passend.registry.models import Organisation


class Command(BaseCommand):
    help = (
        "Create a user of an organisation with a role (e.g. the first functional administrator). "
        "The password is asked for, or taken from PASSEND_NEW_USER_PASSWORD."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--organisation", required=True, help="Organisation reference.")
        parser.add_argument("--role", required=True, choices=Role.values)
        parser.add_argument("--team", default="", help="Team name within the organisation.")
        parser.add_argument(
            "--case-system-reference",
            default="",
            help="How the GI's case system names this protector in delivered events.",
        )
        parser.add_argument("--first-name", default="")
        parser.add_argument("--last-name", default="")

    def handle(self, *args, **options):
        """Messages from validation speak the interface language, like the screens."""
        with translation.override(settings.LANGUAGE_CODE):
            self.create(**options)

    @transaction.atomic
    def create(
        self,
        *,
        username,
        organisation,
        role,
        team,
        case_system_reference,
        first_name,
        last_name,
        **options,
    ):
        found = Organisation.objects.filter(reference=organisation).first()
        if found is None:
            raise CommandError(f"unknown organisation {organisation!r}: nothing created")
        if User.objects.filter(username=username).exists():
            raise CommandError(f"user {username!r} exists already: nothing created")
        password = os.environ.get("PASSEND_NEW_USER_PASSWORD") or getpass.getpass("Password: ")
        user = User(
            username=username,
            organisation=found,
            role=role,
            first_name=first_name,
            last_name=last_name,
            case_system_reference=case_system_reference,
            team=Team.objects.get_or_create(organisation=found, name=team)[0] if team else None,
        )
        user.set_password(password)
        try:
            validate_password(password, user)
            user.full_clean()
        except ValidationError as error:
            raise CommandError("; ".join(error.messages) + ": nothing created") from error
        user.save()
        self.stdout.write(f"created {role} {username} at {found.reference}")
