from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class MinutesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "minutes"
    verbose_name = _("Minutes")

    def ready(self):
        from . import checks, triggers  # noqa: F401  (checks registers the system checks)

        # The database lock follows the models: every migrate (re)installs the triggers
        # for every protocol-content table, including tables of models added later.
        post_migrate.connect(triggers.install_triggers, sender=self, dispatch_uid="minutes_lock_triggers")
