"""Every existing body gets the four attendance groups the minutes used to have fixed:
voting members, advisory members, administration, guests (council.groups.DEFAULTS, written
out here as they were when this migration was made)."""

from django.db import migrations

DEFAULTS = [
    ("Stimmberechtigte Mitglieder", "", True, "members", True),
    ("Beratende Mitglieder", "", False, "advisory", True),
    ("Verwaltung", "", False, "administration", False),
    ("Gäste", "Teilnehmende Gäste", False, "guests", True),
]


def create_default_groups(apps, schema_editor):
    Body = apps.get_model("council", "Body")
    AttendanceGroup = apps.get_model("council", "AttendanceGroup")
    for body in Body.objects.all():
        if AttendanceGroup.objects.filter(body=body).exists():
            continue
        for order, (name, heading, votes, kind, on_person_pages) in enumerate(DEFAULTS, start=1):
            AttendanceGroup.objects.create(
                body=body,
                name=name,
                heading=heading,
                votes=votes,
                kind=kind,
                order=order,
                on_person_pages=on_person_pages,
            )


class Migration(migrations.Migration):
    dependencies = [
        ("council", "0004_registry_names_groups_wording"),
    ]

    operations = [migrations.RunPython(create_default_groups, migrations.RunPython.noop)]
