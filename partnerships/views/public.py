"""Published local inclusion plans, for families and the public (no sign-in)."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET

from .. import selectors
from ..models import PlanSection
from .common import serve_document


@require_GET
def plan_list(request):
    versions = list(selectors.published_versions().prefetch_related("regions_decisions"))
    for version in versions:
        version.sign_off = selectors.sign_off_of(version)
    return render(request, "partnerships/public/plan_list.html", {"versions": versions})


@require_GET
def plan_detail(request, plan_id: int):
    version = selectors.published_version_of(plan_id)
    if version is None:
        raise Http404("No published plan")
    sections = sorted(version.sections.all(), key=lambda s: s.order)
    return render(
        request,
        "partnerships/public/plan_detail.html",
        {
            "version": version,
            "plan": version.plan,
            "sections": sections,
            "provision_kind": PlanSection.Kind.PROVISION,
            "commitments": version.commitments.all(),
            "sign_off": selectors.sign_off_of(version),
            "events": selectors.public_coproduction_events(version.plan)[:20],
        },
    )


@require_GET
def plan_pdf(request, plan_id: int):
    version = selectors.published_version_of(plan_id)
    if version is None:
        raise Http404("No published plan")
    return serve_document(
        request,
        version.document,
        filename=f"local-inclusion-plan-{plan_id}-version-{version.number}.pdf",
        back=reverse("partnerships:public-plan", kwargs={"plan_id": plan_id}),
    )
