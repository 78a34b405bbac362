from django.apps import AppConfig
from django.db.models.signals import post_delete, post_migrate, post_save
from django.utils.translation import gettext_lazy as _


class MinutesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "minutes"
    verbose_name = _("Minutes")

    def ready(self):
        from council.models import AttendanceGroup, Body, Membership, Organization, Person

        from . import checks, triggers  # noqa: F401  (checks registers the system checks)

        # The database lock follows the models: every migrate (re)installs the triggers
        # for every protocol-content table, including tables of models added later.
        post_migrate.connect(triggers.install_triggers, sender=self, dispatch_uid="minutes_lock_triggers")

        # Deleted objects of the open-data interface stay at their address, as tombstones.
        from .oparl import tombstones

        tombstones.connect()

        # Kept pages of published protocols show the body's name and, where a protocol was
        # published before the workflow froze documents, people and organisations from the
        # registry: a change there must reach every kept page (frozen_copies.forget_pages).
        # Attendance groups (their headings, whether they give person pages) and memberships
        # (council titles) decide what person pages and unfrozen protocols print too.
        for model in (Body, Organization, Person, AttendanceGroup, Membership):
            post_save.connect(_registry_changed, sender=model, dispatch_uid=f"frozen_copies_{model.__name__}_saved")
            post_delete.connect(_registry_changed, sender=model, dispatch_uid=f"frozen_copies_{model.__name__}_deleted")


def _registry_changed(sender, created=False, **kwargs):
    """A registry row was changed or deleted (a new one is on no kept page yet)."""
    if not created:
        from django.db import transaction

        from . import frozen_copies

        # After the commit: a page rendered before it must not be kept under the new token.
        transaction.on_commit(frozen_copies.forget_pages)
