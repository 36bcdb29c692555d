"""The council's queue of requests families made online (``self_referral.py``): the list, and
one request's page where it is recorded as a request for a child or declined with a reason."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from send_portal import audit

from .. import intake_forms, selectors
from ..errors import DomainError
from ..services import online_requests
from .base import apply_domain_error
from .intake import NEW_REQUEST
from .self_referral import FamilyRequestFlow


def _require_intake(request) -> None:
    if not selectors.intake_councils(request.user):
        raise PermissionDenied(NEW_REQUEST)


@login_required
def online_request_list(request):
    _require_intake(request)
    waiting = selectors.online_requests_for(request.user).filter(status="waiting")
    done = selectors.online_requests_for(request.user).exclude(status="waiting")
    rows = [
        {
            "online": online,
            "due": online_requests.decision_due(online),
            "matches": selectors.possible_duplicates(
                online.local_authority_id,
                first_name=online.child_first_name,
                last_name=online.child_last_name,
                date_of_birth=online.child_date_of_birth,
                upn=online.child_upn,
            ).count(),
        }
        for online in waiting
    ]
    return render(
        request,
        "ehcp/intake/online_requests.html",
        {"rows": rows, "done": done.order_by("-decided_at")[:20], "today": selectors.today()},
    )


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def online_request_detail(request, reference):
    _require_intake(request)
    online = get_object_or_404(selectors.online_requests_for(request.user), reference=reference)
    matches = list(
        selectors.possible_duplicates(
            online.local_authority_id,
            first_name=online.child_first_name,
            last_name=online.child_last_name,
            date_of_birth=online.child_date_of_birth,
            upn=online.child_upn,
        )
    )
    accept_form = intake_forms.DuplicateForm(
        request.POST if request.POST.get("action") == "accept" else None, matches=matches
    )
    if not matches:
        accept_form.fields["choice"].choices = [("new", "Make a new record for the child")]
        accept_form.fields["choice"].initial = "new"
    decline_form = DeclineForm(request.POST if request.POST.get("action") == "decline" else None)
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "accept" and accept_form.is_valid():
                case = online_requests.accept(
                    actor=request.user,
                    request_id=online.pk,
                    duplicate=accept_form.cleaned_data["choice"],
                    allocate_to_me=request.POST.get("allocate_to_me") == "on",
                    site_url=request.build_absolute_uri("/"),
                )
                messages.success(request, f"{online.reference} recorded as case {case.reference}")
                return redirect("case-detail", case.reference)
            if action == "decline" and decline_form.is_valid():
                online_requests.decline(
                    actor=request.user,
                    request_id=online.pk,
                    reason=decline_form.cleaned_data["reason"],
                )
                messages.success(request, f"{online.reference} was not recorded as a request")
                return redirect("online-requests")
        except DomainError as error:
            apply_domain_error(accept_form if action == "accept" else decline_form, error)
    else:
        audit.record_view(
            actor=request.user,
            obj=online,
            child_id=online.case.child_id if online.case_id else None,
            summary=f"Viewed online request {online.reference}",
            request=request,
        )
    flow = FamilyRequestSummary(online)
    return render(
        request,
        "ehcp/intake/online_request.html",
        {
            "online": online,
            "due": online_requests.decision_due(online),
            "sections": flow.sections,
            "matches": [{"child": c, "cases": list(c.cases.all())} for c in matches],
            "accept_form": accept_form,
            "decline_form": decline_form,
            "form": accept_form if accept_form.errors else decline_form,
        },
    )


class DeclineForm(intake_forms.forms.Form):
    reason = intake_forms.forms.CharField(
        label="Why is it not being recorded as a request?",
        widget=intake_forms.forms.Textarea,
        max_length=2000,
        help_text="For example: the same request as case EHC-881-2026-00012; the child lives in "
        "another council's area (say which, and that the family was told).",
        error_messages={"required": "Enter why it is not being recorded as a request"},
    )


class FamilyRequestSummary:
    """The family's answers on an online request, laid out as the check page laid them out."""

    def __init__(self, online):
        flow = FamilyRequestFlow()
        flow.request = None
        flow.council_obj = online.local_authority
        self.sections = flow.sections(online.answers, with_links=False)


def reverse_case(case) -> str:
    return reverse("case-detail", args=[case.reference])
