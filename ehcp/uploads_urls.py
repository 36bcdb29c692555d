"""Pages for adding documents to a case and downloading them (ehcp/views/uploads.py)."""

from django.urls import path

from ehcp.views import uploads

urlpatterns = [
    path(
        "my-cases/<str:reference>/documents/new/",
        uploads.family_evidence_upload,
        name="family-evidence-upload",
    ),
    path(
        "cases/<str:reference>/evidence/new/",
        uploads.case_evidence_upload,
        name="case-evidence-upload",
    ),
    path(
        "cases/<str:reference>/evidence/<int:pk>/",
        uploads.evidence_download,
        name="case-evidence-download",
    ),
    path(
        "advice/<int:pk>/report/new/",
        uploads.advice_evidence_upload,
        name="advice-evidence-upload",
    ),
]
