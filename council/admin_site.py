"""The admin site of the project (settings: council.apps.AdminConfig)."""

from django.contrib import admin
from django.http import Http404
from django.utils.translation import gettext as _


class UnknownObjectsNotFound:
    """An object that does not exist — or is not one the user may see (a body's admin shows
    only its own rows) — answers 404, as everywhere else on the site. Django's admin would
    redirect to its index with a message, whatever was asked for."""

    def get_object(self, request, object_id, from_field=None):
        # Python reads “١٢” as 12: an address with other digits than 0-9 names no object here.
        if not str(object_id).isascii():
            return None
        return super().get_object(request, object_id, from_field)

    def _get_obj_does_not_exist_redirect(self, request, opts, object_id):
        raise Http404(_("%(name)s not found.") % {"name": opts.verbose_name})


class CouncilAdminSite(admin.AdminSite):
    def register(self, model_or_iterable, admin_class=None, **options):
        admin_class = admin_class or admin.ModelAdmin
        if not issubclass(admin_class, UnknownObjectsNotFound):
            admin_class = type(admin_class.__name__, (UnknownObjectsNotFound, admin_class), {})
        super().register(model_or_iterable, admin_class, **options)
