from django.core.management.base import BaseCommand, CommandError

from passend.accounts.models import ApiToken, User


class Command(BaseCommand):
    help = (
        "Issue an API token for a user (e.g. a GI's case system delivering events). "
        "The token is printed once; only its hash is stored. Revoke it in the management site."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--name", required=True, help="What the token is for.")

    def handle(self, *args, username, name, **options):
        user = User.objects.filter(username=username, is_active=True).first()
        if user is None:
            raise CommandError(f"no active user {username!r}")
        _token, key = ApiToken.issue(user, name)
        self.stdout.write(key)
