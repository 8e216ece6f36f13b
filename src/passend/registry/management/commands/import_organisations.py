from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from passend.registry.importers import ImportFailed, import_organisations


class Command(BaseCommand):
    help = (
        "Create or update organisations from a CSV file (columns: reference,name,kind,"
        "child_protection_region,municipality). All or nothing; errors name their line."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)

    def handle(self, *args, file, **options):
        with translation.override(settings.LANGUAGE_CODE):
            self.load(file)

    def load(self, file):
        try:
            result = import_organisations(file.read_text(encoding="utf-8"))
        except OSError as error:
            raise CommandError(f"{file}: {error.strerror}") from error
        except ImportFailed as failure:
            raise CommandError(
                f"{file}: nothing imported:\n" + "\n".join(f"  {error}" for error in failure.errors)
            ) from failure
        self.stdout.write(
            f"organisations: {result.created} new, {result.updated} changed, "
            f"{result.unchanged} unchanged"
        )
