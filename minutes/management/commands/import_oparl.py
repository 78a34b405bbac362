"""manage.py import_oparl URL: meetings, papers and people from an OParl 1.1 endpoint."""

import datetime as dt

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from council.models import Body
from minutes.oparl.importer import ImportFailed, import_oparl


class Command(BaseCommand):
    help = (
        "Import bodies, people, memberships, upcoming meetings with their agenda items, and papers with "
        "their files from an OParl 1.1 endpoint (its system or one body). Re-runnable: updates what it "
        "imported before, asks only for what changed since, and never changes what the secretariat wrote."
    )

    def add_arguments(self, parser):
        parser.add_argument("url", help="The OParl system (…/oparl/v1.1/) or one of its bodies.")
        parser.add_argument(
            "--user", help="The login the meetings are drafted as (default: the first superuser).", default=""
        )
        parser.add_argument(
            "--meetings-from",
            type=dt.date.fromisoformat,
            default=None,
            help="Import meetings from this day on (YYYY-MM-DD; default: today, i.e. upcoming meetings).",
        )
        parser.add_argument("--body", default="", help="Only the body (Gremium) of this name.")

    def handle(self, url, user, meetings_from, body, **options):
        users = get_user_model().objects
        by = users.filter(username=user).first() if user else users.filter(is_superuser=True).order_by("pk").first()
        if by is None:
            raise CommandError(f"No login {user!r}." if user else "No superuser to draft the meetings as (--user).")
        only = None
        if body:
            only = Body.objects.filter(name=body).first()
            if only is None:
                raise CommandError(f"No body named {body!r}.")
        try:
            summary = import_oparl(url, by=by, meetings_from=meetings_from, body=only)
        except ImportFailed as error:
            raise CommandError(error.message) from None
        for line in summary.lines():
            self.stdout.write(line)
        self.stdout.write(self.style.SUCCESS("Import finished."))
