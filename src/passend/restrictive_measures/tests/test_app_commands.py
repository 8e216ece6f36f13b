"""``passend vbm import|overview|analysis|reminders|recheck`` and ``load_demo_measures``."""

from __future__ import annotations

import io
import json
from datetime import timedelta
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone
from jsonschema import Draft202012Validator

from passend.restrictive_measures.models import (
    AlternativeTried,
    MeasureRegistration,
    SafeRoom,
)
from passend.restrictive_measures.rules import deliveries
from passend.restrictive_measures.rules.deliveries import HalfYear
from passend.restrictive_measures.rules.tests.builders import record


def run(*args) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("vbm", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def write(path: Path, *records) -> Path:
    path.write_text(
        "".join(item if isinstance(item, str) else json.dumps(item) + "\n" for item in records),
        encoding="utf-8",
    )
    return path


def own_record(chain, **changes) -> dict:
    start = timezone.localtime() - timedelta(hours=30)
    return (
        record(
            youth=chain.own.youth.pseudonym,
            location="JZP-own",
            birth_date=None,
            start=start.replace(tzinfo=None).isoformat(timespec="minutes"),
            end=(start + timedelta(hours=2)).replace(tzinfo=None).isoformat(timespec="minutes"),
        )
        | changes
    )


def test_import_all_or_nothing_with_file_and_line(chain, tmp_path):
    bad = write(tmp_path / "bad.jsonl", own_record(chain, id="A"), "{oops\n")
    with pytest.raises(CommandError) as failed:
        run("import", str(bad), "--provider", "provider-own")
    assert failed.value.returncode == 2
    assert MeasureRegistration.objects.filter(source_id="A").count() == 0


def test_import_reports_errors_on_stderr_and_is_idempotent(chain, tmp_path, capsys):
    bad = write(
        tmp_path / "bad.jsonl", own_record(chain, id="A"), own_record(chain, id="B", kind="X")
    )
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command("vbm", "import", str(bad), "--provider", "provider-own", stderr=err)
    assert f"{bad}:2: field 'kind' must be a kind code" in err.getvalue()
    good = write(tmp_path / "good.jsonl", own_record(chain, id="A"), own_record(chain, id="B"))
    out, _ = run("import", str(good), "--provider", "provider-own")
    assert "2 registrations added" in out
    out, _ = run("import", str(good), "--provider", "provider-own")
    assert "0 registrations added, 0 updated, 2 unchanged" in out


def test_the_command_line_import_reaches_only_the_providers_youth(chain, tmp_path):
    file = write(tmp_path / "x.jsonl", own_record(chain, id="A"))
    with pytest.raises(CommandError):
        run("import", str(file), "--provider", "provider-other")
    with pytest.raises(CommandError, match="no care provider"):
        run("import", str(file), "--provider", "gi-own")


def test_overview_analysis_reminders_and_recheck(chain, tmp_path):
    label = HalfYear.of(timezone.localdate()).label
    out, _ = run("overview", "--provider", "provider-own", "--half-year", label)
    Draft202012Validator(deliveries.schema()).validate(json.loads(out))
    out, _ = run("overview", "--provider", "provider-own", "--half-year", label, "--format", "csv")
    assert deliveries.from_csv(out).rows[0].id == "VBM-own"
    out, _ = run("analysis", "--provider", "provider-own")
    assert json.loads(out)["registrations"] == 1
    target = tmp_path / "analysis.xlsx"
    run("analysis", "--provider", "provider-own", "--format", "xlsx", "--output", str(target))
    assert target.stat().st_size > 0
    out, _ = run("reminders", "--today", "2026-08-02")
    assert "provider-own: 2026-H1 due_soon (due 2026-08-12" in out
    MeasureRegistration.objects.filter(pk=chain.own.registration.pk).update(end=None)
    out, _ = run("recheck")
    assert out.startswith("1 verdict(s) changed")
    assert not MeasureRegistration.objects.get(pk=chain.own.registration.pk).lawful


@pytest.mark.django_db
def test_the_demo_set_loads_twice_without_adding_anything():
    call_command("load_demo_data", "--measures", "0", stdout=io.StringIO())
    call_command("load_demo_measures", stdout=io.StringIO())
    counts = (
        MeasureRegistration.objects.count(),
        AlternativeTried.objects.count(),
        SafeRoom.objects.count(),
    )
    call_command("load_demo_measures", stdout=io.StringIO())
    assert counts == (
        MeasureRegistration.objects.count(),
        AlternativeTried.objects.count(),
        SafeRoom.objects.count(),
    )
    registrations = {r.source_id: r for r in MeasureRegistration.objects.all()}
    assert len(registrations) == 10
    lawful = {source_id for source_id, r in registrations.items() if r.lawful}
    assert lawful == {f"DEMO-VBM-{n}" for n in (1, 2, 8, 9, 10)}
    open_care = registrations["DEMO-VBM-6"]
    assert open_care.setting == "open"
    assert "6.3.1.1" in [v["article"] for v in open_care.violations]
