"""End to end, in headless Chromium: provider staff keep capacity, the expert team proposes a
package, the region's overview has its chart and table, unlawful measures are never hidden."""

from __future__ import annotations

import re

import pytest

pytestmark = pytest.mark.e2e


def test_provider_updates_capacity_and_bad_figures_are_refused(sign_in, live_site):
    page = sign_in("zorg.delinde")
    page.goto(f"{live_site}/supply/offers/")
    page.locator("main table tbody a").first.click()
    offer_url = page.url
    page.fill("#id_places", "4")
    page.fill("#id_occupied", "5")
    page.fill("#id_expected_wait_days", "10")
    page.click("form[action$='/capacity/'] button")
    assert page.locator("#id_occupied-error, .field-error").count() >= 1
    page.goto(offer_url)
    assert page.input_value("#id_places") != "4" or page.input_value("#id_occupied") != "5"
    page.fill("#id_places", "7")
    page.fill("#id_occupied", "5")
    page.fill("#id_expected_wait_days", "12")
    page.click("form[action$='/capacity/'] button")
    page.wait_for_url(offer_url)
    assert page.input_value("#id_places") == "7"
    assert page.input_value("#id_occupied") == "5"


def test_care_broker_proposes_a_package_with_its_explanation(sign_in, live_site):
    page = sign_in("makelaar.friesland")
    page.goto(f"{live_site}/referrals/")
    requests = page.locator("main table tbody a")
    assert requests.count() > 0
    for index in range(requests.count()):
        page.goto(f"{live_site}/referrals/")
        page.locator("main table tbody a").nth(index).click()
        proposals = page.locator("form[action$='/propose/'] button")
        if proposals.count():
            break
    else:
        pytest.fail("no help request with a package in the demo data")
    first_row = page.locator("main table").first.locator("tbody tr").first
    assert re.search(r"Dekt \d+ van \d+ hulpvra", first_row.inner_text())
    proposals.first.click()
    assert page.locator("form[action$='/propose/']").count() == 0  # proposed: no second time
    assert page.locator(".notice").count() >= 1


def test_regional_overview_has_chart_and_table_and_exports(sign_in, live_site):
    page = sign_in("gemeente.leeuwarden")
    page.goto(f"{live_site}/supply/overview/")
    page.select_option("#id_region", label="Friesland")
    page.click("main form button.primary")
    assert page.locator("figure.chart svg").count() == 2
    assert page.locator("main table").count() >= 3
    with page.expect_download() as download:
        page.click("a[href*='export=csv']")
    assert download.value.suggested_filename.endswith(".csv")


def test_unlawful_measures_are_flagged_in_the_list(sign_in, live_site):
    page = sign_in("zorg.eikenhof")
    page.goto(f"{live_site}/measures/")
    text = page.locator("main").inner_text()
    assert "6.3.1.1" in text or "6.3.2.2" in text


def test_provider_reaches_the_queues_of_its_own_youth_by_pseudonym(sign_in, live_site):
    """From "My offers" to the two queues: crisis stays and youth waiting for follow-up help,
    each youth by pseudonym only; a municipal officer is refused the list (counts only)."""
    page = sign_in("zorg.delinde")
    page.goto(f"{live_site}/supply/offers/")
    page.locator("main a[href$='/supply/queues/']").click()
    page.wait_for_url(re.compile(r".*/supply/queues/$"))
    assert page.locator("main h2").count() == 2
    assert page.locator("main table").count() == 2
    for cell in page.locator("main table tbody th[scope=row]").all():
        assert re.fullmatch(r"J-[A-Z0-9]{4}-[A-Z0-9]{4}", cell.inner_text().strip())
    officer = sign_in("gemeente.leeuwarden")
    response = officer.goto(f"{live_site}/supply/queues/")
    assert response.status == 403
