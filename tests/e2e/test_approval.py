"""In the browser: submit, request a change on TOP 3, fix it, resubmit, sign twice, download what was signed."""

import io
import re

from django.urls import reverse
from playwright.sync_api import Page, expect
from pypdf import PdfReader

from minutes.models import Contribution, Meeting, ProtocolDocument


def log_in(page: Page, live_server, username: str, next_url: str) -> None:
    page.context.clear_cookies()
    page.goto(f"{live_server.url}{reverse('login')}?next={next_url}")
    page.get_by_label("Benutzername").fill(username)
    page.get_by_label("Passwort").fill("demo")
    page.get_by_role("button", name="Anmelden").click()
    expect(page.get_by_role("heading", level=1).first).to_be_visible()


def test_secretary_submits_chair_requests_a_change_both_sign_and_the_pdf_is_what_was_signed(
    page: Page, live_server, draft_demo
):
    meeting = draft_demo
    approval = reverse("minutes:approval_review", args=[meeting.pk])
    top3 = meeting.agenda_items.get(number="3")

    # The secretary submits the demo protocol.
    log_in(page, live_server, "sekretariat", approval)
    expect(page.get_by_text("Das Protokoll ist vollständig.")).to_be_visible()
    page.get_by_role("button", name="Zur Freigabe einreichen").click()
    expect(page.get_by_role("alert")).to_contain_text("Das Protokoll wurde zur Freigabe eingereicht.")

    # The chair reads it and requests a change on TOP 3.
    log_in(page, live_server, "vorsitz", approval)
    expect(page.get_by_role("heading", name="Unterschreiben als Vorsitzender")).to_be_visible()
    page.get_by_label(re.compile("Anmerkung zu TOP 3")).fill("Bitte „Bildungskordinatorin“ korrigieren.")
    page.get_by_role("button", name="Zurück an das Sekretariat").click()
    expect(page.get_by_role("alert")).to_contain_text("zurück an das Sekretariat")
    expect(page.locator(".timeline-event[data-action=commented]")).to_contain_text("Bildungskordinatorin")

    # The secretary fixes it where the comment points (the admin, until the workspace lands) …
    log_in(page, live_server, "sekretariat", reverse("admin:minutes_agendaitem_change", args=[top3.pk]))
    contribution = top3.contributions.get(speaker_prefix="Die Bildungskordinatorin")
    index = list(top3.contributions.values_list("pk", flat=True)).index(contribution.pk)
    page.locator(f"input[name='contributions-{index}-speaker_prefix']").fill("Die Bildungskoordinatorin")
    page.locator("input[name='_save']").click()
    expect(page.locator(".messagelist")).to_be_visible()
    assert Contribution.objects.get(pk=contribution.pk).speaker_prefix == "Die Bildungskoordinatorin"

    # … and submits again.
    page.goto(f"{live_server.url}{approval}")
    page.get_by_role("button", name="Zur Freigabe einreichen").click()
    expect(page.get_by_role("alert")).to_contain_text("Das Protokoll wurde zur Freigabe eingereicht.")

    # The chair and the manager sign, each confirming their password.
    log_in(page, live_server, "vorsitz", approval)
    page.get_by_label("Mit Ihrem Passwort bestätigen").fill("demo")
    page.get_by_role("button", name="Unterschreiben").click()
    expect(page.get_by_role("alert")).to_have_text("Ihre Unterschrift wurde erfasst.")

    log_in(page, live_server, "geschaeftsfuehrung", approval)
    expect(page.get_by_role("heading", name="Unterschreiben als Vorsitzender")).to_have_count(0)
    page.get_by_label("Mit Ihrem Passwort bestätigen").fill("demo")
    page.get_by_role("button", name="Unterschreiben").click()
    expect(page.get_by_role("alert")).to_contain_text("festgeschrieben")
    expect(page.locator(".protocol-status")).to_have_text("Unterschrieben")

    # The downloaded PDF is the stored one, byte for byte, with both signatures.
    page.goto(f"{live_server.url}{meeting.get_absolute_url()}")
    with page.expect_download() as download_info:
        page.get_by_role("link", name="PDF herunterladen", exact=True).click()
    with open(download_info.value.path(), "rb") as file:
        downloaded = file.read()
    stored = ProtocolDocument.objects.get(meeting=meeting, variant="public")
    assert downloaded == bytes(stored.pdf)
    text = re.sub(r"\s+", " ", " ".join(p.extract_text() for p in PdfReader(io.BytesIO(downloaded)).pages))
    assert "Elektronisch unterzeichnet von Konrad Seigfried als Vorsitzender" in text
    assert "Elektronisch unterzeichnet von Anne Kathrin Müller als Geschäftsführung" in text
    assert "Die Bildungskoordinatorin" in text
    assert Meeting.objects.get(pk=meeting.pk).status == Meeting.Status.SIGNED
