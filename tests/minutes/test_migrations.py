"""Existing data moves onto the new model: the four fixed attendance groups become each
body's own groups, a single “deputy for” becomes a deputation (migrations council 0004/0005,
minutes 0012–0014) — also in signed protocols and in the history."""

import datetime

from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("council", "0003_person_email"), ("minutes", "0011_files_and_attachments")]
DATA_MOVED = [("council", "0005_default_attendance_groups"), ("minutes", "0013_attendance_groups_and_deputations_data")]
AFTER = [("council", "0005_default_attendance_groups"), ("minutes", "0014_attendance_group_required")]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.migrate(targets)
    # Inside the test's transaction deferred foreign-key checks would block the next ALTER TABLE.
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    return MigrationExecutor(connection).loader.project_state(targets).apps


def test_the_fixed_groups_and_deputies_move_onto_each_bodys_groups(db):
    old = _migrate(BEFORE)
    Body, Person = old.get_model("council", "Body"), old.get_model("council", "Person")
    Meeting, Attendance = old.get_model("minutes", "Meeting"), old.get_model("minutes", "Attendance")
    HistoricalAttendance = old.get_model("minutes", "HistoricalAttendance")
    beirat, ausschuss = Body.objects.create(name="Beirat"), Body.objects.create(name="Ausschuss")
    meetings = {
        body: Meeting.objects.create(body=body, number=1, date=datetime.date(2017, 7, 20))
        for body in (beirat, ausschuss)
    }
    member = Person.objects.create(form_of_address="Herr", family_name="De Marco")
    rows = {}
    for order, (name, group) in enumerate(
        [("Duczkowska", "member"), ("Kaya", "advisory"), ("Gegner", "administration"), ("Schindler", "guest")]
    ):
        person = Person.objects.create(form_of_address="Frau", family_name=name)
        rows[group] = Attendance.objects.create(meeting=meetings[beirat], person=person, order=order, group=group)
    hechler = Person.objects.create(form_of_address="Herr", family_name="Hechler")
    deputy = Attendance.objects.create(meeting=meetings[ausschuss], person=hechler, order=1, deputy_for=member)
    HistoricalAttendance.objects.create(
        id=deputy.pk, meeting_id=meetings[ausschuss].pk, person_id=hechler.pk, order=1, group="member",
        status="present", history_date=datetime.datetime(2017, 7, 21, tzinfo=datetime.UTC), history_type="+",
    )  # fmt: skip
    with connection.cursor() as cursor:  # the beirat's protocol is signed: its rows are locked
        cursor.execute("SELECT set_config('ratsprotokoll.unlock', 'on', true)")
        cursor.execute("UPDATE minutes_meeting SET status = 'published' WHERE id = %s", [meetings[beirat].pk])
        cursor.execute("SELECT set_config('ratsprotokoll.unlock', 'off', true)")

    _migrate(DATA_MOVED)
    new = _migrate(AFTER)
    AttendanceGroup = new.get_model("council", "AttendanceGroup")
    Attendance, Deputation = new.get_model("minutes", "Attendance"), new.get_model("minutes", "Deputation")
    HistoricalAttendance = new.get_model("minutes", "HistoricalAttendance")

    for body in (beirat, ausschuss):
        groups = list(AttendanceGroup.objects.filter(body_id=body.pk).order_by("order"))
        assert [(g.name, g.heading, g.votes, g.kind) for g in groups] == [
            ("Stimmberechtigte Mitglieder", "", True, "members"),
            ("Beratende Mitglieder", "", False, "advisory"),
            ("Verwaltung", "", False, "administration"),
            ("Gäste", "Teilnehmende Gäste", False, "guests"),
        ]
    moved = {row.person.family_name: row.group for row in Attendance.objects.select_related("group", "person")}
    assert {name: (g.body_id, g.name) for name, g in moved.items()} == {
        "Duczkowska": (beirat.pk, "Stimmberechtigte Mitglieder"),
        "Kaya": (beirat.pk, "Beratende Mitglieder"),
        "Gegner": (beirat.pk, "Verwaltung"),
        "Schindler": (beirat.pk, "Gäste"),
        "Hechler": (ausschuss.pk, "Stimmberechtigte Mitglieder"),
    }
    [deputation] = Deputation.objects.all()
    assert (deputation.deputy_id, deputation.member_id, deputation.start, deputation.end) == (
        deputy.pk,
        member.pk,
        None,
        None,
    )
    assert HistoricalAttendance.objects.get(id=deputy.pk).group.name == "Stimmberechtigte Mitglieder"

    _migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())  # back to today's schema
