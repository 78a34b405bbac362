"""Writing without friction (issue 12), in the browser: contributions and decisions are saved
and edited in place without a page load, the keyboard goes speaker → text → save → next
speaker, previous/next item links; and the same forms still work without JavaScript."""

import re

from django.urls import reverse
from playwright.sync_api import Page, expect

from council.models import TextBlock
from minutes.models import AgendaItem, Attendance, Contribution, Decision


def log_in(page: Page, live_server, username: str = "sekretariat") -> None:
    page.goto(f"{live_server.url}{reverse('login')}")
    page.get_by_label("Benutzername").fill(username)
    page.get_by_label("Passwort").fill("demo")
    page.get_by_role("button", name="Anmelden").click()
    expect(page.get_by_role("button", name="Abmelden")).to_be_visible()


def count_page_loads(page: Page) -> list:
    loads = []
    page.on("load", lambda _page: loads.append(1))
    return loads


def test_contributions_are_written_with_the_keyboard_without_a_page_load(page: Page, live_server, draft_demo):
    item = draft_demo.agenda_items.get(number="3")
    before = item.contributions.count()
    log_in(page, live_server)
    page.goto(live_server.url + reverse("minutes:workspace_item", args=[item.pk]))
    loads = count_page_loads(page)
    speaker = page.locator("#new-contribution input[name=speaker_name]")
    expect(speaker).to_be_focused()
    for name, text in (("Herr Seigfried", "eröffnet die Aussprache."), ("Frau Müller", "ergänzt den Bericht.")):
        page.keyboard.type(name)
        page.keyboard.press("Tab")
        expect(page.locator("#new-contribution textarea")).to_be_focused()
        page.keyboard.type(text)
        page.keyboard.press("Control+Enter")
        expect(page.locator("#deliberation article").last).to_contain_text(text)
        expect(page.get_by_role("status")).to_have_text("Wortbeitrag gespeichert.")
        expect(speaker).to_be_focused()
        expect(speaker).to_have_value("")
    assert loads == []
    assert item.contributions.count() == before + 2
    assert item.contributions.last().text == "ergänzt den Bericht."

    # an unknown speaker comes back in place, with the typed text and the reason next to the field
    page.keyboard.type("Herr Unbekannt")
    page.keyboard.press("Tab")
    page.keyboard.type("sagt etwas.")
    page.keyboard.press("Control+Enter")
    expect(page.locator("#new-contribution .invalid-feedback")).to_contain_text("nicht auf der Anwesenheitsliste")
    expect(page.locator("#new-contribution textarea")).to_have_value("sagt etwas.")
    expect(speaker).to_be_focused()
    assert loads == []
    assert item.contributions.count() == before + 2


def test_a_contribution_and_a_decision_are_edited_and_added_in_place(page: Page, live_server, draft_demo):
    item = draft_demo.agenda_items.get(number="3")
    contribution = item.contributions.first()
    log_in(page, live_server)
    page.goto(live_server.url + reverse("minutes:workspace_item", args=[item.pk]))
    loads = count_page_loads(page)

    article = page.locator(f"#contribution-{contribution.pk}")
    article.get_by_role("link", name="Bearbeiten").click()
    expect(article.get_by_role("heading", name="Wortbeitrag bearbeiten")).to_be_visible()
    article.locator("textarea").fill("berichtet, nun in place geändert.")
    article.get_by_role("button", name="Wortbeitrag speichern").click()
    expect(page.locator(f"article#contribution-{contribution.pk}")).to_contain_text("nun in place geändert")
    assert Contribution.objects.get(pk=contribution.pk).text == "berichtet, nun in place geändert."

    decisions = page.locator("#decisions")
    decisions.locator("summary", has_text="Beschluss erfassen").click()
    decisions.get_by_label("Beschlusstext").fill("Der Beirat nimmt den Bericht zur Kenntnis.")
    decisions.get_by_label("Ja", exact=True).fill("5")
    decisions.get_by_label("Nein", exact=True).fill("0")
    decisions.get_by_label("Enthaltungen").fill("1")
    decisions.get_by_label("Enthaltungen").press("Control+Enter")
    expect(page.locator("#decisions article").last).to_contain_text("Der Beirat nimmt den Bericht zur Kenntnis.")
    expect(page.locator("#decisions [role=status]")).to_have_text("Beschluss gespeichert.")
    assert loads == []
    assert Decision.objects.filter(item=item, text="Der Beirat nimmt den Bericht zur Kenntnis.").exists()


def test_previous_and_next_item_links_walk_the_agenda(page: Page, live_server, draft_demo):
    items = list(draft_demo.agenda_items.all())
    log_in(page, live_server)
    page.goto(live_server.url + reverse("minutes:workspace_item", args=[items[0].pk]))
    expect(page.get_by_role("link", name=re.compile("^Vorheriger Punkt"))).to_have_count(0)
    page.get_by_role("link", name=f"Nächster Punkt: TOP {items[1].number} ›").click()
    expect(page.get_by_role("heading", level=2)).to_contain_text(items[1].title)
    page.get_by_role("link", name=f"‹ Vorheriger Punkt: TOP {items[0].number}").click()
    expect(page.get_by_role("heading", level=2)).to_contain_text(items[0].title)
    # the same with the keyboard: Alt+N, Alt+B
    page.keyboard.press("Alt+n")
    expect(page.get_by_role("heading", level=2)).to_contain_text(items[1].title)
    page.keyboard.press("Alt+b")
    expect(page.get_by_role("heading", level=2)).to_contain_text(items[0].title)
    page.goto(live_server.url + reverse("minutes:workspace_item", args=[items[-1].pk]))
    expect(page.get_by_role("link", name=re.compile("^Nächster Punkt"))).to_have_count(0)


def test_without_javascript_a_contribution_is_saved_by_an_ordinary_post(browser, live_server, draft_demo):
    item = draft_demo.agenda_items.get(number="3")
    before = item.contributions.count()
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    log_in(page, live_server)
    page.goto(live_server.url + reverse("minutes:workspace_item", args=[item.pk]))
    page.locator("#new-contribution input[name=speaker_name]").fill("Herr Seigfried")
    page.locator("#new-contribution textarea").fill("schließt die Aussprache.")
    with page.expect_navigation():
        page.get_by_role("button", name="Wortbeitrag speichern").click()
    expect(page.get_by_role("alert").or_(page.locator(".alert-success")).first).to_contain_text("gespeichert")
    expect(page.locator("#deliberation article").last).to_contain_text("schließt die Aussprache.")
    assert item.contributions.count() == before + 1
    context.close()


def test_a_text_block_of_the_body_is_inserted_at_the_cursor(page: Page, live_server, draft_demo):
    item = draft_demo.agenda_items.get(number="3")
    TextBlock.objects.create(body=draft_demo.body, title="Genehmigt", text="Die Niederschrift wird genehmigt.")
    log_in(page, live_server)
    page.goto(live_server.url + reverse("minutes:workspace_item", args=[item.pk]))
    page.keyboard.press("Tab")  # from the speaker (a paragraph without one) to the text
    page.keyboard.type("Nach kurzer Aussprache:")
    form = page.locator("#new-contribution form")
    form.locator("summary", has_text="Textbausteine").click()
    form.get_by_role("button", name="Genehmigt", exact=True).click()
    expect(form.locator("textarea")).to_have_value("Nach kurzer Aussprache: Die Niederschrift wird genehmigt.")
    expect(form.locator("textarea")).to_be_focused()
    page.keyboard.press("Control+Enter")
    expect(page.locator("#deliberation article").last).to_contain_text("Die Niederschrift wird genehmigt.")
    assert item.contributions.last().text == "Nach kurzer Aussprache: Die Niederschrift wird genehmigt."


def test_live_mode_records_times_queue_and_arrivals_in_place(page: Page, live_server, draft_demo):
    meeting = draft_demo
    item = meeting.agenda_items.get(number="3")
    AgendaItem.objects.filter(pk=item.pk).update(start_time=None, end_time=None)
    row = meeting.attendances.get(person__family_name="Manay")
    Attendance.objects.filter(pk=row.pk).update(arrival=None)
    log_in(page, live_server)
    page.goto(live_server.url + reverse("minutes:workspace_item", args=[item.pk]))
    loads = count_page_loads(page)
    live = page.locator("#live")

    live.get_by_role("button", name="Jetzt aufrufen").click()
    expect(live.locator(".item-called")).to_have_text(re.compile(r"\d"))
    item.refresh_from_db()
    assert item.start_time is not None

    # the queue in the order of requests; a note becomes the speaker's contribution
    for name, note in (("Herr Seigfried", "begrüßt die Gäste"), ("Frau Müller", "")):
        live.get_by_label("Redner/in").fill(name)
        live.get_by_label("Notiz", exact=True).fill(note)
        live.get_by_role("button", name="Auf die Redeliste").click()
        expect(page.locator("#live li[id^=request-]").last).to_contain_text(name)
    expect(page.locator("#live li[id^=request-]").first).to_contain_text("Herr Seigfried")
    page.locator("#live li[id^=request-]").first.get_by_role("button", name="Als Wortbeitrag speichern").click()
    expect(page.locator("#deliberation article").last).to_contain_text("begrüßt die Gäste")
    expect(page.locator("#live li[id^=request-]")).to_have_count(1)
    # a request without a note is refused with the reason, and stays
    page.locator("#live li[id^=request-]").first.get_by_role("button", name="Als Wortbeitrag speichern").click()
    expect(page.locator("#live [role=alert]")).to_contain_text("Schreiben Sie zuerst eine Notiz")
    expect(page.locator("#live li[id^=request-]")).to_have_count(1)
    assert item.contributions.filter(text="begrüßt die Gäste", speaker__family_name="Seigfried").exists()

    # a late arrival at the current time, one click
    page.locator("#live summary", has_text="Kommen und Gehen").click()
    manay = page.locator('#live li[data-person="Herr Manay"]')
    manay.get_by_role("button", name="Gekommen jetzt").click()
    expect(page.locator('#live li[data-person="Herr Manay"] .badge')).to_contain_text("ab ")
    row.refresh_from_db()
    assert row.arrival is not None

    live.get_by_role("button", name="Jetzt schließen").click()
    expect(live.locator(".item-closed")).to_have_text(re.compile(r"\d"))
    assert loads == []


def test_the_text_being_typed_is_kept_on_the_server_and_comes_back(page: Page, live_server, draft_demo):
    item = draft_demo.agenda_items.get(number="3")
    before = list(item.contributions.values_list("pk", "text"))
    log_in(page, live_server)
    page.goto(live_server.url + reverse("minutes:workspace_item", args=[item.pk]))
    page.keyboard.type("Frau Müller")
    page.keyboard.press("Tab")
    page.keyboard.type("berichtet über die Sprachkurse")
    expect(page.get_by_text("Entwurf auf dem Server gesichert.")).to_be_visible()
    assert list(item.contributions.values_list("pk", "text")) == before  # nothing saved as a contribution

    # another browser (a new tab after a crash, another computer): the draft is in the form
    other = page.context.browser.new_context()
    again = other.new_page()
    log_in(again, live_server)
    again.goto(live_server.url + reverse("minutes:workspace_item", args=[item.pk]))
    expect(again.locator("#new-contribution textarea")).to_have_value("berichtet über die Sprachkurse")
    expect(again.locator("#new-contribution input[name=speaker_name]")).to_have_value("Frau Müller")
    expect(again.get_by_role("status")).to_contain_text("noch nicht als Wortbeitrag gespeichert")
    again.locator("#new-contribution textarea").press("Control+Enter")
    expect(again.locator("#deliberation article").last).to_contain_text("berichtet über die Sprachkurse")
    again.goto(live_server.url + reverse("minutes:workspace_item", args=[item.pk]))
    expect(again.locator("#new-contribution textarea")).to_have_value("")
    other.close()
