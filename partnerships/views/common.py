"""Helpers shared by the partnerships views."""

from __future__ import annotations

from django.http import FileResponse
from django.shortcuts import get_object_or_404, render

from send_portal.models import GeneratedDocument

from .. import selectors
from ..models import PlanVersion


def version_or_404(request, pk: int) -> PlanVersion:
    """A plan version the person may see, with everything its page shows; otherwise 404."""
    return get_object_or_404(
        selectors.version_detail_queryset(selectors.plan_versions_visible_to(request.user)), pk=pk
    )


def partnership_or_404(request, pk: int):
    return get_object_or_404(selectors.partnerships_visible_to(request.user), pk=pk)


def not_editable(request, version: PlanVersion, message: str = ""):
    return render(
        request,
        "partnerships/not_editable.html",
        {"version": version, "message": message},
        status=409,
    )


def serve_document(request, document: GeneratedDocument | None, *, filename: str, back: str):
    """The stored PDF, or a page saying it is still being made."""
    if document is None or document.status != GeneratedDocument.Status.READY:
        return render(
            request,
            "partnerships/pdf_pending.html",
            {"document": document, "back": back},
        )
    return FileResponse(
        document.file.open("rb"),
        content_type="application/pdf",
        as_attachment=False,
        filename=filename,
    )
