"""A signature line names a function of the body (and optionally the one person who signs it)
instead of carrying editable text: the printed name and function come from the signer's
records when they sign (Signature.name, Signature.function)."""

from django.db import migrations, models

SIGNATURE_ROLES = ["chair", "deputy_chair", "management", "minute_taker", "member"]
UNLOCK = "SELECT set_config('ratsprotokoll.unlock', %s, true)"  # minutes/lock.py: the triggers let it through


def _unlocked(schema_editor, on: bool) -> None:
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(UNLOCK, ["on" if on else "off"])


def functions_from_the_body_rules(apps, schema_editor):
    """Each line gets the function the body's rules gave its place (the n-th line the n-th
    role), else what its person is in the body, else “member”."""
    SignatureLine = apps.get_model("minutes", "SignatureLine")
    Membership = apps.get_model("council", "Membership")
    _unlocked(schema_editor, True)
    lines = SignatureLine.objects.select_related("meeting__body").order_by("meeting_id", "order", "pk")
    index, meeting_id = 0, None
    for line in lines:
        index = index + 1 if line.meeting_id == meeting_id else 0
        meeting_id = line.meeting_id
        rules = [role for role in (line.meeting.body.signature_roles or []) if role in SIGNATURE_ROLES]
        if index < len(rules):
            role = rules[index]
        elif line.person_id and line.person_id == line.meeting.chair_id:
            role = "chair"
        else:
            held = set(
                Membership.objects.filter(body_id=line.meeting.body_id, person_id=line.person_id).values_list(
                    "role", flat=True
                )
            )
            role = next((r for r in SIGNATURE_ROLES if r in held), "member")
        SignatureLine.objects.filter(pk=line.pk).update(role=role)
    _unlocked(schema_editor, False)


def text_from_the_records(apps, schema_editor):
    SignatureLine = apps.get_model("minutes", "SignatureLine")
    labels = {
        "chair": "Vorsitz",
        "deputy_chair": "Stellvertretender Vorsitz",
        "management": "Geschäftsführung",
        "minute_taker": "Schriftführung",
        "member": "Mitglied",
    }
    _unlocked(schema_editor, True)
    for line in SignatureLine.objects.select_related("person"):
        name = ""
        if line.person_id:
            person = line.person
            name = " ".join(part for part in (person.title, person.given_name, person.family_name) if part)
        SignatureLine.objects.filter(pk=line.pk).update(name=name, function=labels.get(line.role, line.role))
    _unlocked(schema_editor, False)


class Migration(migrations.Migration):
    dependencies = [
        ("council", "0006_signing_functions_and_second_factor"),
        ("minutes", "0014_attendance_group_required"),
    ]

    operations = [
        migrations.AddField(
            model_name="signatureline",
            name="role",
            field=models.CharField(
                choices=[
                    ("chair", "Chair"),
                    ("deputy_chair", "Deputy chair"),
                    ("management", "Management"),
                    ("minute_taker", "Minute-taker"),
                    ("member", "Member"),
                ],
                default="member",
                max_length=20,
                verbose_name="function",
            ),
            preserve_default=False,
        ),
        migrations.RunPython(functions_from_the_body_rules, migrations.RunPython.noop),
        migrations.RunPython(migrations.RunPython.noop, text_from_the_records),
        migrations.RemoveField(model_name="signatureline", name="function"),
        migrations.RemoveField(model_name="signatureline", name="name"),
        migrations.AlterField(
            model_name="signatureline",
            name="person",
            field=models.ForeignKey(
                blank=True,
                help_text="Only this person signs the line. Empty: whoever holds the function on the meeting's date.",
                null=True,
                on_delete=models.deletion.PROTECT,
                related_name="signature_lines",
                to="council.person",
                verbose_name="person",
            ),
        ),
        migrations.AlterField(
            model_name="protocolevent",
            name="action",
            field=models.CharField(
                choices=[
                    ("submitted", "Submitted for approval"),
                    ("commented", "Commented on an item"),
                    ("changes_requested", "Changes requested"),
                    ("signed", "Signed"),
                    ("frozen", "Frozen: documents stored"),
                    ("published", "Published"),
                    ("correction_started", "Correction started"),
                    ("signing_failed", "Signing refused: wrong password or code"),
                ],
                editable=False,
                max_length=30,
                verbose_name="action",
            ),
        ),
        migrations.AlterField(
            model_name="signature",
            name="role",
            field=models.CharField(
                blank=True,
                choices=[
                    ("chair", "Chair"),
                    ("deputy_chair", "Deputy chair"),
                    ("management", "Management"),
                    ("minute_taker", "Minute-taker"),
                    ("member", "Member"),
                ],
                max_length=20,
                verbose_name="signs as",
            ),
        ),
    ]
