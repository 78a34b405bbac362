"""Existing attendance moves onto the bodies' attendance groups (council 0005 created the
four that used to be fixed), and each “deputy for” becomes a Deputation for the whole
meeting. The history's rows get the same group, so it keeps naming it.

Signed protocols' rows change too (their group is the same one, now a row of its own):
the lock triggers are opened for this migration's transaction only.
"""

from django.db import migrations

GROUP_NAMES = {
    "member": "Stimmberechtigte Mitglieder",
    "advisory": "Beratende Mitglieder",
    "administration": "Verwaltung",
    "guest": "Gäste",
}


def unlock(schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        with schema_editor.connection.cursor() as cursor:
            cursor.execute("SELECT set_config('ratsprotokoll.unlock', 'on', true)")


def forwards(apps, schema_editor):
    unlock(schema_editor)
    AttendanceGroup = apps.get_model("council", "AttendanceGroup")
    Meeting = apps.get_model("minutes", "Meeting")
    Attendance = apps.get_model("minutes", "Attendance")
    HistoricalAttendance = apps.get_model("minutes", "HistoricalAttendance")
    Deputation = apps.get_model("minutes", "Deputation")

    groups = {(g.body_id, g.name): g.pk for g in AttendanceGroup.objects.all()}
    body_of_meeting = dict(Meeting.objects.values_list("pk", "body_id"))

    def group_id(meeting_id, key):
        body_id = body_of_meeting.get(meeting_id)
        name = GROUP_NAMES.get(key, GROUP_NAMES["member"])
        if body_id is None:
            return None
        if (body_id, name) not in groups:  # a body created between the two migrations
            group = AttendanceGroup.objects.create(body_id=body_id, name=name, order=len(groups) + 1)
            groups[(body_id, name)] = group.pk
        return groups[(body_id, name)]

    for row in Attendance.objects.all().iterator():
        row.group_ref_id = group_id(row.meeting_id, row.group)
        row.save(update_fields=["group_ref"])
        if row.deputy_for_id:
            Deputation.objects.create(deputy_id=row.pk, member_id=row.deputy_for_id)
    for record in HistoricalAttendance.objects.all().iterator():
        record.group_ref_id = group_id(record.meeting_id, record.group)
        record.save(update_fields=["group_ref"])


def backwards(apps, schema_editor):
    unlock(schema_editor)
    Attendance = apps.get_model("minutes", "Attendance")
    Deputation = apps.get_model("minutes", "Deputation")
    kinds = {name: key for key, name in GROUP_NAMES.items()}
    for row in Attendance.objects.select_related("group_ref").iterator():
        row.group = kinds.get(row.group_ref.name, "member") if row.group_ref_id else "member"
        first = Deputation.objects.filter(deputy_id=row.pk).order_by("pk").first()
        row.deputy_for_id = first.member_id if first else None
        row.save(update_fields=["group", "deputy_for"])


class Migration(migrations.Migration):
    dependencies = [
        ("council", "0005_default_attendance_groups"),
        ("minutes", "0012_attendance_groups_deputations_named_votes"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
