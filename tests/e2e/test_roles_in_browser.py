"""End to end, in headless Chromium: what each role can and cannot see."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.e2e


def youth_links(page) -> list[str]:
    """Pseudonyms on the youth list (the links to the files)."""
    return [
        link.get_attribute("href").rstrip("/").rsplit("/", 1)[-1]
        for link in page.locator("main table a[href^='/youth/J-']").all()
    ]


def test_protector_sees_own_youth_but_not_another_gis(sign_in, live_site):
    """A protector opens a file assigned to them; a file of another GI answers 404."""
    utrecht = sign_in("jb.utrecht")
    utrecht.goto(f"{live_site}/youth/")
    foreign = youth_links(utrecht)[0]

    page = sign_in("jb.friesland")
    page.goto(f"{live_site}/youth/")
    own = youth_links(page)
    assert own
    assert foreign not in own
    page.goto(f"{live_site}/youth/{own[0]}/")
    assert page.locator("h1").inner_text().strip()
    assert own[0] in page.locator("main").inner_text()

    response = page.goto(f"{live_site}/youth/{foreign}/")
    assert response.status == 404


def test_provider_staff_see_only_youth_with_their_organisation(sign_in, live_site):
    """Provider staff see referred or placed youth only; the access log is not theirs."""
    page = sign_in("zorg.delinde")
    page.goto(f"{live_site}/youth/")
    provider_youth = set(youth_links(page))
    protector = sign_in("jb.friesland")
    protector.goto(f"{live_site}/youth/")
    protector_youth = set(youth_links(protector))
    assert provider_youth
    assert provider_youth != protector_youth
    not_referred = sorted(protector_youth - provider_youth)[0]
    assert page.goto(f"{live_site}/youth/{not_referred}/").status == 404
    assert page.locator("nav.main-nav a[href='/access-log/']").count() == 0
    assert page.goto(f"{live_site}/access-log/").status == 403


def test_municipal_officer_sees_aggregates_only(sign_in, live_site):
    page = sign_in("gemeente.leeuwarden")
    assert page.locator("nav.main-nav a[href='/youth/']").count() == 0
    assert page.locator("figure.chart svg").count() == 1
    assert page.locator("section.aggregates table tbody tr").count() == 11
    assert page.goto(f"{live_site}/youth/").status == 403


def test_a_read_in_the_browser_appears_in_the_access_log(sign_in, live_site):
    """The responsible officer sees who opened the file, with role, purpose and outcome."""
    protector = sign_in("jb.friesland")
    protector.goto(f"{live_site}/youth/")
    pseudonym = youth_links(protector)[-1]
    protector.goto(f"{live_site}/youth/{pseudonym}/")

    officer = sign_in("beheer.friesland")
    officer.goto(f"{live_site}/access-log/")
    officer.fill("#id_pseudonym", pseudonym)
    officer.click("main button.primary")
    rows = officer.locator("main table tbody tr").all_inner_texts()
    views = [row for row in rows if "jb.friesland" in row and "protector" in row]
    assert views, rows
    assert any("gi-friesland" in row for row in views)


def test_keyboard_and_labels(sign_in, live_site):
    """The skip link is the first stop for the keyboard, and every visible field has a label."""
    page = sign_in("tl.friesland")
    page.goto(f"{live_site}/youth/register/")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip-link"
    unlabelled = page.evaluate(
        """[...document.querySelectorAll('input:not([type=hidden]), select, textarea')]
           .filter(el => !(el.id && document.querySelector(`label[for="${el.id}"]`)))
           .map(el => el.name)"""
    )
    assert unlabelled == []


def test_dutch_by_default_english_on_request(sign_in, live_site):
    page = sign_in("tl.friesland")
    assert page.locator("html").get_attribute("lang") == "nl"
    assert "Uitloggen" in page.locator("header").inner_text()
    page.select_option("#language", "en")
    page.click("footer button")
    assert page.locator("html").get_attribute("lang") == "en"
    assert "Log out" in page.locator("header").inner_text()
