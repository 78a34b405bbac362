"""The working pages in a real browser: the drafting workspace and the approval pages have
unique ids, every label names its own field, and axe-core finds no serious or critical
WCAG 2.1 AA violations (as the portal, tests/e2e/test_portal_a11y.py)."""

import json

from django.urls import reverse
from playwright.sync_api import Page, expect

from tests.e2e.test_portal_a11y import axe_violations

DUPLICATE_IDS = """() => {
    const seen = {};
    document.querySelectorAll('[id]').forEach(el => { seen[el.id] = (seen[el.id] || 0) + 1; });
    return Object.keys(seen).filter(id => seen[id] > 1);
}"""


def log_in(page: Page, live_server, username: str) -> None:
    page.goto(f"{live_server.url}{reverse('login')}")
    page.get_by_label("Benutzername").fill(username)
    page.get_by_label("Passwort").fill("demo")
    page.get_by_role("button", name="Anmelden").click()
    expect(page.get_by_role("button", name="Abmelden")).to_be_visible()


def assert_accessible(page: Page) -> None:
    assert page.evaluate(DUPLICATE_IDS) == [], page.url
    serious = [v for v in axe_violations(page) if v["impact"] in ("serious", "critical")]
    assert not serious, page.url + "\n" + json.dumps(serious, indent=2, ensure_ascii=False)


def test_the_label_resolution_text_puts_the_cursor_into_the_decision(page: Page, live_server, draft_demo):
    item = draft_demo.agenda_items.get(number="3")
    log_in(page, live_server, "sekretariat")
    page.goto(live_server.url + reverse("minutes:workspace_item", args=[item.pk]))
    page.locator("#decisions summary", has_text="Beschluss erfassen").click()
    page.locator("#decisions label", has_text="Beschlusstext").click()
    expect(page.locator("#decisions textarea")).to_be_focused()
    page.locator("#new-contribution label", has_text="Text").first.click()
    expect(page.locator("#new-contribution textarea")).to_be_focused()
    expect(page.get_by_role("textbox", name="Beschlusstext")).to_have_count(1)


def test_workspace_pages_are_accessible(page: Page, live_server, draft_demo):
    meeting = draft_demo
    item = meeting.agenda_items.get(number="3")
    contribution = item.contributions.first()
    decision = meeting.agenda_items.filter(decisions__isnull=False).first().decisions.first()
    log_in(page, live_server, "sekretariat")
    for name, args in (
        ("workspace_home", []),
        ("workspace_meeting", [meeting.pk]),
        ("workspace_attendance", [meeting.pk]),
        ("workspace_agenda", [meeting.pk]),
        ("workspace_item", [item.pk]),
        ("workspace_contribution", [contribution.pk]),
        ("workspace_decision", [decision.pk]),
        ("workspace_attachments", [meeting.pk]),
        ("workspace_history", [meeting.pk]),
        ("approval_awaiting", []),
        ("approval_review", [meeting.pk]),
    ):
        page.goto(live_server.url + reverse(f"minutes:{name}", args=args))
        if name.startswith("workspace"):
            assert page.locator("h1").count() == 1, page.url
        assert_accessible(page)


def test_approval_page_of_the_chair_is_accessible(page: Page, live_server, submitted):
    log_in(page, live_server, "vorsitz")
    page.goto(live_server.url + reverse("minutes:approval_review", args=[submitted.pk]))
    expect(page.get_by_role("heading", name="Unterschreiben als Vorsitzender")).to_be_visible()
    assert_accessible(page)
    page.goto(live_server.url + reverse("minutes:approval_awaiting"))
    assert_accessible(page)
