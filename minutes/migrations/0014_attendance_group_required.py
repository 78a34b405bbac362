"""The attendance group is now the body's own (0013 moved every row onto it): the fixed
choices and the single “deputy for” (now Deputation) go."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("council", "0005_default_attendance_groups"),
        ("minutes", "0013_attendance_groups_and_deputations_data"),
    ]

    operations = [
        migrations.RemoveField(model_name="attendance", name="group"),
        migrations.RemoveField(model_name="historicalattendance", name="group"),
        migrations.RemoveField(model_name="attendance", name="deputy_for"),
        migrations.RemoveField(model_name="historicalattendance", name="deputy_for"),
        migrations.RenameField(model_name="attendance", old_name="group_ref", new_name="group"),
        migrations.RenameField(model_name="historicalattendance", old_name="group_ref", new_name="group"),
        migrations.AlterField(
            model_name="attendance",
            name="group",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="attendances",
                to="council.attendancegroup",
                verbose_name="group",
            ),
        ),
    ]
