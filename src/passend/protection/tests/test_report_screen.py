"""The norms report screen: the same numbers as the report command, chart and table, exports."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone

from passend.accounts.roles import Role
from passend.protection.report_views import extrapolated
from passend.protection.reports import norms_report, render_csv


def test_the_screen_shows_every_group_with_a_chart_and_exports_the_same_csv(client, chain):
    client.force_login(chain.users[Role.INSPECTOR])
    today = timezone.localdate().isoformat()
    params = {"as_of": today, "by": "region", "indicator": "protector_timely"}
    page = client.get(reverse("cases:reports"), params)
    assert page.status_code == 200
    html = page.content.decode()
    assert "<svg" in html
    assert "Friesland" in html
    assert "Utrecht/Flevoland" in html
    export = client.get(reverse("cases:reports"), {**params, "export": "csv"})
    expected = render_csv(norms_report(as_of=timezone.localdate(), by="region"))
    assert export.content.decode() == expected
    assert export["Content-Disposition"].endswith('.csv"')


def test_xlsx_export(client, chain):
    client.force_login(chain.users[Role.MUNICIPAL_OFFICER])
    response = client.get(
        reverse("cases:reports"),
        {
            "as_of": timezone.localdate().isoformat(),
            "by": "gi",
            "indicator": "course_set",
            "export": "xlsx",
        },
    )
    assert response.status_code == 200
    assert response.content[:2] == b"PK"  # a zip container, as every .xlsx is


def test_a_period_that_ends_before_it_starts_is_refused(client, chain):
    client.force_login(chain.users[Role.TEAM_LEAD])
    response = client.get(
        reverse("cases:reports"),
        {
            "as_of": "2026-11-25",
            "by": "region",
            "indicator": "course_set",
            "measures_from": "2026-06-01",
            "measures_to": "2026-01-01",
        },
    )
    assert response.status_code == 200
    assert response.context["report"] is None
    assert response.context["form"].errors["measures_to"]


def test_extrapolation_to_the_annual_inflow():
    """DOMAIN §2: 13% of 15,325 → almost 2,000 children; 33% → about 5,000."""
    assert extrapolated(0.13, 15_325) == 1992
    assert extrapolated(0.33, 15_325) == 5057
    assert extrapolated(None, 15_325) is None
