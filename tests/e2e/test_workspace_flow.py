"""In the browser: the workflow from the workspace — submit from the “Freigabe” tab in the same
browser tab, the chair comments next to an item, the signed protocol waits on the workspace
home, the secretariat is told by email and publishes."""

import re

from django.core import mail
from django.urls import reverse
from playwright.sync_api import Page, expect

from minutes.models import Meeting


def log_in(page: Page, live_server, username: str, next_url: str) -> None:
    page.context.clear_cookies()
    page.goto(f"{live_server.url}{reverse('login')}?next={next_url}")
    page.get_by_label("Benutzername").fill(username)
    page.get_by_label("Passwort").fill("demo")
    page.get_by_role("button", name="Anmelden").click()
    expect(page.get_by_role("heading", level=1).first).to_be_visible()


def test_submit_from_the_workspace_review_next_to_the_item_sign_and_publish_from_the_home(
    page: Page, live_server, draft_demo
):
    meeting = draft_demo
    workspace = reverse("minutes:workspace_agenda", args=[meeting.pk])

    # The secretary opens the "Freigabe" tab of the workspace: same browser tab, complete.
    log_in(page, live_server, "sekretariat", workspace)
    page.get_by_role("link", name="Freigabe", exact=True).click()
    expect(page.get_by_text("Das Protokoll ist vollständig.")).to_be_visible()
    assert len(page.context.pages) == 1
    page.get_by_role("button", name="Zur Freigabe einreichen").click()
    expect(page.get_by_role("alert").first).to_contain_text("Das Protokoll wurde zur Freigabe eingereicht.")
    expect(page.locator(".protocol-status")).to_have_text("Zur Freigabe vorgelegt")
    assert page.url.endswith(reverse("minutes:workspace_approval", args=[meeting.pk]))

    # The chair writes the comment in the box below TOP 3 itself.
    top3 = meeting.agenda_items.get(number="3")
    log_in(page, live_server, "vorsitz", reverse("minutes:approval_review", args=[meeting.pk]))
    page.locator(f"#top-{top3.pk}").get_by_label(re.compile("Anmerkung zu TOP 3")).fill("Bitte den Namen prüfen.")
    page.get_by_role("button", name="Zurück an das Sekretariat").click()
    expect(page.locator(".timeline-event[data-action=commented]")).to_contain_text("Bitte den Namen prüfen.")

    # Submitted again from the tab, then signed by both.
    log_in(page, live_server, "sekretariat", reverse("minutes:workspace_approval", args=[meeting.pk]))
    page.get_by_role("button", name="Zur Freigabe einreichen").click()
    expect(page.locator(".protocol-status")).to_have_text("Zur Freigabe vorgelegt")
    mail.outbox.clear()
    for username in ("vorsitz", "geschaeftsfuehrung"):
        log_in(page, live_server, username, reverse("minutes:approval_review", args=[meeting.pk]))
        page.get_by_label("Mit Ihrem Passwort bestätigen").fill("demo")
        page.get_by_role("button", name="Unterschreiben").click()
        expect(page.get_by_role("alert").first).to_contain_text("Ihre Unterschrift wurde erfasst.")
    assert any(m.to == ["sekretariat@example.org"] and "zu veröffentlichen" in m.subject for m in mail.outbox)

    # The workspace home lists it as signed, to be published; one click leads to "Veröffentlichen".
    log_in(page, live_server, "sekretariat", reverse("minutes:workspace_home"))
    section = page.locator("section", has=page.get_by_role("heading", name="Unterschrieben – zu veröffentlichen"))
    section.get_by_role("link").click()
    page.get_by_role("button", name="Veröffentlichen").click()
    expect(page.get_by_role("alert").first).to_contain_text("veröffentlicht")
    assert Meeting.objects.get(pk=meeting.pk).status == Meeting.Status.PUBLISHED
    page.goto(f"{live_server.url}{reverse('minutes:workspace_home')}")
    expect(page.get_by_role("heading", name="Unterschrieben – zu veröffentlichen")).to_have_count(0)
