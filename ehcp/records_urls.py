"""The family's rights pages, and retention, erasure and subject access of children's records
for SEND managers (the core's retention rules and erasure service applied to this app's
records). Included by the root URLconf beside ``ehcp.urls``; covered by the permission matrix
(tests/security/)."""

from django.urls import path

from .views import retention, rights

urlpatterns = [
    # The family's rights (public pages)
    path("your-rights/", rights.rights, name="rights"),
    path("your-rights/easy-read/", rights.rights_easy_read, name="rights-easy-read"),
    # Retention, erasure and subject access of children's records (SEND managers)
    path("retention/", retention.index, name="retention"),
    path("retention/records/<int:child_id>/", retention.record, name="retention-record"),
    path(
        "retention/records/<int:child_id>/access-log.csv",
        retention.access_log_csv,
        name="retention-access-log",
    ),
    path("retention/records/<int:child_id>/erase/", retention.erase, name="retention-erase"),
    path(
        "retention/records/<int:child_id>/erase/check/",
        retention.erase_check,
        name="retention-erase-check",
    ),
    path("retention/records/<int:child_id>/erased/", retention.erased, name="retention-erased"),
]
