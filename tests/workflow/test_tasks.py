"""Emails and copies are tasks: with the database queue they wait in PostgreSQL for the worker."""

import pytest
from django.core import mail
from django.core.management import call_command
from django_tasks_db.models import DBTaskResult

from minutes.approval import services
from minutes.exceptions import WorkflowError
from minutes.models import ProtocolDocument


def test_with_the_database_queue_the_worker_sends_the_mails_after_publishing(
    transactional_db, signed, secretariat, member, settings
):
    # Committed for real (transactional_db): the worker reads the queue as another process would.
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    mail.outbox.clear()  # the submission's mails, sent at once before the queue was switched on
    services.publish(signed, by=secretariat)
    assert mail.outbox == []  # the request is not held up by the mails
    assert sorted(DBTaskResult.objects.values_list("task_path", flat=True)) == [
        "minutes.approval.tasks.notify",
        "minutes.frozen_copies.prepare_copies",
    ]

    call_command("db_worker", batch=True, no_startup_delay=True, verbosity=0)

    assert "mitglied@example.org" in {m.to[0] for m in mail.outbox}
    assert all("veröffentlicht" in m.subject for m in mail.outbox)
    assert {task.status for task in DBTaskResult.objects.all()} == {"SUCCESSFUL"}
    stored = ProtocolDocument.objects.get(meeting=signed, variant="public")
    assert (settings.PROTOCOL_FILES_ROOT / stored.sha256[:2] / f"{stored.sha256}.pdf").read_bytes() == bytes(stored.pdf)


def test_a_failed_transition_enqueues_nothing(draft_demo, chair, settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    with pytest.raises(WorkflowError):
        services.publish(draft_demo, by=chair)
    assert not DBTaskResult.objects.exists()
