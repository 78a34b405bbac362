"""The Django admin writes a draft's content through the drafting services, like the workspace:
the same rules and messages, revisions and conflicts, history entries with the user."""

import datetime
import html
import io

import pytest
from django.contrib.auth.models import Permission, User
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from PIL import Image

from council.models import Body, Membership, Person
from minutes.drafting import services as drafting
from minutes.models import AgendaItem, Contribution, Decision, Figure, Meeting
from tests.factories import body_group

VOTES_REFUSED = "5 Stimmen, aber bei TOP 1 waren nur 4 stimmberechtigte Mitglieder anwesend."
CONFLICT = "Jemand anderes hat dies inzwischen gespeichert."


def page(response) -> str:
    return html.unescape(response.content.decode())


def form_data(response) -> dict:
    """What the browser would post back from an admin add or change page, untouched."""
    data = {}

    def add(form):
        for bound in form:
            value = bound.value()
            if value is None or value is False:
                continue
            data[bound.html_name] = "on" if value is True else value

    add(response.context["adminform"].form)
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        add(formset.management_form)
        for form in formset.forms:
            add(form)
    return data


@pytest.fixture
def admin_client(council) -> Client:
    client = Client()
    client.force_login(council.users.superuser)
    return client


@pytest.fixture
def item(meeting) -> AgendaItem:
    return meeting.agenda_items.get()


@pytest.fixture
def contribution(council, item) -> Contribution:
    return drafting.add_contribution(
        item, by=council.users.secretary, speaker=council.people.alpha, text="Erste Fassung."
    )


# ------------------------------------------------------------------ revisions and conflicts


def test_an_admin_edit_makes_an_older_workspace_save_a_conflict_that_shows_both_texts(
    secretary_client, admin_client, council, contribution
):
    workspace_url = reverse("minutes:workspace_contribution", args=[contribution.pk])
    opened = secretary_client.get(workspace_url).context["form"]["revision"].value()

    admin_url = reverse("admin:minutes_contribution_change", args=[contribution.pk])
    data = form_data(admin_client.get(admin_url))
    data["text"] = "Im Admin berichtigt."
    assert admin_client.post(admin_url, data).status_code == 302
    contribution.refresh_from_db()
    assert (contribution.text, contribution.revision) == ("Im Admin berichtigt.", 2)

    response = secretary_client.post(
        workspace_url, {"speaker_name": "Frau Alpha", "text": "Im Arbeitsbereich geschrieben.", "revision": opened}
    )
    assert response.status_code == 409
    text = page(response)
    assert CONFLICT in text
    assert "Im Admin berichtigt." in text  # theirs
    assert "Im Arbeitsbereich geschrieben." in text  # mine, still in the form
    assert Contribution.objects.get(pk=contribution.pk).text == "Im Admin berichtigt."


def test_a_stale_admin_save_is_refused_and_names_what_was_saved_meanwhile(
    admin_client, council, item, secretary_client
):
    url = reverse("admin:minutes_agendaitem_change", args=[item.pk])
    data = form_data(admin_client.get(url))
    drafting.save_agenda_item(item, by=council.users.secretary, revision=item.revision, title="Hallenzeiten")

    data["title"] = "Hallenvergabe"
    response = admin_client.post(url, data)
    assert response.status_code == 200
    errors = response.context["adminform"].form.non_field_errors()
    assert errors[0].startswith(CONFLICT)
    assert "Von jemand anderem gespeichert – Titel: Hallenzeiten" in errors
    assert AgendaItem.objects.get(pk=item.pk).title == "Hallenzeiten"

    # Saving again after reading theirs is a conscious overwrite.
    again = form_data(response)
    assert again["title"] == "Hallenvergabe"
    assert admin_client.post(url, again).status_code == 302
    item.refresh_from_db()
    assert (item.title, item.revision) == ("Hallenvergabe", 3)


def test_a_conflict_the_form_could_not_see_yet_is_refused_by_the_service(
    admin_client, council, item, contribution, monkeypatch
):
    # Someone saves between the form's check and the write: the service, under the lock, refuses.
    url = reverse("admin:minutes_contribution_change", args=[contribution.pk])
    data = form_data(admin_client.get(url))
    drafting.save_contribution(contribution, by=council.users.secretary, revision=1, text="Dazwischen gespeichert.")
    monkeypatch.setattr(drafting, "validate_revision", lambda row, revision: None)  # the form's early look
    data["text"] = "Zu spät."
    response = admin_client.post(url, data, follow=True)
    assert response.redirect_chain == [(url, 302)]
    assert CONFLICT in page(response)
    assert Contribution.objects.get(pk=contribution.pk).text == "Dazwischen gespeichert."


def test_an_admin_save_that_does_not_say_its_revision_is_asked_again(admin_client, contribution):
    url = reverse("admin:minutes_contribution_change", args=[contribution.pk])
    data = form_data(admin_client.get(url))
    del data["opened_revision"]  # a page opened before the admin carried it
    data["text"] = "Aus einem alten Tab."
    response = admin_client.post(url, data)
    assert response.status_code == 200
    assert response.context["adminform"].form.non_field_errors() == [
        "Diese Seite sagt nicht, auf welchem Stand sie geöffnet wurde: bitte prüfen und erneut speichern."
    ]
    assert Contribution.objects.get(pk=contribution.pk).text == "Erste Fassung."
    assert admin_client.post(url, form_data(response)).status_code == 302
    assert Contribution.objects.get(pk=contribution.pk).text == "Aus einem alten Tab."


def test_an_untouched_row_of_a_stale_admin_page_does_not_overwrite_the_workspace(
    admin_client, council, item, contribution
):
    url = reverse("admin:minutes_agendaitem_change", args=[item.pk])
    data = form_data(admin_client.get(url))  # shows the contribution as “Erste Fassung.”
    drafting.save_contribution(contribution, by=council.users.secretary, revision=1, text="Im Arbeitsbereich neu.")

    data["title"] = "Hallenbelegung 2024"
    response = admin_client.post(url, data)
    assert response.status_code == 200
    assert CONFLICT in page(response)
    assert Contribution.objects.get(pk=contribution.pk).text == "Im Arbeitsbereich neu."
    assert AgendaItem.objects.get(pk=item.pk).title == "Hallenbelegung"  # nothing of the page was written


def test_an_admin_page_left_as_it_was_writes_nothing(admin_client, item, contribution):
    url = reverse("admin:minutes_agendaitem_change", args=[item.pk])
    assert admin_client.post(url, form_data(admin_client.get(url))).status_code == 302
    assert AgendaItem.objects.get(pk=item.pk).revision == 1
    assert Contribution.objects.get(pk=contribution.pk).revision == 1
    assert AgendaItem.history.filter(id=item.pk).count() == 1  # created, never changed


# ------------------------------------------------------------------ the same rules


def test_too_many_votes_are_refused_in_the_admin_with_the_workspace_message(admin_client, item):
    response = admin_client.post(
        reverse("admin:minutes_decision_add"),
        {"item": item.pk, "order": 1, "text": "Die Halle wird vergeben.", "result": "accepted",
         "votes_yes": 4, "votes_no": 0, "votes_abstain": 1},
    )  # fmt: skip
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["votes_yes"] == [VOTES_REFUSED]
    assert not Decision.objects.exists()


def test_too_many_votes_in_an_inline_decision_are_refused_next_to_the_votes(admin_client, item):
    url = reverse("admin:minutes_agendaitem_change", args=[item.pk])
    data = form_data(admin_client.get(url))
    data.update(
        {
            "decisions-TOTAL_FORMS": 1,
            "decisions-0-order": 1,
            "decisions-0-text": "Die Halle wird vergeben.",
            "decisions-0-result": "accepted",
            "decisions-0-votes_yes": 4,
            "decisions-0-votes_abstain": 1,
        }
    )
    response = admin_client.post(url, data)
    assert response.status_code == 200
    decisions = next(f for f in response.context["inline_admin_formsets"] if f.formset.prefix == "decisions")
    assert decisions.formset.forms[0].errors["votes_yes"] == [VOTES_REFUSED]
    assert not Decision.objects.exists()


def test_the_workspace_refuses_the_same_votes_with_the_same_message(secretary_client, item):
    response = secretary_client.post(
        reverse("minutes:workspace_decision_add", args=[item.pk]),
        {"text": "Die Halle wird vergeben.", "result": "accepted", "votes_yes": 4, "votes_no": 0, "votes_abstain": 1},
    )
    assert response.context["decision_form"].errors["votes_yes"] == [VOTES_REFUSED]


def test_an_item_number_used_twice_is_refused_in_the_admin(admin_client, meeting):
    response = admin_client.post(
        reverse("admin:minutes_agendaitem_add"),
        {"meeting": meeting.pk, "number": "1", "order": 2, "title": "Noch einmal 1",
         **{f"{inline}-{n}": 0 for inline in ("presenters", "contributions", "decisions", "figures")
            for n in ("TOTAL_FORMS", "INITIAL_FORMS")}},
    )  # fmt: skip
    assert response.context["adminform"].form.errors["number"] == [
        "Die Punktnummer 1 ist in dieser Sitzung schon vergeben."
    ]
    assert meeting.agenda_items.count() == 1


def test_a_meeting_whose_public_part_ends_after_it_is_refused_in_the_admin(admin_client, meeting):
    url = reverse("admin:minutes_meeting_change", args=[meeting.pk])
    data = form_data(admin_client.get(url))
    data["public_end_time"] = "21:00"
    response = admin_client.post(url, data)
    assert response.context["adminform"].form.errors["public_end_time"] == [
        "Der öffentliche Teil kann nicht nach der Sitzung enden."
    ]
    assert Meeting.objects.get(pk=meeting.pk).public_end_time is None


# ------------------------------------------------------------------ add, change, delete: through the services


def test_an_admin_addition_is_recorded_with_the_user(admin_client, council, item):
    response = admin_client.post(
        reverse("admin:minutes_contribution_add"),
        {"item": item.pk, "order": 1, "speaker": council.people.beta.pk, "text": "Im Admin erfasst."},
    )
    assert response.status_code == 302
    contribution = Contribution.objects.get()
    assert contribution.revision == 1
    record = Contribution.history.get(id=contribution.pk)
    assert (record.history_type, record.history_user) == ("+", council.users.superuser)


def test_an_admin_change_in_an_inline_bumps_the_revision_and_is_recorded_with_the_user(
    admin_client, council, item, contribution
):
    url = reverse("admin:minutes_agendaitem_change", args=[item.pk])
    data = form_data(admin_client.get(url))
    data["contributions-0-text"] = "Im Admin geändert."
    assert admin_client.post(url, data).status_code == 302
    contribution.refresh_from_db()
    assert (contribution.text, contribution.revision) == ("Im Admin geändert.", 2)
    assert AgendaItem.objects.get(pk=item.pk).revision == 1  # the item itself was left as it was
    latest = Contribution.history.filter(id=contribution.pk).latest("history_date")
    assert (latest.history_type, latest.history_user, latest.text) == (
        "~",
        council.users.superuser,
        "Im Admin geändert.",
    )


def test_admin_deletes_are_recorded_with_the_user(admin_client, council, item, contribution):
    second = drafting.add_contribution(item, by=council.users.secretary, speaker=council.people.beta, text="Zwei.")
    third = drafting.add_contribution(item, by=council.users.secretary, speaker=council.people.gamma, text="Drei.")

    response = admin_client.post(reverse("admin:minutes_contribution_delete", args=[contribution.pk]), {"post": "yes"})
    assert response.status_code == 302
    response = admin_client.post(
        reverse("admin:minutes_contribution_changelist"),
        {"action": "delete_selected", "_selected_action": [second.pk], "post": "yes"},
    )
    assert response.status_code == 302
    url = reverse("admin:minutes_agendaitem_change", args=[item.pk])
    data = form_data(admin_client.get(url))
    data["contributions-0-DELETE"] = "on"
    assert admin_client.post(url, data).status_code == 302

    assert not Contribution.objects.exists()
    deleted = Contribution.history.filter(history_type="-")
    assert {(r.id, r.history_user) for r in deleted} == {
        (pk, council.users.superuser) for pk in (contribution.pk, second.pk, third.pk)
    }


def test_a_meeting_added_in_the_admin_is_a_draft_with_its_inline_rows(admin_client, council):
    response = admin_client.post(
        reverse("admin:minutes_meeting_add"),
        {"body": council.body.pk, "number": 9, "date": "12.09.2024",
         "minute_takers-TOTAL_FORMS": 0, "minute_takers-INITIAL_FORMS": 0,
         "attendances-TOTAL_FORMS": 1, "attendances-INITIAL_FORMS": 0,
         "attendances-0-order": 1, "attendances-0-person": council.people.alpha.pk,
         "attendances-0-status": "present", "attendances-0-group": body_group(council.body).pk,
         "agenda_items-TOTAL_FORMS": 1, "agenda_items-INITIAL_FORMS": 0,
         "agenda_items-0-order": 1, "agenda_items-0-number": "1", "agenda_items-0-title": "Begrüßung",
         "signature_lines-TOTAL_FORMS": 0, "signature_lines-INITIAL_FORMS": 0},
    )  # fmt: skip
    assert response.status_code == 302, response.context["adminform"].form.errors
    meeting = Meeting.objects.get(number=9)
    assert meeting.status == Meeting.Status.DRAFT
    assert [a.person for a in meeting.attendances.all()] == [council.people.alpha]
    assert list(meeting.agenda_items.values_list("title", flat=True)) == ["Begrüßung"]
    assert Meeting.history.get(id=meeting.pk).history_user == council.users.superuser


def test_a_meeting_number_used_twice_is_refused_in_the_admin(admin_client, council, meeting):
    response = admin_client.post(
        reverse("admin:minutes_meeting_add"),
        {"body": council.body.pk, "number": 7, "date": "12.09.2024",
         **{f"{inline}-{n}": 0 for inline in ("minute_takers", "attendances", "agenda_items", "signature_lines")
            for n in ("TOTAL_FORMS", "INITIAL_FORMS")}},
    )  # fmt: skip
    assert response.context["adminform"].form.errors["number"] == [
        "Dieses Gremium hat schon eine Sitzung mit der Nummer 7."
    ]
    assert Meeting.objects.count() == 1


# ------------------------------------------------------------------ scoping stays as it was


@pytest.fixture
def other_body_meeting(council):
    """A draft of another body, with a secretariat of its own."""
    body = Body.objects.create(name="Kulturausschuss")
    user = User.objects.create_user("kultur", password="x")
    person = Person.objects.create(form_of_address="Herr", family_name="Kultur", user=user)
    Membership.objects.create(body=body, person=person, role=Membership.Role.SECRETARIAT)
    other = drafting.start_meeting(body, by=user, number=1, date=datetime.date(2024, 3, 14))
    drafting.add_agenda_item(other, by=user, number="1", title="Fremder Punkt")
    return other


def test_staff_cannot_move_a_row_into_a_draft_of_a_body_they_do_not_draft(
    client, council, contribution, other_body_meeting
):
    secretary = council.users.secretary
    secretary.is_staff = True
    secretary.save()
    secretary.user_permissions.set(Permission.objects.filter(content_type__app_label="minutes"))
    client.force_login(secretary)
    url = reverse("admin:minutes_contribution_change", args=[contribution.pk])
    data = form_data(client.get(url))
    data["item"] = other_body_meeting.agenda_items.get().pk
    response = client.post(url, data)
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["item"]
    assert Contribution.objects.get(pk=contribution.pk).item_id == contribution.item_id


def test_the_services_refuse_to_move_a_row_into_another_bodys_draft(council, contribution, other_body_meeting):
    with pytest.raises(PermissionDenied):
        drafting.change_content(
            contribution, by=council.users.secretary, changes={"item": other_body_meeting.agenda_items.get()}
        )
    assert Contribution.objects.get(pk=contribution.pk).item_id == contribution.item_id


def test_a_figure_is_added_and_its_image_replaced_in_the_admin(admin_client, item):
    def png(colour) -> SimpleUploadedFile:
        buffer = io.BytesIO()
        Image.new("RGB", (4, 4), colour).save(buffer, format="PNG")
        return SimpleUploadedFile("organigramm.png", buffer.getvalue(), content_type="image/png")

    url = reverse("admin:minutes_agendaitem_change", args=[item.pk])
    data = form_data(admin_client.get(url))
    data.update({"figures-TOTAL_FORMS": 1, "figures-0-order": 1, "figures-0-caption": "Organigramm",
                 "figures-0-image": png("red")})  # fmt: skip
    assert admin_client.post(url, data).status_code == 302
    figure = Figure.objects.get()
    first = figure.image.name
    assert figure.image.storage.exists(first)

    url = reverse("admin:minutes_figure_change", args=[figure.pk])
    data = form_data(admin_client.get(url))
    data.update({"image": png("blue"), "caption": "Organigramm (neu)"})
    assert admin_client.post(url, data).status_code == 302
    figure.refresh_from_db()
    assert figure.caption == "Organigramm (neu)"
    assert figure.image.name != first and figure.image.storage.exists(figure.image.name)
    with figure.image.open() as file:
        assert Image.open(file).getpixel((0, 0)) == (0, 0, 255)


def test_a_body_added_in_the_admin_gets_the_default_attendance_groups(admin_client):
    response = admin_client.get(reverse("admin:council_body_add"))
    data = form_data(response)
    data.update({"name": "Bauausschuss", "protocol_date_line": "{protocol_date}"})
    assert admin_client.post(reverse("admin:council_body_add"), data).status_code == 302
    body = Body.objects.get(name="Bauausschuss")
    assert list(body.attendance_groups.values_list("name", "votes")) == [
        ("Stimmberechtigte Mitglieder", True),
        ("Beratende Mitglieder", False),
        ("Verwaltung", False),
        ("Gäste", False),
    ]


def test_a_deputation_is_written_in_the_admin_through_the_services(admin_client, council, meeting):
    alpha = meeting.attendances.get(person=council.people.alpha)
    url = reverse("admin:minutes_attendance_change", args=[alpha.pk])
    data = form_data(admin_client.get(url))
    data.update({"deputations-TOTAL_FORMS": 1, "deputations-0-member": council.people.beta.pk})
    response = admin_client.post(url, data)
    # Beta is there himself: the rule of the workspace, in its words, next to the row.
    assert response.status_code == 200
    assert "Herr Beta war während der ganzen Sitzung anwesend" in html.unescape(response.content.decode())
    data["deputations-0-member"] = council.people.former.pk
    assert admin_client.post(url, data).status_code == 302
    assert [d.member for d in alpha.deputations.all()] == [council.people.former]
