"""Local inclusion plans for the partnership: authoring, comments, the board's approval,
submission to the DfE Regions Group, and publication."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from send_portal import permissions
from standards.selectors import citable_standard_versions

from .. import selectors, services
from ..errors import DomainError
from ..forms import BoardDecisionForm, CommentForm, CommitmentForm, PlanStartForm, SectionForm
from ..models import ApprovalPolicy, PlanVersion
from .common import not_editable, partnership_or_404, serve_document, version_or_404

Status = PlanVersion.Status


def _actions(user, version: PlanVersion, latest: bool) -> dict:
    """What this person can do to this version now."""

    def can(codename):
        return permissions.can(user, codename, version)

    decided = any(
        d.round == version.board_round and d.approver_id == user.pk
        for d in version.board_decisions.all()
    )
    return {
        "edit": version.is_editable and can("partnerships.author_plan"),
        "comment": version.status in (Status.DRAFT, Status.AWAITING_BOARD)
        and can("partnerships.comment_on_plan"),
        "send_to_board": version.status == Status.DRAFT and can("partnerships.lead_plan"),
        "board_decision": version.status == Status.AWAITING_BOARD
        and not decided
        and can("partnerships.approve_for_board"),
        "submit": version.status == Status.BOARD_APPROVED and can("partnerships.lead_plan"),
        "agree": version.status == Status.SUBMITTED
        and can("partnerships.decide_for_regions_group"),
        "return": version.status in (Status.SUBMITTED, Status.AGREED)
        and can("partnerships.decide_for_regions_group"),
        "sign_off": version.status == Status.AGREED
        and can("partnerships.decide_for_regions_group"),
        "publish": version.status == Status.SIGNED_OFF and can("partnerships.lead_plan"),
        "new_version": latest
        and version.status in (Status.RETURNED, Status.PUBLISHED)
        and can("partnerships.author_plan"),
    }


@login_required
@require_GET
def plan_list(request):
    return render(
        request,
        "partnerships/plan_list.html",
        {
            "plans": selectors.with_latest_visible_version(
                request.user, selectors.plans_visible_to(request.user)
            ),
            "awaiting": selectors.awaiting_regions_group(request.user),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def plan_start(request, pk: int):
    partnership = partnership_or_404(request, pk)
    permissions.require(request.user, "partnerships.author_plan", partnership)
    form = PlanStartForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            version = services.start_plan(
                actor=request.user, partnership_id=partnership.pk, **form.cleaned_data
            )
        except DomainError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(
                request, "Plan started. Write each section, then send it to the board."
            )
            return redirect("partnerships:version", pk=version.pk)
    return render(
        request, "partnerships/plan_start.html", {"partnership": partnership, "form": form}
    )


@login_required
@require_GET
def plan_detail(request, pk: int):
    plan = get_object_or_404(selectors.plans_visible_to(request.user), pk=pk)
    versions = selectors.visible_versions_of(request.user, plan)
    return render(request, "partnerships/plan_detail.html", {"plan": plan, "versions": versions})


@login_required
@require_GET
def version_detail(request, pk: int):
    version = version_or_404(request, pk)
    latest = version.plan.versions.order_by("-number").values_list("pk", flat=True).first()
    policy = (
        ApprovalPolicy.objects.filter(partnership_id=version.plan.partnership_id)
        .prefetch_related("approvers")
        .first()
    )
    round_decisions = [d for d in version.board_decisions.all() if d.round == version.board_round]
    return_decision = next(
        (d for d in reversed(version.regions_decisions.all()) if d.kind == "return"), None
    )
    return render(
        request,
        "partnerships/version_detail.html",
        {
            "version": version,
            "plan": version.plan,
            "sections": sorted(version.sections.all(), key=lambda s: s.order),
            "commitments": version.commitments.all(),
            "comments": version.comments.all(),
            "events": version.events.all(),
            "policy": policy,
            "round_decisions": round_decisions,
            "approvals": sum(1 for d in round_decisions if d.decision == "approve"),
            "return_decision": return_decision,
            "sign_off": selectors.sign_off_of(version),
            "actions": _actions(request.user, version, latest == version.pk),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def section_edit(request, pk: int, kind: str):
    version = version_or_404(request, pk)
    section = get_object_or_404(version.sections.all(), kind=kind)
    permissions.require(request.user, "partnerships.author_plan", version)
    if not version.is_editable:
        return not_editable(request, version)
    form = SectionForm(
        request.POST or None,
        section=section,
        initial={"body": section.body, "links": section.links},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.update_section(
                actor=request.user,
                version_id=version.pk,
                kind=kind,
                body=form.cleaned_data["body"],
                links=form.cleaned_data.get("links"),
            )
        except DomainError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, f"“{section.get_kind_display()}” saved")
            return redirect("partnerships:version", pk=version.pk)
    return render(
        request,
        "partnerships/section_form.html",
        {"version": version, "section": section, "form": form},
    )


@login_required
@require_http_methods(["GET", "POST"])
def commitment_add(request, pk: int):
    version = version_or_404(request, pk)
    permissions.require(request.user, "partnerships.author_plan", version)
    if not version.is_editable:
        return not_editable(request, version)
    form = CommitmentForm(request.POST or None, standards=citable_standard_versions())
    if request.method == "POST" and form.is_valid():
        try:
            services.add_commitment(
                actor=request.user,
                version_id=version.pk,
                standard_version_id=form.cleaned_data["standard_version"],
                description=form.cleaned_data["description"],
                commissioner=form.cleaned_data["commissioner"],
            )
        except DomainError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, "Commitment added")
            return redirect(
                reverse("partnerships:version", kwargs={"pk": version.pk}) + "#commitments"
            )
    return render(request, "partnerships/commitment_form.html", {"version": version, "form": form})


@login_required
@require_http_methods(["GET", "POST"])
def commitment_remove(request, pk: int, commitment_id: int):
    version = version_or_404(request, pk)
    commitment = get_object_or_404(version.commitments.all(), pk=commitment_id)
    permissions.require(request.user, "partnerships.author_plan", version)
    if not version.is_editable:
        return not_editable(request, version)
    error = ""
    if request.method == "POST":
        try:
            services.remove_commitment(actor=request.user, commitment_id=commitment.pk)
        except DomainError as exc:
            error = str(exc)
        else:
            messages.success(request, "Commitment removed")
            return redirect(
                reverse("partnerships:version", kwargs={"pk": version.pk}) + "#commitments"
            )
    return render(
        request,
        "partnerships/commitment_remove.html",
        {"version": version, "commitment": commitment, "error": error},
    )


@login_required
@require_http_methods(["GET", "POST"])
def comment_add(request, pk: int):
    version = version_or_404(request, pk)
    permissions.require(request.user, "partnerships.comment_on_plan", version)
    form = CommentForm(request.POST or None, initial={"section": request.GET.get("section", "")})
    if request.method == "POST" and form.is_valid():
        try:
            services.add_comment(actor=request.user, version_id=version.pk, **form.cleaned_data)
        except DomainError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, "Comment added")
            return redirect(
                reverse("partnerships:version", kwargs={"pk": version.pk}) + "#comments"
            )
    return render(request, "partnerships/comment_form.html", {"version": version, "form": form})


def _confirm(request, version, *, service, template: str, success: str, extra: dict | None = None):
    """A check-your-answers page whose confirm button runs ``service``."""
    error = ""
    if request.method == "POST":
        try:
            service(actor=request.user, version_id=version.pk)
        except DomainError as exc:
            error = str(exc)
        else:
            messages.success(request, success)
            return redirect("partnerships:version", pk=version.pk)
    context = {
        "version": version,
        "plan": version.plan,
        "sections": sorted(version.sections.all(), key=lambda s: s.order),
        "commitments": version.commitments.all(),
        "error": error,
        **(extra or {}),
    }
    return render(request, template, context, status=409 if error else 200)


@login_required
@require_http_methods(["GET", "POST"])
def send_to_board(request, pk: int):
    version = version_or_404(request, pk)
    permissions.require(request.user, "partnerships.lead_plan", version)
    policy = (
        ApprovalPolicy.objects.filter(partnership_id=version.plan.partnership_id)
        .prefetch_related("approvers")
        .first()
    )
    return _confirm(
        request,
        version,
        service=services.send_for_board_approval,
        template="partnerships/send_to_board.html",
        success="Plan sent to the board. Each approver has been told.",
        extra={"policy": policy},
    )


@login_required
@require_http_methods(["GET", "POST"])
def board_decision(request, pk: int):
    version = version_or_404(request, pk)
    permissions.require(request.user, "partnerships.approve_for_board", version)
    form = BoardDecisionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.record_board_decision(
                actor=request.user,
                version_id=version.pk,
                approve=form.cleaned_data["decision"] == "approve",
                comment=form.cleaned_data["comment"],
            )
        except DomainError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, "Your decision has been recorded")
            return redirect("partnerships:version", pk=version.pk)
    return render(request, "partnerships/board_decision.html", {"version": version, "form": form})


@login_required
@require_http_methods(["GET", "POST"])
def submit(request, pk: int):
    version = version_or_404(request, pk)
    permissions.require(request.user, "partnerships.lead_plan", version)
    return _confirm(
        request,
        version,
        service=services.submit_to_regions_group,
        template="partnerships/submit.html",
        success="Plan submitted to the DfE Regions Group",
    )


@login_required
@require_http_methods(["GET", "POST"])
def publish(request, pk: int):
    version = version_or_404(request, pk)
    permissions.require(request.user, "partnerships.lead_plan", version)
    return _confirm(
        request,
        version,
        service=services.publish_plan,
        template="partnerships/publish.html",
        success="Plan published. Families can now read it.",
        extra={"sign_off": selectors.sign_off_of(version)},
    )


@login_required
@require_http_methods(["GET", "POST"])
def new_version(request, pk: int):
    plan = get_object_or_404(selectors.plans_visible_to(request.user), pk=pk)
    permissions.require(request.user, "partnerships.author_plan", plan)
    latest = plan.versions.order_by("-number").first()
    error = ""
    if request.method == "POST":
        try:
            version = services.start_new_version(actor=request.user, plan_id=plan.pk)
        except DomainError as exc:
            error = str(exc)
        else:
            messages.success(request, f"Version {version.number} started as a draft")
            return redirect("partnerships:version", pk=version.pk)
    return render(
        request,
        "partnerships/new_version.html",
        {"plan": plan, "latest": latest, "version": latest, "error": error},
        status=409 if error else 200,
    )


@login_required
@require_GET
def version_pdf(request, pk: int):
    version = version_or_404(request, pk)
    return serve_document(
        request,
        version.document,
        filename=f"local-inclusion-plan-{version.plan_id}-version-{version.number}.pdf",
        back=reverse("partnerships:version", kwargs={"pk": version.pk}),
    )
