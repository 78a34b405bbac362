from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path


class SetPasswordView(auth_views.PasswordResetConfirmView):
    """The link a new login gets to set its password. One that is not valid (any more) says so,
    as a 404: an address that names nothing."""

    def render_to_response(self, context, **kwargs):
        if not self.validlink:
            kwargs["status"] = 404
        return super().render_to_response(context, **kwargs)


urlpatterns = [
    path("admin/", admin.site.urls),
    # Open data (OParl 1.1): the same address in every language.
    path("oparl/v1.1/", include("minutes.oparl.urls")),
]

# German without a prefix, English under /en/ (council.middleware.PathLanguageMiddleware).
urlpatterns += i18n_patterns(
    path("login/", auth_views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    # The link a new login gets by email to set its password (minutes/roster/services.py).
    path("password/set/<uidb64>/<token>/", SetPasswordView.as_view(), name="password_reset_confirm"),
    path("password/set/done/", auth_views.PasswordResetCompleteView.as_view(), name="password_reset_complete"),
    path("", include("minutes.urls")),
    prefix_default_language=False,
)
