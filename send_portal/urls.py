from django.contrib.auth import views as django_auth_views
from django.urls import include, path

from .views import administration, auth, deliveries, directory, pages

urlpatterns = [
    path("", pages.home, name="home"),
    path("healthz/", pages.healthz, name="healthz"),
    path("accessibility/", pages.accessibility, name="accessibility"),
    path("privacy/", pages.privacy, name="privacy"),
    path("cookies/", pages.cookies, name="cookies"),
    path("help/", pages.help_page, name="help"),
    path("settings-directory/search/", directory.search, name="settings-directory-search"),
    path("sign-in/", auth.SignInView.as_view(), name="login"),
    path("sign-out/", django_auth_views.LogoutView.as_view(), name="logout"),
    path("signed-out/", pages.signed_out, name="signed-out"),
    path("password-reset/", auth.PasswordResetView.as_view(), name="password_reset"),
    path("password-reset/sent/", auth.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path(
        "password-reset/<uidb64>/<token>/",
        auth.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "password-reset/complete/",
        auth.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    path("notifications/", pages.notifications, name="notifications"),
    path("notifications/<int:pk>/read/", pages.notification_read, name="notification-read"),
    path("notifications/deliveries/", deliveries.delivery_log, name="delivery-log"),
    path("notifications/deliveries/<int:pk>/", deliveries.delivery_detail, name="delivery-detail"),
    path(
        "notifications/deliveries/<int:pk>/send-again/",
        deliveries.delivery_resend,
        name="delivery-resend",
    ),
    path(
        "notifications/reminder-settings/",
        deliveries.reminder_settings,
        name="reminder-settings",
    ),
    path("administration/", administration.index, name="administration"),
    path("administration/people/", administration.people, name="administration-people"),
    path("administration/people/new/", administration.person_new, name="administration-person-new"),
    path("administration/people/<int:pk>/", administration.person, name="administration-person"),
    path(
        "administration/people/<int:pk>/roles/add/",
        administration.role_add,
        name="administration-role-add",
    ),
    path(
        "administration/people/<int:pk>/roles/<int:assignment_id>/end/",
        administration.role_end,
        name="administration-role-end",
    ),
    path(
        "administration/people/<int:pk>/active/",
        administration.person_active,
        name="administration-person-active",
    ),
    path(
        "administration/people/<int:pk>/two-factor/reset/",
        administration.person_two_factor_reset,
        name="administration-person-two-factor-reset",
    ),
    path("administration/audit/", administration.audit, name="administration-audit"),
    path(
        "administration/role-grants/<int:pk>/decide/",
        administration.role_grant_decide,
        name="administration-role-grant-decide",
    ),
    path(
        "administration/organisations/",
        administration.organisations,
        name="administration-organisations",
    ),
    path(
        "administration/organisations/new/",
        administration.organisation_edit,
        name="administration-organisation-new",
    ),
    path(
        "administration/organisations/<int:pk>/",
        administration.organisation_edit,
        name="administration-organisation-edit",
    ),
    path("", include("send_portal.security.urls")),
    path("api/v1/", include("send_portal.api.urls")),
    # The apps, by name (the core imports none of them): evidence uploads, the rights pages and
    # retention, erasure and subject access (ehcp/records_urls.py), then the EHC pages.
    path("", include("ehcp.uploads_urls")),
    path("", include("ehcp.records_urls")),
    path("", include("ehcp.urls")),
    path("", include("ehcp.returns.urls")),
    path("", include("ehcp.redress.urls")),
    path("", include("ehcp.reviews.urls")),
    path("", include("standards.urls")),
    path("", include("partnerships.urls")),
    path("", include("dashboards.urls")),
    path("", include("tailored_lists.urls")),
]

handler404 = "send_portal.views.errors.not_found"
handler403 = "send_portal.views.errors.forbidden"
handler500 = "send_portal.views.errors.server_error"
