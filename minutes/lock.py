"""The lock on protocols that have left the draft state, below every door.

Services, the workspace and the admin check ``access.ensure_editable`` before they
write. This module is the floor under them: the content models refuse to save, delete,
bulk-create or bulk-update rows of a meeting that is not a draft (see ``ProtocolContent``
and ``ProtocolContentQuerySet`` in models.py), and on PostgreSQL triggers refuse the
same at the database (triggers.py), so a raw ``UPDATE`` or a forgotten
management command cannot change a signed protocol either.

Only the workflow services open the lock, for the status change itself and to store the
frozen documents, through ``unlocked()``.
"""

import contextvars
from contextlib import contextmanager

from django.db import DatabaseError, connections, transaction
from django.utils.translation import gettext_lazy as _

from .exceptions import ProtocolLocked

_unlocked = contextvars.ContextVar("ratsprotokoll_unlocked", default=False)

# The PostgreSQL setting the triggers read; transaction-local (set_config(..., true)).
UNLOCK_SETTING = "ratsprotokoll.unlock"


@contextmanager
def unlocked(using: str = "default"):
    """Let the services' own writes through the guards.

    The database setting is transaction-local, so the block runs in a transaction
    (a savepoint when one is open already) and the lock is closed again at its end.
    """
    connection = connections[using]
    with transaction.atomic(using=using):
        token = _unlocked.set(True)
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT set_config(%s, 'on', true)", [UNLOCK_SETTING])
        try:
            yield
        finally:
            _unlocked.reset(token)
            if connection.vendor == "postgresql":
                try:
                    with connection.cursor() as cursor:
                        cursor.execute("SELECT set_config(%s, 'off', true)", [UNLOCK_SETTING])
                except DatabaseError:
                    pass  # the transaction is aborted: its rollback resets the setting anyway


def is_open() -> bool:
    """Whether the workflow services opened the lock for their own writes (``unlocked``)."""
    return _unlocked.get()


def ensure_status_change_allowed() -> None:
    """A meeting's status moves only through the workflow services."""
    if not _unlocked.get():
        raise ProtocolLocked(_("The status of a protocol changes only through the approval workflow."))
