"""Synthetic published protocols at the scale of a large city, for load tests and benchmarks.

Full size: 30 bodies × 10 years × 11 meetings = 3,300 protocols with about 150,000
contributions. ``--scale 0.1`` keeps every protocol as large but makes a tenth of the
bodies, so the total grows while each page's share of it does not.

Bodies it creates carry the classification ``SYNTHETIC`` so ``--replace`` (and nothing
else) can find and delete them again; real data is never touched.

The one writer of protocol content past the drafting services, on purpose: it
bulk-inserts (and publishes) load-test data, 150,000 rows in seconds, which a row-by-row
write path with locks and history cannot do. It only ever writes its own new bodies.
"""

import random
from datetime import date, time

from django.core.management.base import BaseCommand
from django.db import connection, transaction

from council.groups import attendance_groups
from council.models import Body, Membership, Person
from minutes import lock
from minutes.models import AgendaItem, Attendance, Contribution, Meeting

SYNTHETIC = "SYNTHETIC"
BATCH = 5000

GIVEN = [
    "Anna",
    "Bernd",
    "Clara",
    "Deniz",
    "Elif",
    "Frank",
    "Gül",
    "Hans",
    "Ines",
    "Jonas",
    "Katrin",
    "Lukas",
    "Mehmet",
    "Nina",
    "Olga",
    "Peter",
    "Rana",
    "Sven",
    "Tanja",
    "Uwe",
    "Vera",
    "Yusuf",
]
FAMILY = [
    "Albrecht",
    "Bauer",
    "Çelik",
    "Dietrich",
    "Engel",
    "Fischer",
    "Günther",
    "Hoffmann",
    "Ivanova",
    "Jung",
    "Keller",
    "Lang",
    "Müller",
    "Nowak",
    "Özdemir",
    "Peters",
    "Richter",
    "Schmidt",
    "Triebel",
    "Vogel",
    "Weber",
    "Yilmaz",
    "Zimmermann",
]
TOPICS = [
    "Haushalt",
    "Sportstätten",
    "Kindertagesstätten",
    "Radverkehr",
    "Integrationskurse",
    "Schulsanierung",
    "Stadtbibliothek",
    "Jugendarbeit",
    "Wohnungsbau",
    "Klimaschutz",
    "Seniorenarbeit",
    "Friedhofsgebühren",
    "Straßenbeleuchtung",
    "Vereinsförderung",
    "Wochenmarkt",
    "Bebauungsplan",
]
VERBS = ["berichtet über", "fragt nach", "erläutert", "kritisiert", "begrüßt", "regt an, zu prüfen:", "stellt vor:"]
NOUNS = [
    "die Zuschüsse für Vereine",
    "den Zuschuss des Landes",
    "die Kosten der Sanierung",
    "die Wartelisten",
    "die Öffnungszeiten",
    "die Förderrichtlinien",
    "den Stellenplan",
    "die Bürgerbeteiligung",
    "die Ergebnisse der Umfrage",
    "den Zeitplan der Bauarbeiten",
    "die Belegung der Hallen",
    "die Beiträge der Eltern",
    "den Bericht der Verwaltung",
    "die Anträge der Fraktionen",
]
# One contribution in about a thousand mentions one of these: the rare words of real minutes.
RARE = ["Sondernutzungserlaubnis", "Denkmalschutzauflage", "Erbbaurechtsvertrag", "Baumschutzsatzung"]
TAILS = [
    "Die Verwaltung sagt eine schriftliche Antwort zu.",
    "Der Beirat nimmt den Bericht zur Kenntnis.",
    "Es gibt Rückfragen aus dem Gremium.",
    "Die Angelegenheit wird in der nächsten Sitzung wieder aufgerufen.",
    "Weitere Informationen folgen mit der Niederschrift.",
    "Mehrere Mitglieder unterstützen den Vorschlag.",
]


class Command(BaseCommand):
    help = "Create synthetic published protocols (bodies × years × meetings) with bulk inserts."

    def add_arguments(self, parser):
        parser.add_argument("--bodies", type=int, default=30)
        parser.add_argument("--years", type=int, default=10)
        parser.add_argument("--meetings-per-year", type=int, default=11)
        parser.add_argument("--scale", type=float, default=1.0, help="Share of the bodies to create (0.1: a tenth).")
        parser.add_argument("--items-per-meeting", type=int, default=5, help="The last one is non-public.")
        parser.add_argument("--contributions-per-item", type=int, default=9)
        parser.add_argument("--members-per-body", type=int, default=15)
        parser.add_argument("--first-year", type=int, default=2015)
        parser.add_argument("--seed", type=int, default=20170720)
        parser.add_argument("--replace", action="store_true", help="Delete earlier synthetic data first.")

    def handle(self, *args, **options):
        if options["replace"]:
            self.delete_synthetic()
        counts = self.generate(options)
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        if options["verbosity"]:
            self.stdout.write(", ".join(f"{n} {what}" for what, n in counts.items()))

    @transaction.atomic
    def delete_synthetic(self):
        bodies = Body.objects.filter(classification=SYNTHETIC)
        people = Person.objects.filter(memberships__body__in=bodies).distinct().values_list("pk", flat=True)
        people = list(people)
        with lock.unlocked():  # synthetic protocols are published, hence locked (minutes/lock.py)
            Meeting.objects.filter(body__in=bodies).delete()
        Membership.objects.filter(body__in=bodies).delete()
        Person.objects.filter(pk__in=people).delete()
        bodies.delete()

    def generate(self, options) -> dict[str, int]:
        # Synthetic data is published from the start, past the approval workflow (nothing to
        # sign): only lock.unlocked() lets published protocols and their content be written
        # (minutes/lock.py). Written once, as published, the search rows need no second pass.
        with transaction.atomic(), lock.unlocked():
            return self._generate(options)

    def _generate(self, options) -> dict[str, int]:
        rng = random.Random(options["seed"])
        n_bodies = max(1, round(options["bodies"] * options["scale"]))
        offset = Body.objects.filter(classification=SYNTHETIC).count()
        bodies = Body.objects.bulk_create(
            Body(
                name=f"Ausschuss {offset + b + 1:02d} für {TOPICS[(offset + b) % len(TOPICS)]}",
                protocol_title=f"Niederschrift des Ausschusses {offset + b + 1:02d}",
                classification=SYNTHETIC,
            )
            for b in range(n_bodies)
        )
        per_body = options["members_per_body"]
        people = Person.objects.bulk_create(
            Person(
                form_of_address=rng.choice(["Frau", "Herr"]),
                given_name=rng.choice(GIVEN),
                family_name=rng.choice(FAMILY),
            )
            for _ in range(n_bodies * per_body)
        )
        rosters = {body.pk: people[i * per_body : (i + 1) * per_body] for i, body in enumerate(bodies)}
        Membership.objects.bulk_create(
            Membership(
                body=body,
                person=person,
                order=order,
                role=Membership.Role.CHAIR if order == 0 else Membership.Role.MEMBER,
            )
            for body in bodies
            for order, person in enumerate(rosters[body.pk])
        )

        meetings = []
        for body in bodies:
            number = 0
            for year in range(options["first_year"], options["first_year"] + options["years"]):
                for m in range(options["meetings_per_year"]):
                    number += 1
                    meetings.append(
                        Meeting(
                            body=body,
                            number=number,
                            date=date(year, 1 + m % 12, 1 + rng.randrange(28)),
                            start_time=time(17, 0),
                            end_time=time(19, 0),
                            building="Rathaus",
                            room=f"Sitzungssaal {1 + rng.randrange(4)}",
                            chair=rosters[body.pk][0],
                            status=Meeting.Status.PUBLISHED,
                        )
                    )
        meetings = Meeting.objects.bulk_create(meetings, batch_size=BATCH)

        voting_group = {body.pk: attendance_groups(body)[0] for body in bodies}  # the defaults: voting members first
        statuses = [Attendance.Status.PRESENT] * 16 + [Attendance.Status.EXCUSED] * 3 + [Attendance.Status.ABSENT]
        Attendance.objects.bulk_create(
            (
                Attendance(
                    meeting=meeting,
                    person=person,
                    order=order,
                    status=rng.choice(statuses),
                    group=voting_group[meeting.body_id],
                )
                for meeting in meetings
                for order, person in enumerate(rosters[meeting.body_id])
            ),
            batch_size=BATCH,
        )

        n_items = options["items_per_meeting"]
        items = AgendaItem.objects.bulk_create(
            (
                AgendaItem(
                    meeting=meeting,
                    number=str(i + 1),
                    order=i,
                    title=f"{rng.choice(TOPICS)}: {rng.choice(NOUNS)}",
                    public=i < n_items - 1 or n_items == 1,
                )
                for meeting in meetings
                for i in range(n_items)
            ),
            batch_size=BATCH,
        )
        body_of_meeting = {meeting.pk: meeting.body_id for meeting in meetings}

        def contributions():
            for item in items:
                roster = rosters[body_of_meeting[item.meeting_id]]
                for order in range(options["contributions_per_item"]):
                    text = " ".join(
                        [f"{rng.choice(VERBS)} {rng.choice(NOUNS)} im Bereich {rng.choice(TOPICS)}."]
                        + rng.sample(TAILS, 2)
                    )
                    if rng.random() < 0.001:
                        text += f" Die {rng.choice(RARE)} liegt vor."
                    yield Contribution(item=item, order=order, speaker=rng.choice(roster), text=text)

        count = 0
        batch = []
        for contribution in contributions():
            batch.append(contribution)
            if len(batch) == BATCH:
                Contribution.objects.bulk_create(batch)
                count += len(batch)
                batch = []
        Contribution.objects.bulk_create(batch)
        count += len(batch)
        return {
            "bodies": len(bodies),
            "people": len(people),
            "meetings": len(meetings),
            "agenda items": len(items),
            "contributions": count,
        }
