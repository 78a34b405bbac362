"""The Content-Security-Policy holds in a real browser: no page the roles open breaks it.

Every browser test fails on a CSP violation (the ``page`` fixture of tests/conftest.py);
this one walks the pages of each role, the admin included, with the policy in force.
"""

from django.urls import reverse
from playwright.sync_api import Page, expect

from tests.conftest import PASSWORD


def log_in(page: Page, live_server, username: str) -> None:
    page.context.clear_cookies()
    page.goto(f"{live_server.url}{reverse('login')}")
    page.get_by_label("Benutzername").fill(username)
    page.get_by_label("Passwort").fill(PASSWORD)
    page.get_by_role("button", name="Anmelden").click()
    expect(page.get_by_role("heading", level=1).first).to_be_visible()


def visit(page: Page, live_server, *urls: str) -> None:
    for url in urls:
        response = page.goto(live_server.url + url)
        assert response.status < 400, url
        assert "script-src 'self'" in response.headers["content-security-policy"]
        assert "unsafe-inline" not in response.headers["content-security-policy"]
        assert "camera=()" in response.headers["permissions-policy"]
        page.wait_for_load_state("networkidle")


def test_no_page_of_any_role_violates_the_policy(page: Page, live_server, draft_demo):
    meeting = draft_demo
    item = meeting.agenda_items.get(number="3")
    contribution = item.contributions.first()
    person = meeting.chair

    visit(page, live_server, "/", "/meetings/")
    visit(page, live_server, "/search/?q=Integration", "/people/", reverse("login"))

    log_in(page, live_server, "sekretariat")
    visit(
        page,
        live_server,
        reverse("minutes:workspace_home"),
        reverse("minutes:workspace_meeting", args=[meeting.pk]),
        reverse("minutes:workspace_attendance", args=[meeting.pk]),
        reverse("minutes:workspace_agenda", args=[meeting.pk]),
        reverse("minutes:workspace_item", args=[item.pk]),
        reverse("minutes:workspace_contribution", args=[contribution.pk]),
        reverse("minutes:workspace_history", args=[meeting.pk]),
        reverse("minutes:approval_review", args=[meeting.pk]),
        meeting.get_absolute_url(),
        f"/people/{person.pk}/",
        reverse("admin:index"),
        reverse("admin:minutes_meeting_change", args=[meeting.pk]),
        reverse("admin:minutes_agendaitem_change", args=[item.pk]),
        reverse("admin:minutes_contribution_changelist"),
    )
    # The admin's autocomplete (select2) opens without breaking the policy.
    page.goto(live_server.url + reverse("admin:minutes_contribution_change", args=[contribution.pk]))
    page.locator(".select2-selection").first.click()
    page.wait_for_load_state("networkidle")

    log_in(page, live_server, "vorsitz")
    visit(
        page,
        live_server,
        reverse("minutes:approval_awaiting"),
        reverse("minutes:approval_review", args=[meeting.pk]),
        reverse("minutes:two_factor"),
        reverse("minutes:two_factor_setup"),  # the QR code is an inline SVG, not a script or a style
    )

    log_in(page, live_server, "admin")
    visit(
        page,
        live_server,
        reverse("admin:council_body_changelist"),
        reverse("admin:council_body_change", args=[meeting.body.pk]),
        reverse("admin:council_person_change", args=[person.pk]),
        reverse("admin:council_membership_add"),
        reverse("admin:axes_accessattempt_changelist"),
        reverse("admin:otp_totp_totpdevice_changelist"),
    )


def test_a_violation_fails_the_browser_tests(page: Page, live_server, db, csp_violations):
    """The guard itself: a style attribute set on a page of the site is reported."""
    page.goto(live_server.url + "/")
    page.evaluate("document.body.setAttribute('style', 'color: red')")
    page.wait_for_timeout(200)
    assert csp_violations
    csp_violations.clear()  # expected here; the fixture would fail the test otherwise
