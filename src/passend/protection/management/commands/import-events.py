"""``passend import-events FILE``: store a delivery of case events (DOMAIN §7)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from passend.audit.log import Actor
from passend.protection.models import ImportBatch
from passend.protection.rules.events import read_csv, read_jsonl
from passend.protection.services import ImportRejected, import_events

READERS = {".jsonl": read_jsonl, ".csv": read_csv}


class Command(BaseCommand):
    help = (
        "Import case events from a JSON Lines (.jsonl) or CSV (.csv) file. All or nothing, "
        "with line numbers in errors; importing the same file twice adds nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--skip-bad-lines",
            action="store_true",
            help="Import the good lines and report the bad ones, instead of importing nothing.",
        )

    def handle(self, *args, file: Path, skip_bad_lines: bool, **options):
        reader = READERS.get(file.suffix.lower())
        if reader is None:
            raise CommandError(f"{file}: expected a .jsonl or .csv file", returncode=2)
        try:
            with file.open(encoding="utf-8-sig", newline="") as handle:
                parsed = reader(handle)
        except (OSError, UnicodeDecodeError) as error:
            raise CommandError(f"{file}: {error}", returncode=2) from error
        try:
            report = import_events(
                parsed,
                actor=Actor.system("import-events"),
                acting_user=None,
                channel=ImportBatch.Channel.FILE,
                source_name=file.name,
                skip_bad_lines=skip_bad_lines,
            )
        except ImportRejected as rejected:
            for error in rejected.errors:
                self.stderr.write(f"{file}:{error.line}: {error.message}")
            raise CommandError(
                f"{file}: {len(rejected.errors)} error(s); nothing imported", returncode=2
            ) from rejected
        for error in report.rejected:
            self.stderr.write(f"{file}:{error.line}: skipped: {error.message}")
        self.stdout.write(
            f"{file}: {report.added} events imported, {report.skipped} already present, "
            f"{len({e.line for e in report.rejected})} line(s) rejected; "
            f"{report.cases_refreshed} cases updated"
        )
