"""The agenda from what exists (issue 12): pasted from the invitation with a preview before
anything is created, taken over from the previous meeting, and the item approving the last
protocol where the body wants one."""

import datetime
import html

import pytest
from django.urls import reverse

from minutes.drafting import services as drafting
from minutes.drafting.agenda_text import agenda_as_text, parse_agenda
from minutes.exceptions import DraftingError

INVITATION = """Tagesordnung:
Öffentlicher Teil
1. Begrüßung und Feststellung der Beschlussfähigkeit
2. Haushalt 2025
2.1 Bericht der Verwaltung über den Stand
   der Beratungen
TOP 3: Anfragen
Nichtöffentlicher Teil
4. Personalangelegenheiten
"""


def page(response) -> str:
    return html.unescape(response.content.decode())


def test_the_invitations_agenda_is_read_with_sub_items_wrapped_titles_and_the_non_public_part():
    parsed = parse_agenda(INVITATION)
    assert [(i.number, i.title, i.public) for i in parsed.items] == [
        ("1", "Begrüßung und Feststellung der Beschlussfähigkeit", True),
        ("2", "Haushalt 2025", True),
        ("2.1", "Bericht der Verwaltung über den Stand der Beratungen", True),
        ("3", "Anfragen", True),
        ("4", "Personalangelegenheiten", False),
    ]
    assert parsed.ignored == ["Tagesordnung:"]


@pytest.mark.parametrize(
    "line",
    ["5. Grundstücke (nichtöffentlich)", "5) Grundstücke – nicht öffentlich –", "TOP 5 Grundstücke [nichtöffentlich]"],
)
def test_nichtoeffentlich_after_a_title_makes_that_item_non_public(line):
    (item,) = parse_agenda(line).items
    assert (item.number, item.title, item.public) == ("5", "Grundstücke", False)


def test_an_agenda_written_as_text_reads_back_the_same():
    parsed = parse_agenda(INVITATION).items
    assert [(i.number, i.title, i.public) for i in parse_agenda(agenda_as_text(parsed)).items] == [
        (i.number, i.title, i.public) for i in parsed
    ]


def paste_url(meeting):
    return reverse("minutes:workspace_agenda_paste", args=[meeting.pk])


def test_the_preview_creates_nothing_and_confirming_creates_every_item(secretary_client, meeting):
    meeting.agenda_items.all().delete()
    response = secretary_client.post(paste_url(meeting), {"text": INVITATION, "preview": "1"})
    text = page(response)
    assert response.status_code == 200
    assert "Vorschau: Es wird nichts angelegt, bevor Sie bestätigen." in text
    assert "Bericht der Verwaltung über den Stand der Beratungen" in text
    assert not meeting.agenda_items.exists()

    previewed = response.context["previewed"]
    response = secretary_client.post(paste_url(meeting), {"text": INVITATION, "create": "1", "previewed": previewed})
    assert response.status_code == 302
    items = list(meeting.agenda_items.order_by("order").values_list("number", "public"))
    assert items == [("1", True), ("2", True), ("2.1", True), ("3", True), ("4", False)]


def test_a_text_changed_after_the_preview_is_previewed_again(secretary_client, meeting):
    meeting.agenda_items.all().delete()
    previewed = secretary_client.post(paste_url(meeting), {"text": INVITATION}).context["previewed"]
    response = secretary_client.post(
        paste_url(meeting), {"text": INVITATION + "5. Verschiedenes", "create": "1", "previewed": previewed}
    )
    assert response.status_code == 200 and "Verschiedenes" in page(response)
    assert not meeting.agenda_items.exists()


def test_a_number_already_used_refuses_the_whole_agenda_and_keeps_the_text(secretary_client, meeting):
    # The meeting has item 1 “Hallenbelegung”.
    response = secretary_client.post(paste_url(meeting), {"text": INVITATION})
    text = page(response)
    assert "Die Punktnummer 1 ist in dieser Sitzung schon vergeben." in text
    assert "Punkte anlegen" not in text  # no button to create
    assert "Haushalt 2025" in text and meeting.agenda_items.count() == 1


def test_the_service_creates_all_or_none(council, meeting):
    parsed = parse_agenda("2. Neu\n1. Schon da")  # item 1 is “Hallenbelegung”
    with pytest.raises(DraftingError, match="Punktnummer 1"):
        drafting.add_agenda_items(meeting, by=council.users.secretary, parsed=parsed.items)
    assert meeting.agenda_items.count() == 1


def test_nothing_numbered_is_said(secretary_client, meeting):
    response = secretary_client.post(paste_url(meeting), {"text": "Liebe Mitglieder,\nich lade ein."})
    assert response.status_code == 400
    assert "Keine nummerierten Punkte gefunden" in page(response)


def test_the_previous_meetings_agenda_is_taken_over_after_a_preview(secretary_client, council, meeting):
    drafting.add_agenda_item(meeting, by=council.users.secretary, number="2", title="Personal", public=False)
    later = drafting.start_meeting(council.body, by=council.users.secretary, number=8, date=datetime.date(2024, 4, 11))
    agenda = page(secretary_client.get(reverse("minutes:workspace_agenda", args=[later.pk])))
    assert "Tagesordnung der Sitzung 7 (14.03.2024) übernehmen" in agenda

    response = secretary_client.post(paste_url(later), {"previous": "1"})
    assert "Hallenbelegung" in page(response) and not later.agenda_items.exists()
    secretary_client.post(
        paste_url(later),
        {
            "text": response.context["paste_form"].data["text"],
            "create": "1",
            "previewed": response.context["previewed"],
        },
    )
    assert list(later.agenda_items.values_list("number", "title", "public")) == [
        ("1", "Hallenbelegung", True),
        ("2", "Personal", False),
    ]


def test_the_body_that_wants_it_starts_each_agenda_with_the_approval_of_the_last_protocol(council, meeting):
    council.body.agenda_approves_last_protocol = True
    council.body.save()
    later = drafting.start_meeting(council.body, by=council.users.secretary, number=8, date=datetime.date(2024, 4, 11))
    assert list(later.agenda_items.values_list("number", "title")) == [
        ("1", "Genehmigung des Protokolls der letzten Sitzung")
    ]
    # Taking over the previous agenda that has it too leaves it out: it is there already.
    drafting.add_agenda_item(later, by=council.users.secretary, number="2", title="Hallen")
    even_later = drafting.start_meeting(
        council.body, by=council.users.secretary, number=9, date=datetime.date(2024, 5, 16)
    )
    planned = drafting.plan_agenda(even_later, parse_agenda(agenda_as_text(later.agenda_items.all())).items)
    assert [(row.number, row.note) for row in planned] == [("1", "schon auf der Tagesordnung"), ("2", "")]


def test_the_first_meeting_or_a_body_without_the_wish_gets_no_such_item(council):
    council.body.agenda_approves_last_protocol = True
    council.body.save()
    first = drafting.start_meeting(council.body, by=council.users.secretary, number=1, date=datetime.date(2024, 1, 1))
    assert not first.agenda_items.exists()
    council.body.agenda_approves_last_protocol = False
    council.body.save()
    second = drafting.start_meeting(council.body, by=council.users.secretary, number=2, date=datetime.date(2024, 2, 1))
    assert not second.agenda_items.exists()


def test_the_same_text_with_the_browsers_line_ends_is_the_one_previewed(secretary_client, meeting):
    meeting.agenda_items.all().delete()
    previewed = secretary_client.post(paste_url(meeting), {"previous": "1"})  # nothing earlier: no items
    assert previewed.status_code == 400
    text = "1. Begrüßung\n2. Anfragen"
    previewed = secretary_client.post(paste_url(meeting), {"text": text}).context["previewed"]
    response = secretary_client.post(
        paste_url(meeting), {"text": text.replace("\n", "\r\n"), "create": "1", "previewed": previewed}
    )
    assert response.status_code == 302 and meeting.agenda_items.count() == 2
