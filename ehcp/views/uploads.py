"""Adding documents to a case and downloading them.

- The family adds evidence to their own case (``family-evidence-upload``), the council's SEND
  team to a case of their council (``case-evidence-upload``), and an adviser attaches their
  report to the advice request they hold while it is open (``advice-evidence-upload``).
- A file is downloaded only through ``case-evidence-download``: the case through the
  permission-scoped case selector and the file through ``uploads_visible_to``, so anything
  outside a person's relationships is a 404. The response is an attachment with the type found
  in the content, ``nosniff`` and a sandboxing Content Security Policy.

The upload pages put a size-limiting upload handler in front of Django's before the body is read
(``ehcp.uploads.handlers``): they are ``csrf_exempt`` outside and ``csrf_protect`` inside.
"""

from __future__ import annotations

import logging
from urllib.parse import quote

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_GET, require_http_methods

from ehcp import selectors as case_selectors
from ehcp.errors import DomainError
from ehcp.models import EvidenceUpload
from ehcp.uploads import handlers
from ehcp.uploads.forms import EvidenceForm
from ehcp.uploads.selectors import REG_7, uploads_visible_to
from ehcp.uploads.services import upload_evidence
from ehcp.views.base import apply_domain_error, visible_case
from send_portal import audit, permissions
from send_portal.models import ADVISER_ROLES

logger = logging.getLogger("send_portal.uploads")

FAMILY_ONLY = "This page is for the child's parent or carer, or the young person."
COUNCIL_ONLY = "Only the council's SEND team can add documents to a case here."
#: Downloads are never shown inline: no script, no plug-ins, no same-origin access.
DOWNLOAD_CSP = "default-src 'none'; sandbox"


def _handle(request, *, case, form_kwargs, perform_kwargs, page, success_url):
    """Show the form, or take the upload and go back to where the list of documents is."""
    posted = request.method == "POST"
    form = EvidenceForm(
        request.POST if posted else None,
        request.FILES if posted else None,
        too_large=posted and getattr(request, "upload_too_large", False),
        **form_kwargs,
    )
    if posted and form.is_valid():
        try:
            upload = upload_evidence(
                actor=request.user,
                case=case,
                file=form.cleaned_data.get("file"),
                kind=form.chosen_kind,
                description=form.cleaned_data["description"],
                **perform_kwargs,
            )
        except DomainError as error:
            apply_domain_error(form, error)
        else:
            messages.success(request, f"{upload.display_name} has been added")
            return redirect(success_url)
    return render(request, "uploads/upload.html", {"form": form, "case": case, **page}, status=200)


# ---- the family ---------------------------------------------------------------------------------


@login_required
@csrf_exempt
def family_evidence_upload(request, reference):
    handlers.install(request)
    return _family_evidence_upload(request, reference)


@csrf_protect
@require_http_methods(["GET", "POST"])
def _family_evidence_upload(request, reference):
    case = visible_case(request, reference)
    if not case_selectors.is_family_of_case(request.user, case):
        raise PermissionDenied(FAMILY_ONLY)
    permissions.require(request.user, "send_portal.upload_evidence", case)
    back = reverse("family-case", args=[case.reference])
    return _handle(
        request,
        case=case,
        form_kwargs={},
        perform_kwargs={},
        page={
            "title": "Send a document to the council",
            "intro": "Send reports, letters or other evidence about "
            f"{case.child.known_as}'s needs. Your caseworker will be told. Professionals the "
            "council asks for advice can see what you send, as the council must share it "
            f"({REG_7}).",
            "back_url": back,
            "submit_label": "Send the document",
        },
        success_url=back + "#evidence",
    )


# ---- the council --------------------------------------------------------------------------------


@login_required
@csrf_exempt
def case_evidence_upload(request, reference):
    handlers.install(request)
    return _case_evidence_upload(request, reference)


@csrf_protect
@require_http_methods(["GET", "POST"])
def _case_evidence_upload(request, reference):
    case = visible_case(request, reference)
    if not case_selectors.is_staff_of_case(request.user, case):
        raise PermissionDenied(COUNCIL_ONLY)
    permissions.require(request.user, "send_portal.upload_evidence", case)
    back = reverse("case-detail", args=[case.reference])
    return _handle(
        request,
        case=case,
        form_kwargs={},
        perform_kwargs={},
        page={
            "title": "Add a document to the case",
            "intro": "For example a letter or report that came by post or e-mail. The family "
            "can see documents the council adds.",
            "back_url": back,
            "submit_label": "Add the document",
        },
        success_url=back + "#evidence",
    )


# ---- advisers -----------------------------------------------------------------------------------


@login_required
@csrf_exempt
def advice_evidence_upload(request, pk):
    handlers.install(request)
    return _advice_evidence_upload(request, pk)


@csrf_protect
@require_http_methods(["GET", "POST"])
def _advice_evidence_upload(request, pk):
    if not request.user.has_role(*ADVISER_ROLES):
        raise PermissionDenied("This page is for professionals asked to give advice.")
    # Only the adviser's open requests: once the advice is sent the case is not theirs to see.
    advice = get_object_or_404(case_selectors.open_advice_requests_for_adviser(request.user), pk=pk)
    permissions.require(request.user, "send_portal.attach_advice_report", advice)
    case = advice.case
    back = reverse("advice-submit", args=[advice.pk])
    return _handle(
        request,
        case=case,
        form_kwargs={"fixed_kind": EvidenceUpload.Kind.REPORT},
        perform_kwargs={"advice_request": advice},
        page={
            "title": "Attach your report",
            "intro": f"Attach your written report for {case.child.full_name}'s "
            f"{advice.get_advice_type_display().split(' (')[0].lower()}. The council will see "
            "it with your advice.",
            "back_url": back,
            "submit_label": "Attach the report",
        },
        success_url=back + "#attachments",
    )


# ---- downloads ----------------------------------------------------------------------------------


def content_disposition(name: str) -> str:
    """``attachment`` with an ASCII fallback name and the exact name in RFC 5987 form."""
    fallback = name.encode("ascii", "ignore").decode("ascii") or "document"
    fallback = fallback.replace("\\", "_").replace('"', "_")
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(name, safe='')}"


@login_required
@require_GET
def evidence_download(request, reference, pk):
    case = visible_case(request, reference)
    upload = get_object_or_404(uploads_visible_to(request.user, case), pk=pk)
    try:
        handle = upload.file.open("rb")
    except FileNotFoundError as exc:
        logger.error("Stored file of upload %s is missing", upload.pk)
        raise Http404 from exc
    audit.record_view(
        actor=request.user,
        obj=upload,
        child_id=case.child_id,
        summary=f"Downloaded '{upload.display_name}' ({case.reference})",
        request=request,
    )
    response = FileResponse(handle, content_type=upload.content_type)
    response["Content-Disposition"] = content_disposition(upload.display_name)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = DOWNLOAD_CSP
    response["Cache-Control"] = "private, no-store"
    response["Cross-Origin-Resource-Policy"] = "same-origin"
    return response
