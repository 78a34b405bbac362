"""Browser tests: an attachment uploaded in the workspace and downloaded from the protocol;
a roster imported from CSV and a login handed over by its set-password link."""

import re
from urllib.parse import urlsplit

from django.core import mail
from playwright.sync_api import Page, expect

from council.models import Membership, Person
from minutes.models import Attachment, Meeting
from tests.e2e.test_drafting import log_in
from tests.files import pdf_bytes


def test_the_secretariat_uploads_an_attachment_that_readers_of_the_draft_can_download(
    page: Page, live_server, draft_demo
):
    draft = Meeting.objects.get(body=draft_demo.body, number=2)
    item = draft.agenda_items.order_by("order").first()
    content = pdf_bytes("Haushaltsplan 2018 der Stadt")  # Anlage 2: the demo's meeting 2 has one
    log_in(page, live_server.url)
    page.goto(f"{live_server.url}/workspace/items/{item.pk}/")
    page.locator("summary", has_text="Anlage zu diesem Tagesordnungspunkt hinzufügen").click()
    page.locator("#attachments input[type=file]").set_input_files(
        files=[{"name": "Haushaltsplan.pdf", "mimeType": "application/pdf", "buffer": content}]
    )
    page.locator("#attachments input[name=attachment-title]").fill("Haushaltsplan 2018")
    page.get_by_role("button", name="Anlage hochladen").click()
    expect(page.locator(".alert-success")).to_contain_text("Als Anlage 2 gespeichert: Haushaltsplan 2018.")
    expect(page.locator("#attachments")).to_contain_text("Anlage 2: Haushaltsplan 2018")

    page.goto(f"{live_server.url}/meetings/{draft.pk}/")
    link = page.locator(".agenda-item .item-attachments a", has_text="Anlage 2: Haushaltsplan 2018")
    expect(link).to_be_visible()
    stored = Attachment.objects.get(title="Haushaltsplan 2018")
    expect(page.locator("section.attachments")).to_contain_text(stored.file.sha256)
    with page.expect_download() as download:
        link.click()
    assert download.value.suggested_filename == "Haushaltsplan.pdf"
    with open(download.value.path(), "rb") as handle:
        assert handle.read() == content

    href = link.get_attribute("href")
    page.get_by_role("button", name="Abmelden").click()
    response = page.request.get(f"{live_server.url}{href}")
    assert response.status == 404  # a draft's attachment is not for anonymous visitors


def test_the_secretariat_imports_a_roster_and_hands_over_a_login(page: Page, live_server, draft_demo):
    log_in(page, live_server.url)
    page.get_by_role("link", name="Entwürfe").click()
    page.get_by_role("link", name="Mitgliederliste: Integrationsbeirat").click()
    page.get_by_role("link", name="Aus einer CSV-Datei importieren oder aktualisieren").click()

    page.get_by_label("… oder die Tabelle als Text").fill(
        "Name;Anrede;Gruppe;Zugehörigkeit;E-Mail\n"
        "Dr. Klaus Behnck;Herr;Stimmberechtigte Mitglieder;SPD;k.behnck@example.org\n"
        "Vera Voss;Frau;Zuschauer;CDU;\n"
    )
    page.get_by_role("button", name="Prüfen (Vorschau)").click()
    expect(page.locator("tr#line-3")).to_contain_text("„Zuschauer“ ist keine Gruppe, die dieses Gremium kennt.")
    expect(page.get_by_role("button", name="Importieren wie in der Vorschau")).to_have_count(0)
    assert not Person.objects.filter(family_name="Behnck").exists()

    text = page.get_by_label("… oder die Tabelle als Text")
    text.fill(text.input_value().replace("Zuschauer", "Beratende Mitglieder"))
    page.get_by_role("button", name="Prüfen (Vorschau)").click()
    expect(page.locator("tr#line-2")).to_contain_text("neu")
    page.get_by_role("button", name="Importieren wie in der Vorschau").click()
    expect(page.locator(".alert-success")).to_contain_text("Mitgliederliste importiert: 2 neu")
    voss = Membership.objects.get(person__family_name="Voss")
    assert (voss.role, voss.voting_right, voss.affiliation) == ("advisory", False, "CDU")

    behnck = page.locator("tr", has_text="Herr Dr. Behnck")
    behnck.get_by_role("link", name="Login anlegen").click()
    expect(page.get_by_label("Login-Name")).to_have_value("kbehnck")
    expect(page.get_by_label("E-Mail")).to_have_value("k.behnck@example.org")
    page.get_by_role("button", name="Login anlegen und Link senden").click()
    expect(page.locator(".alert-success")).to_contain_text("Login „kbehnck“ für Herr Dr. Behnck angelegt.")
    page.get_by_role("button", name="Abmelden").click()

    link = re.search(r"https?://\S+/password/set/\S+/", mail.outbox[-1].body).group(0)
    page.goto(live_server.url + urlsplit(link).path)
    expect(page.get_by_text("Ihr Login-Name ist „kbehnck“.")).to_be_visible()
    page.fill("input[name=new_password1]", "Ratssaal-Fenster-7")
    page.fill("input[name=new_password2]", "Ratssaal-Fenster-7")
    page.get_by_role("button", name="Passwort setzen").click()
    expect(page.get_by_text("Ihr Passwort ist gesetzt.")).to_be_visible()
    page.goto(f"{live_server.url}/login/")
    page.fill("input[name=username]", "kbehnck")
    page.fill("input[name=password]", "Ratssaal-Fenster-7")
    page.get_by_role("button", name="Anmelden").click()
    expect(page.get_by_role("button", name="Abmelden")).to_be_visible()
