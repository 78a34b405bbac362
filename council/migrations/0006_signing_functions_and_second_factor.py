from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("council", "0005_default_attendance_groups"),
    ]

    operations = [
        migrations.AddField(
            model_name="body",
            name="signers_need_second_factor",
            field=models.BooleanField(
                default=False,
                help_text="Signers confirm their signature with their password and a code from their authenticator app (or a recovery code); they set the app up under “Two-factor authentication”.",
                verbose_name="signing needs a second factor",
            ),
        ),
        migrations.AddField(
            model_name="membership",
            name="function",
            field=models.CharField(
                blank=True,
                help_text="How a signature names this function, e.g. “Vorsitzender”; empty: the role (“Vorsitz”). Printed when this person signs a protocol of the body.",
                max_length=200,
                verbose_name="function as signed",
            ),
        ),
    ]
