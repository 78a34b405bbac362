"""After submitting, and for good after signing, no door changes a protocol's content."""

import io
import json

import pytest
from django.apps import apps as django_apps
from django.contrib.auth.models import User
from django.core.management import call_command
from django.db import IntegrityError, connection, transaction
from django.urls import reverse

from council.models import Person
from minutes import access, lock, triggers
from minutes.approval import services
from minutes.exceptions import ProtocolLocked, WorkflowError
from minutes.models import (
    DERIVED_MODELS,
    FROZEN_MODELS,
    IMMUTABLE_MODELS,
    AgendaItem,
    Attendance,
    Contribution,
    Decision,
    Figure,
    Meeting,
    ProtocolContent,
    ProtocolDocument,
    ProtocolEvent,
    SignatureLine,
)

postgresql_only = pytest.mark.skipif(connection.vendor != "postgresql", reason="the triggers exist on PostgreSQL")


def snapshot(meeting):
    """Everything the protocol says, to compare before and after an attempt."""
    return (
        list(Meeting.objects.filter(pk=meeting.pk).values()),
        list(Contribution.objects.filter(item__meeting=meeting).order_by("pk").values_list("text", flat=True)),
        list(AgendaItem.objects.filter(meeting=meeting).order_by("pk").values_list("title", flat=True)),
        list(Attendance.objects.filter(meeting=meeting).order_by("pk").values_list("status", flat=True)),
        [bytes(d.pdf) for d in ProtocolDocument.objects.filter(meeting=meeting).order_by("variant")],
    )


@pytest.fixture
def admin_client(client, demo):
    client.force_login(User.objects.get(username="admin"))
    return client


# ------------------------------------------------------------------ the states


@pytest.mark.parametrize("status", ["submitted", "signed", "published"])
def test_every_state_after_the_draft_is_locked(draft_demo, status):
    draft_demo.status = status  # in memory only: what the workspace and admin ask
    assert not access.is_editable(draft_demo)
    with pytest.raises(ProtocolLocked):
        access.ensure_editable(draft_demo)


def test_the_demo_protocol_is_signed_and_published_through_the_services(demo):
    assert demo.status == Meeting.Status.PUBLISHED
    assert list(demo.events.values_list("action", flat=True)) == [
        "submitted",
        "signed",
        "signed",
        "frozen",
        "published",
    ]
    assert demo.signatures.count() == 2
    assert ProtocolDocument.objects.filter(meeting=demo).count() == 2


# ---------------------------------------------------------------- the services


def test_services_refuse_to_move_a_signed_protocol_back(demo, django_user_model):
    secretariat = django_user_model.objects.get(username="sekretariat")
    chair = django_user_model.objects.get(username="vorsitz")
    before = snapshot(demo)
    for attempt in (
        lambda: services.submit_for_approval(demo, by=secretariat),
        lambda: services.request_changes(demo, by=chair, comment="noch ändern"),
        lambda: services.sign(demo, by=chair, line=demo.signature_lines.first(), password="demo"),
        lambda: services.publish(demo, by=secretariat),
    ):
        with pytest.raises(WorkflowError):
            attempt()
    assert snapshot(demo) == before


# ---------------------------------------------------------------- the models


def test_model_saves_and_deletes_are_refused(demo):
    before = snapshot(demo)
    contribution = Contribution.objects.filter(item__meeting=demo).first()
    contribution.text = "geändert"
    with pytest.raises(ProtocolLocked):
        contribution.save()
    with pytest.raises(ProtocolLocked):
        contribution.delete()
    item = demo.agenda_items.first()
    with pytest.raises(ProtocolLocked):
        Contribution.objects.create(item=item, order=99, text="neu")
    with pytest.raises(ProtocolLocked):
        demo.agenda_items.first().delete()
    demo.title = "Anderer Titel"
    with pytest.raises(ProtocolLocked):
        demo.save()
    assert snapshot(demo) == before


def test_bulk_queryset_writes_are_refused(demo):
    before = snapshot(demo)
    with pytest.raises(ProtocolLocked):
        Contribution.objects.filter(item__meeting=demo).update(text="überschrieben")
    with pytest.raises(ProtocolLocked):
        Attendance.objects.filter(meeting=demo).update(status="absent")
    with pytest.raises(ProtocolLocked):
        Decision.objects.filter(item__meeting=demo).delete()
    with pytest.raises(ProtocolLocked):
        AgendaItem.objects.bulk_create([AgendaItem(meeting=demo, number="99", order=99, title="neu")])
    with pytest.raises(ProtocolLocked):
        Meeting.objects.filter(pk=demo.pk).update(room="Großer Saal")
    with pytest.raises(ProtocolLocked):
        Meeting.objects.filter(pk=demo.pk).delete()
    assert snapshot(demo) == before


def test_a_status_changes_only_through_the_services(draft_demo):
    with pytest.raises(ProtocolLocked):
        Meeting.objects.filter(pk=draft_demo.pk).update(status="published")
    draft_demo.status = "published"
    with pytest.raises(ProtocolLocked):  # also through save(), on every database
        draft_demo.save()
    draft_demo.refresh_from_db()
    assert draft_demo.status == "draft"


def test_a_draft_stays_editable(draft_demo):
    Contribution.objects.filter(item__meeting=draft_demo).update(text="darf")
    assert set(Contribution.objects.filter(item__meeting=draft_demo).values_list("text", flat=True)) == {"darf"}


# ------------------------------------------------------------ the database itself


def _refused_by_the_database(sql, params=()):
    with pytest.raises(IntegrityError, match="ratsprotokoll"), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql, params)


@postgresql_only
def test_raw_sql_cannot_change_a_signed_protocol(demo):
    before = snapshot(demo)
    item_ids = list(demo.agenda_items.values_list("pk", flat=True))
    _refused_by_the_database("UPDATE minutes_contribution SET text = 'roh' WHERE item_id = ANY(%s)", [item_ids])
    _refused_by_the_database("DELETE FROM minutes_decision WHERE item_id = ANY(%s)", [item_ids])
    _refused_by_the_database("UPDATE minutes_attendance SET status = 'absent' WHERE meeting_id = %s", [demo.pk])
    _refused_by_the_database(
        "INSERT INTO minutes_signatureline (meeting_id, \"order\", role) VALUES (%s, 9, 'member')", [demo.pk]
    )
    _refused_by_the_database("UPDATE minutes_meeting SET room = 'Keller' WHERE id = %s", [demo.pk])
    _refused_by_the_database("DELETE FROM minutes_meeting WHERE id = %s", [demo.pk])
    _refused_by_the_database("UPDATE minutes_protocoldocument SET pdf = 'x' WHERE meeting_id = %s", [demo.pk])
    _refused_by_the_database("DELETE FROM minutes_signature WHERE meeting_id = %s", [demo.pk])
    assert snapshot(demo) == before


@postgresql_only
def test_bulk_updates_that_skip_the_model_layer_are_refused_by_the_trigger(demo):
    # QuerySet.update of Django's base class: what code that bypasses our QuerySet would do.
    from django.db.models import QuerySet

    with pytest.raises(IntegrityError), transaction.atomic():
        QuerySet.update(Contribution.objects.filter(item__meeting=demo), text="vorbei")


@postgresql_only
def test_a_status_change_outside_the_services_is_refused_by_the_trigger(draft_demo):
    _refused_by_the_database("UPDATE minutes_meeting SET status = 'published' WHERE id = %s", [draft_demo.pk])


# ---------------------------------------------------------------- the admin


def test_the_admin_shows_a_signed_protocol_read_only(admin_client, demo):
    response = admin_client.get(reverse("admin:minutes_meeting_change", args=[demo.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'name="_save"' not in html
    item = demo.agenda_items.first()
    assert (
        'name="_save"'
        not in admin_client.get(reverse("admin:minutes_agendaitem_change", args=[item.pk])).content.decode()
    )


def test_admin_posts_to_a_signed_protocol_are_refused(admin_client, demo):
    before = snapshot(demo)
    item = demo.agenda_items.get(number="3")
    contribution = item.contributions.first()
    posts = [
        (
            reverse("admin:minutes_meeting_change", args=[demo.pk]),
            {"body": demo.body_id, "number": 1, "date": "20.07.2017", "room": "Keller"},
        ),
        (
            reverse("admin:minutes_agendaitem_change", args=[item.pk]),
            {"meeting": demo.pk, "number": "3", "order": 3, "title": "Neu"},
        ),
        (
            reverse("admin:minutes_contribution_change", args=[contribution.pk]),
            {"item": item.pk, "order": 1, "text": "geändert"},
        ),
        (reverse("admin:minutes_contribution_delete", args=[contribution.pk]), {"post": "yes"}),
        (reverse("admin:minutes_meeting_delete", args=[demo.pk]), {"post": "yes"}),
        (
            reverse("admin:minutes_contribution_changelist"),
            {"action": "delete_selected", "_selected_action": [contribution.pk], "post": "yes"},
        ),
    ]
    for url, data in posts:
        response = admin_client.post(url, data)
        assert response.status_code == 403, url
    # A new item for it: the signed meeting is no choice, and the form says why.
    response = admin_client.post(
        reverse("admin:minutes_agendaitem_add"),
        {
            "meeting": demo.pk,
            "number": "77",
            "order": 77,
            "title": "Neu",
            **{f"{inline}-{n}": 0 for inline in ("presenters", "contributions", "decisions", "figures")
               for n in ("TOTAL_FORMS", "INITIAL_FORMS")},
        },
    )  # fmt: skip
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["meeting"] == [
        "Wählen Sie einen Protokollentwurf, den Sie bearbeiten: andere können nicht geändert werden."
    ]
    assert snapshot(demo) == before


def test_the_admin_still_edits_a_draft(client, draft_demo):
    admin_client = client
    admin_client.force_login(User.objects.get(username="admin"))
    contribution = Contribution.objects.filter(item__meeting=draft_demo).first()
    response = admin_client.post(
        reverse("admin:minutes_contribution_change", args=[contribution.pk]),
        {
            "item": contribution.item_id,
            "order": contribution.order,
            "text": "im Entwurf geändert",
            "opened_revision": contribution.revision,
        },
    )
    assert response.status_code == 302
    contribution.refresh_from_db()
    assert contribution.text == "im Entwurf geändert"


# ---------------------------------------------------------- management commands


def test_rerunning_load_demo_leaves_a_signed_protocol_alone(demo):
    before = snapshot(demo)
    call_command("load_demo", force=True, stdout=io.StringIO())
    assert snapshot(demo) == before


@postgresql_only
def test_loaddata_cannot_overwrite_a_signed_protocol(demo, tmp_path):
    # loaddata saves “raw”, past Model.save(): the database trigger is the guard here.
    contribution = Contribution.objects.filter(item__meeting=demo).first()
    fixture = tmp_path / "change.json"
    fixture.write_text(
        json.dumps(
            [{"model": "minutes.contribution", "pk": contribution.pk,
              "fields": {"item": contribution.item_id, "order": contribution.order, "text": "per loaddata"}}]
        )
    )  # fmt: skip
    before = snapshot(demo)
    with pytest.raises(IntegrityError), transaction.atomic():
        call_command("loaddata", str(fixture), verbosity=0)
    assert snapshot(demo) == before


# --------------------------------------------------------- people may be renamed


def test_renaming_a_person_keeps_what_the_signed_protocol_said(client, demo):
    stored = ProtocolDocument.objects.get(meeting=demo, variant="public")
    seigfried = Person.objects.get(family_name="Seigfried")
    seigfried.family_name = "Umbenannt"
    seigfried.save()

    html = client.get(demo.get_absolute_url()).content.decode()
    assert stored.html in html
    assert "Konrad Seigfried" in html
    assert client.get(reverse("minutes:meeting_pdf", args=[demo.pk])).content == bytes(stored.pdf)


def test_a_signature_line_of_a_signed_protocol_cannot_name_someone_else(demo):
    line = SignatureLine.objects.filter(meeting=demo).first()
    line.person = Person.objects.exclude(pk=line.person_id).first()
    with pytest.raises(ProtocolLocked):
        line.save()


# ---------------------------------------------------------------- the workspace


def test_the_drafting_workspace_refuses_a_signed_protocol(client, demo):
    client.force_login(User.objects.get(username="sekretariat"))
    before = snapshot(demo)
    item = demo.agenda_items.get(number="3")
    contribution = item.contributions.first()
    row = demo.attendances.first()
    assert client.get(reverse("minutes:workspace_meeting", args=[demo.pk])).status_code == 403
    attempts = [
        (
            reverse("minutes:workspace_contribution", args=[contribution.pk]),
            {"text": "geändert", "revision": contribution.revision},
        ),
        (reverse("minutes:workspace_contribution_delete", args=[contribution.pk]), {}),
        (reverse("minutes:workspace_contribution_add", args=[item.pk]), {"text": "neu"}),
        (reverse("minutes:workspace_item_delete", args=[item.pk]), {}),
        (reverse("minutes:workspace_attendance_status", args=[row.pk]), {"status": "absent"}),
        (reverse("minutes:workspace_agenda", args=[demo.pk]), {"number": "9", "title": "Neu"}),
    ]
    for url, data in attempts:
        response = client.post(url, data)
        assert response.status_code == 409, url  # the protocol's state refuses, and says so
    assert snapshot(demo) == before


def test_the_workspace_refuses_a_submitted_protocol_too(client, draft_demo, django_user_model):
    secretariat = django_user_model.objects.get(username="sekretariat")
    services.submit_for_approval(draft_demo, by=secretariat)
    client.force_login(secretariat)
    contribution = Contribution.objects.filter(item__meeting=draft_demo).first()
    response = client.post(reverse("minutes:workspace_contribution", args=[contribution.pk]), {"text": "x"})
    assert response.status_code == 409
    contribution.refresh_from_db()
    assert contribution.text != "x"


def _content_models() -> set:
    """Every model of the minutes app whose rows belong to a meeting's protocol: a foreign
    key leads to Meeting (directly or through another such model). Found from the schema,
    not from ProtocolContent, so a new model that forgets to subclass it is caught."""
    # The timeline goes on after signing (publish, correct); the search table is derived from
    # the protocols, rewritten by PostgreSQL's own triggers when a protocol is published.
    not_content = {ProtocolEvent, *DERIVED_MODELS}
    models = [m for m in django_apps.get_app_config("minutes").get_models() if not m.__name__.startswith("Historical")]
    found = {Meeting}
    changed = True
    while changed:
        changed = False
        for model in models:
            if model in found or model in not_content:
                continue
            if any(f.many_to_one and f.related_model in found for f in model._meta.get_fields()):
                found.add(model)
                changed = True
    return found


def _guarded_tables() -> set:
    """The protocol tables, the frozen ones not reached by a foreign key (the archive log) and
    the stored files, which are never updated."""
    return {model._meta.db_table for model in _content_models() | set(FROZEN_MODELS) | set(IMMUTABLE_MODELS)}


def test_every_model_of_a_protocol_is_locked_with_it():
    frozen = set(FROZEN_MODELS)
    for model in _content_models() - frozen:
        assert issubclass(model, ProtocolContent), f"{model.__name__} belongs to a protocol but is not locked"
    assert {Contribution, Decision, Figure, Attendance, SignatureLine} <= _content_models()


@postgresql_only
def test_every_protocol_table_is_guarded_by_the_lock_trigger(db):
    expected = _guarded_tables()
    assert triggers.guarded_tables_in_database() == expected


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_the_trigger_migration_is_reversible():
    expected = _guarded_tables()
    assert triggers.guarded_tables_in_database() == expected
    call_command("migrate", "minutes", "0004", verbosity=0)
    assert triggers.guarded_tables_in_database() == set()
    call_command("migrate", "minutes", verbosity=0)
    assert triggers.guarded_tables_in_database() == expected


@postgresql_only
def test_the_lock_closes_again_after_a_service_opened_it(demo):
    with lock.unlocked():
        pass
    _refused_by_the_database("UPDATE minutes_meeting SET room = 'Keller' WHERE id = %s", [demo.pk])
    with pytest.raises(ProtocolLocked):
        Meeting.objects.filter(pk=demo.pk).update(room="Keller")
