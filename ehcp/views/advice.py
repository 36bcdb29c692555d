"""Professionals' advice inbox: the advice requests addressed to them, with their due dates."""

from __future__ import annotations

from django import forms as django_forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

from send_portal import audit, permissions
from send_portal.models import ADVISER_ROLES
from send_portal.text import in_sentence

from .. import plan_forms, selectors
from ..errors import DomainError
from ..models import AdviceItem, AdviceRequest
from ..services import advice_items, workflow
from .base import apply_domain_error


class SubmitAdviceForm(django_forms.Form):
    summary = django_forms.CharField(
        label="Your advice",
        widget=django_forms.Textarea,
        help_text="Your advice in your own words: what you found and why. Add the needs, "
        "outcomes and provision you recommend as items above, so the council can use them in "
        "the plan.",
        error_messages={"required": "Enter your advice"},
    )


def _adviser(request):
    if not request.user.has_role(*ADVISER_ROLES):
        raise PermissionDenied("This page is for professionals asked to give advice.")


def _open_requests(user):
    """The adviser's open requests. Once advice is in, the case is no longer theirs to see
    (ROLES.md: "for as long as that request is open"). The API uses the same selector."""
    return selectors.open_advice_requests_for_adviser(user)


@login_required
def advice_inbox(request):
    _adviser(request)
    requests = _open_requests(request.user).order_by("due_on", "pk")
    return render(
        request, "ehcp/advice/inbox.html", {"requests": requests, "today": selectors.today()}
    )


def _sent_advice(user):
    """The advice this adviser has sent (or the council recorded as received from them): what
    they sent, when, and its receipt. Only their own advice: the case itself left their view
    when the request closed."""
    return selectors.advice_requests_for_adviser(user).filter(status=AdviceRequest.Status.RECEIVED)


@login_required
def advice_sent(request):
    _adviser(request)
    sent = _sent_advice(request.user).order_by("-received_on", "-sent_at", "-pk")
    return render(request, "ehcp/advice/sent.html", {"sent": sent})


@login_required
def advice_receipt(request, pk):
    _adviser(request)
    advice = get_object_or_404(
        _sent_advice(request.user).select_related("case__local_authority", "sent_by"), pk=pk
    )
    audit.record_view(
        actor=request.user,
        obj=advice.case,
        child_id=advice.case.child_id,
        summary=f"Read the receipt of their advice for {advice.case.reference}",
        request=request,
    )
    return render(
        request,
        "ehcp/advice/receipt.html",
        {"advice": advice, "case": advice.case, "item_groups": _item_groups(advice)},
    )


@login_required
@require_http_methods(["GET", "POST"])
def advice_submit(request, pk):
    _adviser(request)
    advice = get_object_or_404(_open_requests(request.user), pk=pk)
    permissions.require(request.user, "ehcp.submit_advice", advice)
    audit.record_view(
        actor=request.user,
        obj=advice.case,
        child_id=advice.case.child_id,
        summary=f"Opened advice request for {advice.case.reference}",
        request=request,
    )
    form = SubmitAdviceForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            workflow.record_advice_received(
                actor=request.user,
                advice_id=advice.pk,
                received_on=selectors.today(),
                summary=form.cleaned_data["summary"],
            )
        except DomainError as error:
            apply_domain_error(form, error)
        else:
            messages.success(request, "Your advice has been sent to the council")
            return redirect("advice-receipt", advice.pk)
    return render(
        request,
        "ehcp/advice/submit.html",
        {
            "advice": advice,
            "form": form,
            "case": advice.case,
            "item_groups": _item_groups(advice),
            "today": selectors.today(),
        },
    )


def _item_groups(advice: AdviceRequest) -> list[dict]:
    items = list(advice.items.all())
    return [
        {
            "kind": kind,
            "label": label,
            "heading": heading,
            "add": add,
            "items": [item for item in items if item.kind == kind],
        }
        for kind, label, heading, add in [
            (AdviceItem.Kind.NEED, "Need", "Needs", "Add a need"),
            (AdviceItem.Kind.OUTCOME, "Outcome", "Outcomes", "Add an outcome"),
            (
                AdviceItem.Kind.PROVISION,
                "Provision",
                "Provision you recommend",
                "Add provision you recommend",
            ),
        ]
    ]


ITEM_TITLES = {
    AdviceItem.Kind.NEED: "a need",
    AdviceItem.Kind.OUTCOME: "an outcome",
    AdviceItem.Kind.PROVISION: "provision you recommend",
}


@login_required
@require_http_methods(["GET", "POST"])
def advice_item(request, pk, kind=None, item=None):
    """Add (``kind``) or change (``item``) one structured item of advice not yet sent."""
    _adviser(request)
    advice = get_object_or_404(_open_requests(request.user), pk=pk)
    permissions.require(request.user, "ehcp.submit_advice", advice)
    existing = get_object_or_404(advice.items, pk=item) if item is not None else None
    kind = existing.kind if existing else kind
    if kind not in AdviceItem.Kind.values:
        from django.http import Http404

        raise Http404
    initial = (
        {name: getattr(existing, name) for name in advice_items.FIELDS[kind]} if existing else None
    )
    form = plan_forms.AdviceItemForm(
        request.POST if request.method == "POST" else None,
        kind=kind,
        initial=initial,
        advice_type=advice.advice_type,
    )
    if request.method == "POST" and form.is_valid():
        try:
            advice_items.save_advice_item(
                actor=request.user,
                advice_id=advice.pk,
                item_id=existing.pk if existing else None,
                data={**form.cleaned_data, "kind": kind},
            )
        except DomainError as error:
            apply_domain_error(form, error)
        else:
            messages.success(request, f"{AdviceItem.Kind(kind).label} saved")
            return redirect("advice-submit", advice.pk)
    title = (
        f"Change this {in_sentence(AdviceItem.Kind(kind).label)}"
        if existing
        else f"Add {ITEM_TITLES[kind]}"
    )
    return render(
        request,
        "ehcp/advice/item.html",
        {"advice": advice, "case": advice.case, "form": form, "title": title},
    )


@login_required
@require_http_methods(["POST"])
def advice_item_remove(request, pk, item):
    _adviser(request)
    advice = get_object_or_404(_open_requests(request.user), pk=pk)
    permissions.require(request.user, "ehcp.submit_advice", advice)
    found = get_object_or_404(advice.items, pk=item)
    try:
        advice_items.remove_advice_item(actor=request.user, advice_id=advice.pk, item_id=found.pk)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, f"{found.get_kind_display()} removed")
    return redirect("advice-submit", advice.pk)
