"""Meeting list, query counts, the admin, and the archive export."""

import io

import pytest
from django.contrib.auth.models import User
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from pypdf import PdfReader

from council.models import Body, Person
from minutes.models import AgendaItem, Attendance, Contribution, Decision, Deputation, File, Meeting, Vote
from tests.factories import body_group


def test_meeting_list_links_the_protocol_and_its_pdf(client, demo):
    response = client.get(reverse("minutes:meeting_list"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Protokoll der Integrationsbeiratssitzung" in html
    assert demo.get_absolute_url() in html
    assert reverse("minutes:meeting_pdf", args=[demo.pk]) in html


def test_unknown_meeting_is_404(client, db):
    assert client.get(reverse("minutes:meeting_detail", args=[999999])).status_code == 404
    assert client.get(reverse("minutes:meeting_pdf", args=[999999])).status_code == 404


def test_draft_is_hidden_from_the_public(client, db):
    body = Body.objects.create(name="Sportausschuss")
    meeting = Meeting.objects.create(body=body, number=1, date="2024-01-10")
    assert meeting.status == Meeting.Status.DRAFT
    assert client.get(meeting.get_absolute_url()).status_code == 404
    assert "Sportausschuss" not in client.get(reverse("minutes:meeting_list")).content.decode()


def _grow(meeting: Meeting, n: int) -> None:
    """Add n items (each with contributions and a decision voted by name) and n attendees, each a deputy."""
    start = meeting.agenda_items.count() + 10
    for i in range(start, start + n):
        person = Person.objects.create(form_of_address="Frau", family_name=f"Zusatz{i}")
        row = Attendance.objects.create(
            meeting=meeting, person=person, order=100 + i, affiliation="Verein", group=body_group(meeting.body)
        )
        absent = Person.objects.create(form_of_address="Herr", family_name=f"Vertreten{i}")
        Deputation.objects.create(deputy=row, member=absent)
        item = AgendaItem.objects.create(meeting=meeting, number=str(i), order=i, title=f"Thema {i}")
        for order in range(3):
            Contribution.objects.create(item=item, order=order, speaker=person, text=f"sagt **{order}**.")
        decision = Decision.objects.create(item=item, text="Beschluss", votes_yes=1, votes_no=0, votes_abstain=0)
        Vote.objects.create(decision=decision, person=person, choice=Vote.Choice.YES)


def _count_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


# A signed protocol is locked and served as frozen; only a draft can grow, and only
# those who work on it see a draft.
@pytest.mark.parametrize("username", ["sekretariat", "vorsitz"])
def test_meeting_page_queries_do_not_grow_with_the_protocol(client, draft_demo, username):
    demo = draft_demo
    if username:
        client.force_login(User.objects.get(username=username))
    url = demo.get_absolute_url()
    before = _count_queries(client, url)
    _grow(demo, 5)
    after_five = _count_queries(client, url)
    _grow(demo, 20)
    after_twenty_five = _count_queries(client, url)
    assert before == after_five == after_twenty_five
    assert "Thema 20" in client.get(url).content.decode()  # the new items are really printed


ADMIN_MODELS = [
    "council/body", "council/organization", "council/person", "council/membership",
    "minutes/meeting", "minutes/minutetaker", "minutes/attendance", "minutes/agendaitem",
    "minutes/presenter", "minutes/contribution", "minutes/decision", "minutes/figure",
    "minutes/signatureline",
]  # fmt: skip


@pytest.mark.parametrize("model", ADMIN_MODELS)
def test_admin_pages_of_every_model_answer(client, demo, model):
    client.force_login(User.objects.get(username="admin"))
    base = f"/admin/{model}/"
    assert client.get(base).status_code == 200
    assert client.get(base, {"q": "Seigfried"}).status_code == 200
    assert client.get(f"{base}add/").status_code == 200
    app_label, model_name = model.split("/")
    from django.apps import apps

    obj = apps.get_model(app_label, model_name).objects.order_by("pk").first()
    assert obj is not None, f"the demo has no {model_name}"
    assert client.get(f"{base}{obj.pk}/change/").status_code == 200


def test_export_minutes_writes_one_pdf_per_meeting(demo, tmp_path):
    Meeting.objects.create(body=demo.body, number=3, date="2017-10-12")
    call_command("export_minutes", output_dir=tmp_path / "archive", stdout=io.StringIO())
    files = sorted(p.name for p in (tmp_path / "archive").iterdir())
    assert files == [
        "2017-07-20_Integrationsbeirat_Protokoll.pdf",
        "2017-10-12_Integrationsbeirat_Protokoll_Entwurf.pdf",  # unsigned: marked as a draft
        "2017-10-19_Integrationsbeirat_Protokoll_Entwurf.pdf",  # the demo's second meeting, a draft
        "2024-03-14_Ausschuss-für-Umwelt--Klima-und-Grün_Protokoll.pdf",  # the demo committee's, signed
    ]
    text = PdfReader(tmp_path / "archive" / files[0]).pages[0].extract_text()
    assert "Protokoll der Integrationsbeiratssitzung" in text


def test_export_minutes_twice_overwrites_instead_of_piling_up(demo, tmp_path):
    call_command("export_minutes", output_dir=tmp_path / "archive", stdout=io.StringIO())
    first = sorted(p.name for p in (tmp_path / "archive").iterdir())
    call_command("export_minutes", output_dir=tmp_path / "archive", stdout=io.StringIO())
    assert sorted(p.name for p in (tmp_path / "archive").iterdir()) == first


def test_export_minutes_for_one_meeting(demo, tmp_path):
    call_command("export_minutes", output_dir=tmp_path / "archive", meeting=demo.pk, stdout=io.StringIO())
    assert [p.name for p in (tmp_path / "archive").iterdir()] == ["2017-07-20_Integrationsbeirat_Protokoll.pdf"]
    with pytest.raises(CommandError, match="no meeting with ID"):
        call_command("export_minutes", output_dir=tmp_path / "archive", meeting=999999, stdout=io.StringIO())


def test_load_demo_is_idempotent(demo):
    def counts():
        return (
            Person.objects.count(),
            Attendance.objects.filter(meeting=demo).count(),
            Contribution.objects.filter(item__meeting=demo).count(),
            Attendance.objects.count(),
            User.objects.count(),
            File.objects.count(),  # meeting 2's attachment, stored once
        )

    before = counts()
    call_command("load_demo", force=True, stdout=io.StringIO())
    assert counts() == before
    assert before[1] == 49 and before[2] == 37


def test_the_demo_protocols_are_written_through_the_drafting_services(draft_demo):
    from minutes.history import meeting_history

    secretariat = User.objects.get(username="sekretariat")
    second = Meeting.objects.get(body=draft_demo.body, number=2, corrects__isnull=True)
    for meeting in (draft_demo, second):
        entries = meeting_history(meeting)
        assert {entry.kind for entry in entries} >= {"Sitzung", "Anwesenheit", "Tagesordnungspunkt", "Wortbeitrag"}
        assert {entry.who for entry in entries} == {secretariat.get_full_name()}  # as the secretariat
    # Meeting 2 is started as the workspace starts one: the roster present, three excused.
    assert second.attendances.filter(status=Attendance.Status.EXCUSED).count() == 3
    assert not second.attendances.filter(person=second.chair).exists()  # printed under “Vorsitz”
    assert list(second.agenda_items.values_list("number", "without_discussion")) == [
        ("1", False),
        ("2", False),
        ("3", False),
        ("4", True),
    ]
    assert [(a.order, a.title, a.item, a.file.mime_type) for a in second.attachments.all()] == [
        (1, "Sitzordnung im kleinen Saal [Demo-Inhalt]", None, "image/png")
    ]
    # The chair's line names the chair; management's is signed by whoever holds it.
    assert list(second.signature_lines.values_list("role", "person__family_name")) == [
        ("chair", "Seigfried"),
        ("management", None),
    ]


def test_interface_is_german_even_for_an_english_browser(client, demo):
    response = client.get(reverse("minutes:meeting_list"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert "Sitzungen" in response.content.decode()


def test_protocol_reads_in_german_when_english_was_chosen(client, demo):
    html = client.get("/en" + demo.get_absolute_url()).content.decode()
    assert "Meetings" in html  # the interface follows the choice …
    assert "Teilnehmende" in html and "Entschuldigt" in html  # … the record stays as it was written


def test_error_pages_are_german(client, demo, settings):
    settings.DEBUG = False
    response = client.get("/meetings/999999/")
    assert response.status_code == 404
    assert "Seite nicht gefunden" in response.content.decode()
    client.force_login(User.objects.get(username="mitglied"))
    response = client.get("/workspace/")
    assert response.status_code == 403
    assert "Zugriff verweigert" in response.content.decode()
