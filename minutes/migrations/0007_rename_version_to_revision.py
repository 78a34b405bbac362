from django.db import migrations, models

# The edit counter of meetings, agenda items, contributions and decisions (and of their
# history tables) is called ``revision``: ``edition`` is the printed “Fassung”.
MODELS = ["meeting", "agendaitem", "contribution", "decision"]


class Migration(migrations.Migration):
    dependencies = [
        ("minutes", "0006_meeting_edition"),
    ]

    operations = [
        operation
        for model in MODELS
        for history in (model, f"historical{model}")
        for operation in (
            migrations.RenameField(model_name=history, old_name="version", new_name="revision"),
            migrations.AlterField(
                model_name=history,
                name="revision",
                field=models.PositiveIntegerField(default=1, editable=False, verbose_name="revision"),
            ),
        )
    ]
