"""The PDFs of a local inclusion plan version and of a Regions Group sign-off.

Each context is frozen when the document is requested (``send_portal.pdf.request_document``), so
the PDF shows the plan and the decision exactly as they were; the worker renders it after
commit. Contexts hold only strings, lists and dicts (they are stored as JSON).
"""

from __future__ import annotations

from django.utils import timezone

from send_portal.pdf import request_document

from .models import PlanSection, PlanVersion, RegionsGroupDecision

PLAN_TEMPLATE = "partnerships/pdf/plan_version.html"
SIGN_OFF_TEMPLATE = "partnerships/pdf/sign_off.html"


def _when(value) -> str:
    return timezone.localtime(value).strftime("%-d %B %Y") if value else ""


def plan_context(version: PlanVersion) -> dict:
    partnership = version.plan.partnership
    sections = sorted(version.sections.all(), key=lambda s: s.order)
    sign_off = version.regions_decisions.filter(kind=RegionsGroupDecision.Kind.SIGN_OFF).first()
    return {
        "council_name": partnership.name,
        "plan_title": version.plan.title,
        "version_number": version.number,
        "status": version.get_status_display(),
        "period": f"{version.plan.period_start} to {version.plan.period_end}",
        "partnership": partnership.name,
        "region": partnership.region.name if partnership.region_id else "",
        "sections": [
            {
                "title": PlanSection.Kind(section.kind).label,
                "paragraphs": [p.strip() for p in section.body.split("\n\n") if p.strip()],
                "links": section.links,
            }
            for section in sections
        ],
        "commitments": [
            {
                "standard": f"{c.standard_version.standard.code} {c.standard_version.title}",
                "standards_version": c.standard_version.catalogue_version.number,
                "description": c.description,
                "commissioner": c.commissioner,
            }
            for c in version.commitments.select_related(
                "standard_version__standard", "standard_version__catalogue_version"
            )
        ],
        "history": [
            {
                "what": event.get_kind_display(),
                "who": event.actor.display_name if event.actor_id else "",
                "when": _when(event.at),
                "note": event.note,
            }
            for event in version.events.select_related("actor").order_by("at", "pk")
        ],
        "sign_off": (
            {
                "officer": sign_off.officer.display_name,
                "regions_group": sign_off.regions_group.name,
                "date": _when(sign_off.decided_at),
                "standards_version": sign_off.standards_version.number,
            }
            if sign_off
            else None
        ),
    }


def request_plan_pdf(version: PlanVersion, *, actor):
    """Queue the PDF of this version and remember it on the version."""
    document = request_document(
        title=f"{version.plan.title}, version {version.number}",
        template_name=PLAN_TEMPLATE,
        context=plan_context(version),
        owner=version,
        actor=actor,
    )
    version.document = document
    version.save(update_fields=["document"])
    return document


def sign_off_context(decision: RegionsGroupDecision) -> dict:
    version = decision.version
    standards_version = decision.standards_version
    return {
        "council_name": version.plan.partnership.name,
        "plan_title": version.plan.title,
        "version_number": version.number,
        "partnership": version.plan.partnership.name,
        "officer": decision.officer.display_name,
        "regions_group": decision.regions_group.name,
        "date": _when(decision.decided_at),
        "standards_version": standards_version.number,
        "standards_illustrative": standards_version.is_illustrative,
        "reasons": [p.strip() for p in decision.reasons.split("\n\n") if p.strip()],
        "checks": [
            {
                "standard": f"{check.standard_version.standard.code} "
                f"{check.standard_version.title}",
                "outcome": check.get_outcome_display(),
                "note": check.note,
            }
            for check in decision.checks.select_related("standard_version__standard")
        ],
    }


def request_sign_off_pdf(decision: RegionsGroupDecision, *, actor):
    document = request_document(
        title=f"Sign-off of {decision.version.plan.title}, version {decision.version.number}",
        template_name=SIGN_OFF_TEMPLATE,
        context=sign_off_context(decision),
        owner=decision,
        actor=actor,
    )
    decision.document = document
    decision.save(update_fields=["document"])
    return document
