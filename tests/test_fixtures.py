"""Proves the shared fixtures: the recorded demo is exactly what ``load_demo`` writes, a test
may change it, and it is gone again for the next test; where the recording does not fit the
database, load_demo runs instead."""

from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction

from council.models import Body, Person
from minutes.models import ArchiveLogEntry, Contribution, Figure, File, Meeting, ProtocolDocument, ProtocolEvent
from tests.conftest import DemoSnapshots, seed_meeting
from tests.snapshot import database_shape, model_tables


def _varies_between_runs(model, field) -> bool:
    """Keys, times and what is derived from the time of signing (the stored documents, their
    checksums and the archive log's entries for them) differ between two runs of load_demo;
    password hashes have a random salt."""
    return (
        field.primary_key
        or field.is_relation
        or field.name in {"id", "password"}
        or isinstance(field, models.DateTimeField | models.BinaryField)
        or model in (ProtocolDocument, ArchiveLogEntry)
    )


def what_the_database_holds() -> dict[str, list[str]]:
    """Every row of every table, without what varies between runs, in a comparable order."""
    held = {}
    for model in model_tables():
        names = [f.attname for f in model._meta.local_concrete_fields if not _varies_between_runs(model, f)]
        rows = model._base_manager.all()
        # values_list() without names would list every field: then the number of rows it is.
        held[model._meta.label] = sorted(map(repr, rows.values_list(*names))) if names else [str(rows.count())]
    return held


def media_files(root) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in Path(root).rglob("*") if p.is_file()}


STATUS = {"demo": Meeting.Status.PUBLISHED, "draft_demo": Meeting.Status.DRAFT}


# "signed" is recorded and restored the same way as "demo", which holds signatures and
# frozen documents too; the services its build calls are tested in tests/workflow.
@pytest.mark.parametrize("state", ["demo", "draft_demo"])
def test_the_demo_fixtures_hold_exactly_what_load_demo_writes(db, demo_snapshots, settings, state):
    # The real thing, end to end, in this test: load_demo builds the seed protocol and, for
    # "demo", submits, signs (rendering both PDFs), freezes and publishes it.
    with transaction.atomic():
        DemoSnapshots.BUILDS[state]()
        loaded, loaded_files = what_the_database_holds(), media_files(settings.MEDIA_ROOT)
        transaction.set_rollback(True)
    for path in Path(settings.MEDIA_ROOT).rglob("*"):
        if path.is_file():
            path.unlink()
    assert not Meeting.objects.exists()

    snapshot = demo_snapshots.snapshot(state)
    assert snapshot.shape == database_shape()  # so the fixtures restore it (they do not build it again)
    snapshot.restore()
    meeting = seed_meeting()

    assert meeting.status == STATUS[state]
    assert what_the_database_holds() == loaded
    assert media_files(settings.MEDIA_ROOT) == loaded_files
    # the figure, meeting 2's attachment and the main documents of the committee's three papers
    stored = [f.image.name for f in Figure.objects.exclude(image="")] + [f.content.name for f in File.objects.all()]
    assert sorted(loaded_files) == sorted(stored)
    assert len(stored) == 5
    stored = ProtocolDocument.objects.filter(meeting=meeting).count()
    assert stored == (0 if state == "draft_demo" else 2)


def test_a_test_may_change_the_demo_and_add_rows_after_it(demo):
    # New rows get keys past the restored ones (the sequences were reset behind them).
    body = Body.objects.create(name="Sportausschuss")
    person = Person.objects.create(family_name="Neu")
    assert body.pk > Body.objects.exclude(pk=body.pk).latest("pk").pk
    assert person.pk > Person.objects.exclude(pk=person.pk).latest("pk").pk
    draft = Meeting.objects.get(body=demo.body, number=2)
    contribution = Contribution.objects.filter(item__meeting=draft).first()
    contribution.text = "geändert"
    contribution.save()
    assert Contribution.objects.get(pk=contribution.pk).text == "geändert"
    assert ProtocolEvent.objects.filter(meeting=demo).count() == 5


def test_a_test_without_the_demo_sees_an_empty_database(db):
    # Runs after the tests above in this module: what they restored was rolled back.
    assert not Meeting.objects.exists()
    assert not Person.objects.exists()
    assert not Body.objects.exists()


def test_the_database_shape_counts_the_rows_of_every_table(db):
    before = database_shape()
    Body.objects.create(name="Sportausschuss")
    assert database_shape() != before


def test_a_database_of_another_shape_gets_the_demo_built_anew(db, request):
    # After a transactional test flushed the database, content types and permissions have
    # new keys; the recording would point past them, so the fixture runs load_demo instead.
    ContentType.objects.create(app_label="tests", model="leftover")
    draft_demo = request.getfixturevalue("draft_demo")
    assert draft_demo.status == Meeting.Status.DRAFT
    assert Contribution.objects.filter(item__meeting=draft_demo).count() == 37
    sekretariat = get_user_model().objects.get(username="sekretariat")
    assert sekretariat.user_permissions.filter(content_type__app_label="minutes").exists()
