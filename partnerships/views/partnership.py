"""A partnership's pages: members and named roles, approvers, and the co-production log."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from send_portal import permissions

from .. import selectors, services
from ..errors import DomainError
from ..forms import ApprovalPolicyForm, CoproductionForm, EndRoleForm, PartnershipRoleForm
from ..models import ApprovalPolicy
from .common import partnership_or_404


@login_required
@require_GET
def partnership_list(request):
    partnerships = selectors.partnerships_visible_to(request.user)
    return render(request, "partnerships/partnership_list.html", {"partnerships": partnerships})


@login_required
@require_GET
def partnership_detail(request, pk: int):
    partnership = partnership_or_404(request, pk)
    memberships = partnership.memberships.select_related("member").order_by(
        "sector", "member__name"
    )
    roles = partnership.partnership_roles.filter(ended_on=None).select_related("organisation")
    policy = (
        ApprovalPolicy.objects.filter(partnership=partnership).prefetch_related("approvers").first()
    )
    plans = selectors.with_latest_visible_version(
        request.user, selectors.plans_visible_to(request.user).filter(partnership=partnership)
    )
    return render(
        request,
        "partnerships/partnership_detail.html",
        {
            "partnership": partnership,
            "memberships": memberships,
            "roles": roles,
            "policy": policy,
            "plans": plans,
            "can_manage": permissions.can(
                request.user, "partnerships.manage_partnership", partnership
            ),
            "can_author": permissions.can(request.user, "partnerships.author_plan", partnership),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def approval_policy(request, pk: int):
    partnership = partnership_or_404(request, pk)
    permissions.require(request.user, "partnerships.manage_partnership", partnership)
    policy = ApprovalPolicy.objects.filter(partnership=partnership).first()
    initial = (
        {"approvers": list(policy.approvers.values_list("pk", flat=True)), "quorum": policy.quorum}
        if policy
        else {}
    )
    form = ApprovalPolicyForm(
        request.POST or None, initial=initial, people=selectors.board_people(partnership)
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.set_approval_policy(
                actor=request.user,
                partnership_id=partnership.pk,
                approver_ids=form.cleaned_data["approvers"],
                quorum=form.cleaned_data["quorum"],
            )
        except DomainError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, "Plan approvers saved")
            return redirect("partnerships:partnership", pk=partnership.pk)
    return render(
        request,
        "partnerships/approval_policy.html",
        {"partnership": partnership, "form": form},
    )


@login_required
@require_http_methods(["GET", "POST"])
def role_add(request, pk: int):
    partnership = partnership_or_404(request, pk)
    permissions.require(request.user, "partnerships.manage_partnership", partnership)
    organisations = [m.member for m in partnership.memberships.select_related("member")]
    form = PartnershipRoleForm(request.POST or None, organisations=organisations)
    if request.method == "POST" and form.is_valid():
        try:
            services.add_partnership_role(
                actor=request.user,
                partnership_id=partnership.pk,
                kind=form.cleaned_data["kind"],
                holder_name=form.cleaned_data["holder_name"],
                organisation_id=form.cleaned_data["organisation"],
                email=form.cleaned_data["email"],
            )
        except DomainError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, "Role added")
            return redirect("partnerships:partnership", pk=partnership.pk)
    return render(
        request, "partnerships/role_form.html", {"partnership": partnership, "form": form}
    )


@login_required
@require_http_methods(["GET", "POST"])
def role_end(request, pk: int, role_id: int):
    partnership = partnership_or_404(request, pk)
    role = get_object_or_404(partnership.partnership_roles.filter(ended_on=None), pk=role_id)
    permissions.require(request.user, "partnerships.manage_partnership", partnership)
    form = EndRoleForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.end_partnership_role(
                actor=request.user, role_id=role.pk, ended_on=form.cleaned_data["ended_on"]
            )
        except DomainError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, f"{role.holder_name} has left the role")
            return redirect("partnerships:partnership", pk=partnership.pk)
    return render(
        request,
        "partnerships/role_end.html",
        {"partnership": partnership, "role": role, "form": form},
    )


@login_required
@require_GET
def coproduction_list(request, pk: int):
    partnership = partnership_or_404(request, pk)
    events = selectors.coproduction_events_visible_to(request.user).filter(partnership=partnership)
    return render(
        request,
        "partnerships/coproduction_list.html",
        {
            "partnership": partnership,
            "events": events,
            "can_record": permissions.can(
                request.user, "partnerships.record_coproduction", partnership
            ),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def coproduction_add(request, pk: int):
    partnership = partnership_or_404(request, pk)
    permissions.require(request.user, "partnerships.record_coproduction", partnership)
    form = CoproductionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        plan = partnership.inclusion_plans.order_by("-period_start").first()
        try:
            services.record_coproduction_event(
                actor=request.user,
                partnership_id=partnership.pk,
                plan_id=plan.pk if plan else None,
                **data,
            )
        except DomainError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, "Engagement event added to the co-production log")
            return redirect("partnerships:coproduction", pk=partnership.pk)
    return render(
        request,
        "partnerships/coproduction_form.html",
        {"partnership": partnership, "form": form},
    )
