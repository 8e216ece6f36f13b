"""``passend vbm …``: freedom-restricting measures over the database.

- ``passend vbm import FILE.jsonl --provider REF [--skip-bad-lines]`` — store registrations
  (DOMAIN §9) for a provider: all or nothing, every error as ``FILE:LINE: message``, exit 2;
  importing the same file twice changes nothing.
- ``passend vbm overview --provider REF [--half-year 2026-H1] [--format json|csv]`` — the
  half-year overview for the inspectorate (Youth Act 6.7.3 lid 2).
- ``passend vbm analysis --provider REF [--year 2026] [--format json|csv|xlsx] [--output F]`` —
  the yearly analysis (6.7.4).
- ``passend vbm reminders [--today YYYY-MM-DD]`` — per provider with a registration duty, the
  next half-year delivery and its state (for a scheduled job).
- ``passend vbm recheck [--all]`` — judge running measures again as of now (or every
  registration, after a change of the rules) and store the verdicts that changed.

(``passend vbm check FILE`` works on a file without a database and is handled by the console
script before Django starts.)
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from passend.audit.log import Actor
from passend.registry.models import Organisation
from passend.restrictive_measures import exports, queries, services
from passend.restrictive_measures.models import MeasureRegistration
from passend.restrictive_measures.rules import analysis, deliveries
from passend.restrictive_measures.rules.deliveries import HalfYear
from passend.restrictive_measures.templatetags.measures import reminder

ANALYSIS_RENDERERS = {
    "json": analysis.to_json,
    "csv": exports.analysis_csv,
    "xlsx": exports.analysis_xlsx,
}


def _provider(reference: str) -> Organisation:
    provider = Organisation.objects.filter(
        reference=reference, kind=Organisation.Kind.PROVIDER
    ).first()
    if provider is None:
        raise CommandError(f"no care provider with reference {reference!r}", returncode=2)
    return provider


def _iso_date(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError as error:
        raise CommandError(f"not an ISO date (YYYY-MM-DD): {value!r}", returncode=2) from error


def _half_year(value: str | None) -> HalfYear:
    if value is None:
        return HalfYear.of(timezone.localdate()).previous
    try:
        return HalfYear.parse(value)
    except ValueError as error:
        raise CommandError(str(error), returncode=2) from error


class Command(BaseCommand):
    help = "Freedom-restricting measures: import, overview, analysis, reminders, recheck."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        imports = sub.add_parser("import", help="Import registrations (JSON Lines, DOMAIN §9).")
        imports.add_argument("file", type=Path)
        imports.add_argument("--provider", required=True, help="the importing provider")
        imports.add_argument(
            "--skip-bad-lines",
            action="store_true",
            help="Import the good lines and report the bad ones, instead of importing nothing.",
        )
        overview = sub.add_parser("overview", help="The half-year overview (6.7.3 lid 2).")
        overview.add_argument("--provider", required=True)
        overview.add_argument("--half-year", help="e.g. 2026-H1; default: the last ended one")
        overview.add_argument("--format", choices=["json", "csv"], default="json")
        overview.add_argument("--output", type=Path)
        yearly = sub.add_parser("analysis", help="The yearly analysis (6.7.4).")
        yearly.add_argument("--provider", required=True)
        yearly.add_argument("--year", type=int)
        yearly.add_argument("--format", choices=sorted(ANALYSIS_RENDERERS), default="json")
        yearly.add_argument("--output", type=Path, help="file to write (required for xlsx)")
        reminders = sub.add_parser("reminders", help="The next delivery per provider.")
        reminders.add_argument("--today", help="YYYY-MM-DD; default: today")
        recheck = sub.add_parser("recheck", help="Judge running measures again as of now.")
        recheck.add_argument("--all", action="store_true", help="every registration")

    def handle(self, *args, action: str, **options):
        getattr(self, f"handle_{action}")(**options)

    def handle_import(self, *, file: Path, provider: str, skip_bad_lines: bool, **options):
        organisation = _provider(provider)
        try:
            with file.open(encoding="utf-8-sig") as lines:
                report = services.import_registrations(
                    lines,
                    provider=organisation,
                    youth_scope=queries.provider_youth(organisation),
                    actor=Actor.system("vbm-import"),
                    acting_user=None,
                    skip_bad_lines=skip_bad_lines,
                )
        except (OSError, UnicodeDecodeError) as error:
            raise CommandError(f"{file}: {error}", returncode=2) from error
        except services.ImportRejected as rejected:
            for error in rejected.errors:
                self.stderr.write(f"{file}:{error.line}: {error.message}")
            raise CommandError(
                f"{file}: {len(rejected.errors)} error(s); nothing imported", returncode=2
            ) from rejected
        for error in report.rejected:
            self.stderr.write(f"{file}:{error.line}: skipped: {error.message}")
        self.stdout.write(
            f"{file}: {report.added} registrations added, {report.updated} updated, "
            f"{report.unchanged} unchanged, {len({e.line for e in report.rejected})} line(s) "
            "rejected"
        )

    def _write(self, content: str | bytes, output: Path | None) -> None:
        if output:
            if isinstance(content, bytes):
                output.write_bytes(content)
            else:
                output.write_text(content, encoding="utf-8")
        elif isinstance(content, bytes):
            raise CommandError("--format xlsx needs --output FILE", returncode=2)
        else:
            self.stdout.write(content, ending="")

    def handle_overview(self, *, provider, half_year, format, output, **options):
        overview = queries.half_year_overview(
            _provider(provider), _half_year(half_year), timezone.now()
        )
        rendered = deliveries.to_csv(overview) if format == "csv" else deliveries.to_json(overview)
        self._write(rendered, output)

    def handle_analysis(self, *, provider, year, format, output, **options):
        figures = queries.provider_figures(
            _provider(provider), year or timezone.localdate().year, timezone.now()
        )
        self._write(ANALYSIS_RENDERERS[format](figures), output)

    def handle_reminders(self, *, today, **options):
        day = _iso_date(today) if today else timezone.localdate()
        for provider in queries.providers_with_registration_duty().order_by("reference"):
            status = queries.next_due(queries.delivery_statuses(provider, day))
            self.stdout.write(
                f"{provider.reference}: {status.half_year.label} {status.state.value} "
                f"(due {status.due_date.isoformat()}; {reminder(status)})"
            )

    def handle_recheck(self, *, all: bool, **options):
        queryset = MeasureRegistration.objects.all()
        if not all:
            queryset = queryset.filter(end__isnull=True)
        changed = services.recheck(queryset)
        self.stdout.write(f"{changed} verdict(s) changed")
