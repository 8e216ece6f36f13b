from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from passend.registry import services
from passend.registry.reference import DATA_DIR, ReferenceDataError
from passend.registry.reference import load_reference_data as read_reference_data


class Command(BaseCommand):
    help = (
        "Load one year's reference data (municipalities, youth-care and child-protection "
        "regions) from the versioned data files. All or nothing; loading twice adds nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, default=None, help="Default: the manifest's year.")
        parser.add_argument("--data-dir", type=Path, default=DATA_DIR)

    def handle(self, *args, year, data_dir, **options):
        try:
            data = read_reference_data(year, data_dir)
        except ReferenceDataError as error:
            raise CommandError(f"reference data not loaded: {error}") from error
        result = services.load_reference_data(data, data_dir)
        self.stdout.write(
            f"reference data {data.year}: {len(data.municipalities)} municipalities "
            f"({result.created} new, {result.updated} changed, {result.unchanged} unchanged), "
            f"{len(data.youth_care_regions)} youth-care regions, "
            f"{len(data.child_protection_regions)} child-protection regions"
        )
