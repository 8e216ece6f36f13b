"""``passend norms report``: the inspectorates' report over the database.

(``passend norms evaluate`` and ``passend norms generate`` work on files without a database and
are handled by the console script before Django starts.)
"""

from datetime import date
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from passend.protection import reports

RENDERERS = {
    "json": reports.render_json,
    "csv": reports.render_csv,
    "table": reports.render_table,
    "xlsx": reports.render_xlsx,
}


def iso_date(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError as error:
        raise CommandError(f"not an ISO date (YYYY-MM-DD): {value!r}", returncode=2) from error


class Command(BaseCommand):
    help = "Norm report per GI, region or nationally, as of a date, for a period of measure starts."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        report = sub.add_parser("report", help=self.help)
        report.add_argument("--as-of", required=True)
        report.add_argument("--by", choices=sorted(reports.GROUPINGS), default="national")
        report.add_argument("--from", dest="measures_from", help="first measure date included")
        report.add_argument("--to", dest="measures_to", help="last measure date included")
        report.add_argument("--format", choices=sorted(RENDERERS), default="table")
        report.add_argument("--output", type=Path, help="file to write (required for xlsx)")

    def handle(
        self, *args, action, as_of, by, measures_from, measures_to, format, output, **options
    ):
        report = reports.norms_report(
            as_of=iso_date(as_of),
            by=by,
            measures_from=iso_date(measures_from) if measures_from else None,
            measures_to=iso_date(measures_to) if measures_to else None,
        )
        rendered = RENDERERS[format](report)
        if output:
            mode = "wb" if isinstance(rendered, bytes) else "w"
            with output.open(mode) as handle:
                handle.write(rendered)
        elif isinstance(rendered, bytes):
            raise CommandError("--format xlsx needs --output FILE", returncode=2)
        else:
            self.stdout.write(rendered, ending="")
