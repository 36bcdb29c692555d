"""Retention, erasure and subject access pages for a council's SEND manager (the core's
retention rules and erasure service, :mod:`send_portal.retention` and :mod:`send_portal.erasure`,
applied to this app's children's records).

Scope (ROLES.md): a SEND manager sees the records of their own council's children; anyone else,
and any other council's child, gets a 404. Reading a child's record here is logged like any staff
read. Erasing is two pages (the reason, then check and confirm) and goes through
:func:`send_portal.erasure.erase_child`, which checks permission again and refuses a record whose
request is open or whose plan is maintained.
"""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from send_portal import audit, erasure, retention
from send_portal.models import Role
from send_portal.security.access_log import export_access_log

from ..models import Case, Child


def _councils(user) -> list[int]:
    councils = user.organisations_for(Role.SEND_MANAGER)
    if not councils:
        raise Http404("No retention pages for this account")
    return councils


def _child(request, child_id: int) -> Child:
    return get_object_or_404(
        Child.objects.select_related("local_authority"),
        pk=child_id,
        local_authority_id__in=_councils(request.user),
    )


def _session_key(child: Child) -> str:
    return f"erasure-reason:{child.pk}"


class FindForm(forms.Form):
    reference = forms.CharField(
        label="Case reference",
        help_text="For example, EHC-881-2024-00123",
        max_length=24,
        error_messages={"required": "Enter a case reference"},
    )


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label="Why are you erasing this record?",
        help_text="For example, the young person's erasure request of 3 March, agreed by the "
        "information governance team. Do not include the child's name.",
        widget=forms.Textarea,
        max_length=500,
        error_messages={
            "required": "Enter why you are erasing this record",
            "max_length": "Reason must be 500 characters or fewer",
        },
    )


@login_required
@require_GET
def index(request):
    councils = _councils(request.user)
    form = FindForm(request.GET or None)
    if request.GET and form.is_valid():
        case = Case.objects.filter(
            reference__iexact=form.cleaned_data["reference"].strip(),
            local_authority_id__in=councils,
        ).first()
        if case is not None:
            return redirect("retention-record", child_id=case.child_id)
        form.add_error("reference", "No case of your council has that reference")
    due = retention.children_due(council_ids=councils)
    children = Child.objects.in_bulk([entry.child_id for entry in due])
    references: dict[int, list[str]] = {}
    for child_id, reference in Case.objects.filter(child_id__in=children).values_list(
        "child_id", "reference"
    ):
        references.setdefault(child_id, []).append(reference)
    rows = [
        {
            "entry": entry,
            "child": children[entry.child_id],
            "references": references.get(entry.child_id, []),
        }
        for entry in due
    ]
    return render(
        request,
        "erasure/index.html",
        {
            "form": form,
            "rows": rows,
            "rules": retention.RULES.values(),
            "applying": getattr(settings, "RETENTION_APPLY", False),
        },
    )


@login_required
@require_GET
def record(request, child_id: int):
    child = _child(request, child_id)
    erased = erasure.erasure_events().filter(object_id=str(child.pk)).first()
    if erased is None:
        audit.record_view(
            actor=request.user,
            obj=child,
            child_id=child.pk,
            summary="Viewed the child's record for retention and subject access",
            request=request,
        )
    return render(
        request,
        "erasure/record.html",
        {
            "child": child,
            "erased": erased,
            "cases": child.cases.order_by("received_on"),
            "retention": retention.retention_of(child.pk) if erased is None else None,
            "refusal": erasure.refusal_reason(child) if erased is None else None,
            "today": timezone.localdate(),
        },
    )


@login_required
@require_GET
def access_log_csv(request, child_id: int):
    child = _child(request, child_id)
    content = export_access_log(actor=request.user, child=child)
    response = HttpResponse(content, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="access-log-child-{child.pk}.csv"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def erase(request, child_id: int):
    child = _child(request, child_id)
    refusal = erasure.refusal_reason(child)
    if refusal:
        return redirect("retention-record", child_id=child.pk)
    initial = {"reason": request.session.get(_session_key(child), "")}
    form = ReasonForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        request.session[_session_key(child)] = form.cleaned_data["reason"].strip()
        return redirect("retention-erase-check", child_id=child.pk)
    return render(request, "erasure/erase.html", {"child": child, "form": form})


@login_required
@require_http_methods(["GET", "POST"])
def erase_check(request, child_id: int):
    child = _child(request, child_id)
    reason = request.session.get(_session_key(child))
    if not reason:
        return redirect("retention-erase", child_id=child.pk)
    error = None
    if request.method == "POST":
        try:
            erasure.erase_child(actor=request.user, child_id=child.pk, reason=reason)
        except erasure.ErasureRefused as exc:
            error = str(exc)
        else:
            request.session.pop(_session_key(child), None)
            return redirect("retention-erased", child_id=child.pk)
    return render(
        request,
        "erasure/check.html",
        {
            "child": child,
            "reason": reason,
            "cases": child.cases.order_by("received_on"),
            "retention": retention.retention_of(child.pk),
            "today": timezone.localdate(),
            "error": error,
            "change_url": reverse("retention-erase", args=[child.pk]),
        },
    )


@login_required
@require_GET
def erased(request, child_id: int):
    child = _child(request, child_id)
    event = get_object_or_404(erasure.erasure_events(), object_id=str(child.pk))
    return render(request, "erasure/erased.html", {"child": child, "event": event})
