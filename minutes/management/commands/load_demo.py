"""``manage.py load_demo``: the seed protocol and one demo login per role.

Safe to run again: it restores the demo data instead of adding to it.
"""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from minutes.demo import seed
from minutes.demo.loader import load_demo


class Command(BaseCommand):
    help = (
        "Lädt das Demo-Protokoll (Integrationsbeirat, 20.07.2017) und Demo-Zugänge mit dem Passwort "
        f"„{seed.DEMO_PASSWORD}“. Wiederholbar: ein zweiter Lauf stellt denselben Stand her."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--force",
            action="store_true",
            help="Auch bei DEBUG=False laden (legt Zugänge mit bekanntem Passwort an!).",
        )
        parser.add_argument(
            "--unsigned",
            action="store_true",
            help="Das Demo-Protokoll als Entwurf lassen, statt es einzureichen, "
            "zu unterschreiben und zu veröffentlichen.",
        )

    def handle(self, *args, force=False, unsigned=False, **options):
        if not settings.DEBUG and not force:
            raise CommandError(
                "DEBUG ist aus: load_demo legt Zugänge mit dem bekannten Passwort "
                f"„{seed.DEMO_PASSWORD}“ an und gehört nicht in die Produktion. "
                "Wer das wirklich will (z. B. auf einem Vorführsystem), ruft es mit --force auf."
            )

        result = load_demo(sign=not unsigned)

        self.stdout.write(
            self.style.SUCCESS(
                f"Geladen: 1 Sitzung ({result.meeting.body} am {result.meeting.date:%d.%m.%Y}), "
                f"{result.items} Tagesordnungspunkte, "
                f"{result.contributions} Wortbeiträge, {result.attendances} Anwesenheitseinträge; "
                f"Status: {result.meeting.get_status_display()}. Dazu Sitzung 2 als Entwurf zum Ausprobieren "
                f"und die {result.committee.number}. Sitzung von „{result.committee.body}“ "
                f"({result.committee.date:%d.%m.%Y}; Status: {result.committee.get_status_display()})."
            )
        )
        width = max(len(username) for username, _ in result.users) + 2
        lines = [f"Demo-Zugänge (Passwort jeweils: {seed.DEMO_PASSWORD}):"]
        lines += [f"  {username.ljust(width)}– {description}" for username, description in result.users]
        self.stdout.write("\n".join(lines))
