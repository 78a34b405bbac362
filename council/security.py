"""What the site answers and logs when a login is locked after too many wrong passwords
(django-axes, settings AXES_*)."""

import logging

from axes.signals import user_locked_out
from django.conf import settings
from django.dispatch import receiver
from django.shortcuts import render

logger = logging.getLogger("council.security")


def locked_out(request, original_response=None, credentials=None):
    """The page for a locked login (settings.AXES_LOCKOUT_CALLABLE): 429, in German, saying
    how long the lock lasts and that an administrator can lift it."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60) if settings.AXES_COOLOFF_TIME else None
    return render(request, "registration/locked_out.html", {"minutes": minutes}, status=429)


@receiver(user_locked_out)
def log_lockout(sender, request, username, ip_address, **kwargs):
    """One line per lockout, for the operators (axes logs its own details as well)."""
    logger.warning(
        "Login %r locked after %s failed attempts (from %s)", username, settings.AXES_FAILURE_LIMIT, ip_address
    )
