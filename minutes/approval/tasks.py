"""Work of the approval workflow that need not hold up a request: the notification emails.

The services enqueue them once their transaction has committed. With TASK_BACKEND=database
(production) they wait in PostgreSQL until ``manage.py db_worker`` runs them, on whichever
machine; with the immediate backend (``make run``, tests) they run at once. Arguments are
ids, never objects: a task is read back from the database.
"""

from django_tasks import task

from minutes.approval import notifications
from minutes.models import Meeting

SENDERS = {
    "submitted": notifications.submitted,
    "changes_requested": notifications.changes_requested,
    "signed": notifications.signed,
    "published": notifications.published,
}


@task()
def notify(event: str, meeting_pk: int) -> list[str]:
    """Send the emails about one step of a protocol (a key of SENDERS); the addresses written to."""
    meeting = Meeting.objects.select_related("body").get(pk=meeting_pk)
    return SENDERS[event](meeting)
