from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.utils.translation import gettext_lazy as _


class CouncilConfig(AppConfig):
    default = True  # the module also holds the admin's configuration
    default_auto_field = "django.db.models.BigAutoField"
    name = "council"
    verbose_name = _("Council registry")

    def ready(self):
        from . import security  # noqa: F401 — logs lockouts (axes' user_locked_out)


class AdminConfig(admin_apps.AdminConfig):
    """django.contrib.admin with the project's site (council/admin_site.py)."""

    default = False
    default_site = "council.admin_site.CouncilAdminSite"
