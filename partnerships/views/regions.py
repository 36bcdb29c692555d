"""The DfE Regions Group's decisions on a submitted plan: agree it; quality assure and sign it off
against a published National Standards version (choose the version, record the checklist, check
the answers, confirm); or return it with the changes required."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from send_portal import permissions
from standards import selectors as standards_selectors

from .. import selectors, services
from ..errors import DomainError
from ..forms import ReasonsForm, SignOffChecklistForm, StandardsVersionForm
from ..models import PlanVersion, RegionsGroupDecision, SignOffCheck
from .common import serve_document, version_or_404

SESSION_KEY = "lip-sign-off-{}"


def _decide(request, pk: int, *, service, template: str, form_kwargs: dict, success: str):
    version = version_or_404(request, pk)
    permissions.require(request.user, "partnerships.decide_for_regions_group", version)
    form = ReasonsForm(request.POST or None, **form_kwargs)
    if request.method == "POST" and form.is_valid():
        try:
            service(version, form.cleaned_data["reasons"])
        except DomainError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, success)
            return redirect("partnerships:version", pk=version.pk)
    return render(request, template, {"version": version, "plan": version.plan, "form": form})


@login_required
@require_http_methods(["GET", "POST"])
def agree(request, pk: int):
    return _decide(
        request,
        pk,
        service=lambda version, reasons: services.agree_plan(
            actor=request.user, version_id=version.pk, reasons=reasons
        ),
        template="partnerships/regions/agree.html",
        form_kwargs={
            "label": "Why are you agreeing the plan?",
            "hint": "The partnership reads this. Quality assurance and sign-off against the "
            "National Standards is a separate decision.",
            "required_message": "Enter the reasons for agreeing the plan",
        },
        success="Plan agreed. Quality assure it against the National Standards to sign it off.",
    )


@login_required
@require_http_methods(["GET", "POST"])
def return_plan(request, pk: int):
    return _decide(
        request,
        pk,
        service=lambda version, reasons: services.return_plan(
            actor=request.user, version_id=version.pk, required_changes=reasons
        ),
        template="partnerships/regions/return.html",
        form_kwargs={
            "label": "What must the partnership change?",
            "hint": "Be specific: the partnership will make these changes in a new version.",
            "required_message": "Enter the changes the partnership must make",
        },
        success="Plan returned to the partnership with the required changes",
    )


def _sign_off_version(request, pk: int) -> PlanVersion:
    version = version_or_404(request, pk)
    permissions.require(request.user, "partnerships.decide_for_regions_group", version)
    return version


@login_required
@require_http_methods(["GET", "POST"])
def sign_off_start(request, pk: int):
    """Step 1: which published National Standards version the plan is checked against."""
    version = _sign_off_version(request, pk)
    published = standards_selectors.published_versions()
    form = StandardsVersionForm(request.POST or None, versions=published)
    if request.method == "POST" and form.is_valid():
        return redirect(
            "partnerships:sign-off-checklist",
            pk=version.pk,
            standards_version=form.cleaned_data["standards_version"],
        )
    return render(
        request,
        "partnerships/regions/sign_off_start.html",
        {"version": version, "plan": version.plan, "form": form, "published": published},
    )


def _standards_version(request, number_pk: int):
    """Only a published (or statutory) National Standards version can be used: else 404."""
    return get_object_or_404(standards_selectors.published_versions(), pk=number_pk)


@login_required
@require_http_methods(["GET", "POST"])
def sign_off_checklist(request, pk: int, standards_version: int):
    """Step 2: an outcome for every standard, with reasons."""
    version = _sign_off_version(request, pk)
    catalogue = _standards_version(request, standards_version)
    entries = standards_selectors.entries_of(catalogue)
    saved = request.session.get(SESSION_KEY.format(version.pk), {})
    initial = saved.get("fields", {}) if saved.get("standards_version") == catalogue.pk else {}
    form = SignOffChecklistForm(request.POST or None, entries=entries, initial=initial)
    cited = {c.standard_version.standard_id for c in version.commitments.all()}
    if request.method == "POST" and form.is_valid():
        request.session[SESSION_KEY.format(version.pk)] = {
            "standards_version": catalogue.pk,
            "fields": dict(form.cleaned_data),
        }
        return redirect(
            "partnerships:sign-off-check", pk=version.pk, standards_version=catalogue.pk
        )
    return render(
        request,
        "partnerships/regions/sign_off_checklist.html",
        {
            "version": version,
            "plan": version.plan,
            "catalogue": catalogue,
            "form": form,
            "cited": cited,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def sign_off_check(request, pk: int, standards_version: int):
    """Step 3: check the answers, then sign off."""
    version = _sign_off_version(request, pk)
    catalogue = _standards_version(request, standards_version)
    saved = request.session.get(SESSION_KEY.format(version.pk))
    if not saved or saved.get("standards_version") != catalogue.pk:
        return redirect(
            "partnerships:sign-off-checklist", pk=version.pk, standards_version=catalogue.pk
        )
    entries = list(standards_selectors.entries_of(catalogue))
    fields = saved["fields"]
    checks = {
        e.pk: (fields.get(f"outcome_{e.pk}", ""), fields.get(f"note_{e.pk}", "")) for e in entries
    }
    rows = [
        {
            "entry": e,
            "outcome": SignOffCheck.Outcome(checks[e.pk][0]).label if checks[e.pk][0] else "",
            "note": checks[e.pk][1],
        }
        for e in entries
    ]
    error = ""
    if request.method == "POST":
        try:
            services.sign_off_plan(
                actor=request.user,
                version_id=version.pk,
                standards_version_id=catalogue.pk,
                checks=checks,
                reasons=fields.get("reasons", ""),
            )
        except DomainError as exc:
            error = str(exc)
        else:
            request.session.pop(SESSION_KEY.format(version.pk), None)
            messages.success(
                request,
                f"Plan signed off as being in accordance with National Standards version "
                f"{catalogue.number}",
            )
            return redirect("partnerships:version", pk=version.pk)
    return render(
        request,
        "partnerships/regions/sign_off_check.html",
        {
            "version": version,
            "plan": version.plan,
            "catalogue": catalogue,
            "rows": rows,
            "reasons": fields.get("reasons", ""),
            "error": error,
        },
        status=409 if error else 200,
    )


@require_GET
def decision_pdf(request, pk: int):
    """The sign-off PDF: for those who can see the version, or anyone once it is published."""
    visible = selectors.plan_versions_visible_to(request.user).values("pk")
    decision = (
        RegionsGroupDecision.objects.filter(kind=RegionsGroupDecision.Kind.SIGN_OFF, pk=pk)
        .filter(Q(version__in=visible) | Q(version__status=PlanVersion.Status.PUBLISHED))
        .select_related("document", "version__plan")
        .first()
    )
    if decision is None:
        raise Http404("No such sign-off")
    return serve_document(
        request,
        decision.document,
        filename=f"sign-off-plan-{decision.version.plan_id}-version-{decision.version.number}.pdf",
        # Back to the version for those who can see it; to the published plan for everyone else.
        back=reverse("partnerships:version", kwargs={"pk": decision.version_id})
        if visible.filter(pk=decision.version_id).exists()
        else reverse("partnerships:public-plan", kwargs={"plan_id": decision.version.plan_id}),
    )
