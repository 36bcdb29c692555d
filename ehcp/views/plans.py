"""The plan: its versions, each version section by section, the comparison of two versions and
the PDF of a version. Writing it (the caseworker's editor, one item per page, and amendments) is
``plan_editing.py``.

Who sees what (``selectors.plans_visible_to``): council staff every version; the family, and a
school or college consulted about the plan, the versions sent to the family. A version outside
that is a 404. Writing is for council staff (403 with the rule's message for anyone else who can
see the case).
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.urls import reverse

from send_portal import audit

from .. import plan_compare, plan_forms, plan_quality, selectors
from ..models import (
    AdviceItem,
    AdviceRequest,
    Plan,
    PlanNeed,
    PlanOutcome,
    PlanPersonalBudget,
    PlanProvision,
    Section,
    Stage,
)
from ..plan_document import plan_sections, views_of, with_content
from ..services import participation, plans
from .base import visible_case

KIND_FORMS = {
    "need": plan_forms.NeedForm,
    "outcome": plan_forms.OutcomeForm,
    "provision": plan_forms.ProvisionForm,
    "budget": plan_forms.BudgetForm,
}
KIND_MODELS = {
    "need": PlanNeed,
    "outcome": PlanOutcome,
    "provision": PlanProvision,
    "budget": PlanPersonalBudget,
}
#: What "add" means in each section, for the links under it.
ADD_LINKS = {
    Section.B: ("need", "Add a need to section B"),
    Section.C: ("need", "Add a health need to section C"),
    Section.D: ("need", "Add a social care need to section D"),
    Section.E: ("outcome", "Add an outcome"),
    Section.F: ("provision", "Add provision to section F"),
    Section.G: ("provision", "Add health provision to section G"),
    Section.H1: ("provision", "Add social care provision to section H1"),
    Section.H2: ("provision", "Add social care provision to section H2"),
    Section.J: ("budget", "Add a personal budget"),
}
PLAN_PAGE = "This page is for the council's SEND team, the family and the school consulted."


def _role_back(request, case) -> tuple[str, str]:
    if selectors.is_staff_of_case(request.user, case):
        return reverse("case-detail", args=[case.reference]), "Back to the case"
    if selectors.is_family_of_case(request.user, case):
        return reverse("family-case", args=[case.reference]), "Back to the case"
    consultation = case.setting_requests.filter(
        setting_id__in=request.user.organisations_for("senco")
    ).first()
    if consultation is not None:
        return reverse("consultation-respond", args=[consultation.pk]), "Back to the consultation"
    return reverse("home"), "Back"


def _readable_case(request, reference):
    """The case, if the person may read its plan: staff, family or the consulted school.
    Advisers can see the case while their advice is open, but not the plan (403)."""
    case = visible_case(request, reference)
    user = request.user
    if not (
        selectors.is_staff_of_case(user, case)
        or selectors.is_family_of_case(user, case)
        or selectors.is_consulted_setting_of_case(user, case)
    ):
        raise PermissionDenied(PLAN_PAGE)
    return case


def _visible_plan(request, case, version: int, *, content: bool = False) -> Plan:
    plans_qs = selectors.plans_visible_to(request.user, case)
    if content:
        plans_qs = with_content(plans_qs)
    return get_object_or_404(plans_qs, version=version)


def _log_view(request, case, what: str) -> None:
    audit.record_view(
        actor=request.user,
        obj=case,
        child_id=case.child_id,
        summary=f"{what} ({case.reference})",
        request=request,
    )


@login_required
def plan_versions(request, reference):
    case = _readable_case(request, reference)
    versions = list(selectors.plans_visible_to(request.user, case).select_related("document"))
    staff = selectors.is_staff_of_case(request.user, case)
    _log_view(request, case, "Viewed the plan's versions")
    back, back_text = _role_back(request, case)
    latest = versions[-1] if versions else None
    return render(
        request,
        "ehcp/plans/versions.html",
        {
            "case": case,
            "versions": list(reversed(versions)),
            "staff": staff,
            "back": back,
            "back_text": back_text,
            "can_start": staff
            and case.stage == Stage.DRAFTING
            and not any(p.is_editable for p in versions),
            "can_revise": staff
            and latest is not None
            and latest.status == Plan.Status.DRAFT
            and latest.served_on is not None
            and case.stage in (Stage.DRAFT_SERVED, Stage.CONSULTING),
            "can_amend": staff
            and latest is not None
            and latest.is_issued
            and case.stage == Stage.FINAL_ISSUED,
            "latest": latest,
            "compare_form": plan_forms.CompareForm(
                versions=versions,
                initial={
                    "older": versions[-2].version if len(versions) > 1 else None,
                    "newer": latest.version if latest else None,
                },
            )
            if len(versions) > 1
            else None,
        },
    )


def _comments_by_section(plan: Plan) -> dict:
    comments: dict[str, list] = {}
    for comment in plan.comments.select_related("author"):
        comments.setdefault(comment.section, []).append(comment)
    return comments


def _advice_to_use(plan: Plan) -> list[dict]:
    """Received advice with its structured items, and where each item already is in the plan."""
    used = {}
    for model, kind in ((PlanNeed, "need"), (PlanOutcome, "outcome"), (PlanProvision, "provision")):
        for item in model.objects.filter(plan=plan).exclude(source_item=None):
            used[item.source_item_id] = plans.reference_of(plan, kind, item)
    advice = (
        AdviceRequest.objects.filter(
            case=plan.case,
            status__in=[AdviceRequest.Status.RECEIVED, AdviceRequest.Status.REUSED],
        )
        .prefetch_related("items")
        .order_by("received_on", "pk")
    )
    return [
        {
            "advice": a,
            "items": [
                {"item": item, "used": used.get(item.pk, ""), "target": _target(item)}
                for item in a.items.all()
            ],
        }
        for a in advice
        if a.items.all()
    ]


def _target(item: AdviceItem) -> str:
    return {"need": "section B", "outcome": "section E", "provision": "section F"}[item.kind]


@login_required
def plan_version(request, reference, version):
    case = _readable_case(request, reference)
    plan = _visible_plan(request, case, version, content=True)
    staff = selectors.is_staff_of_case(request.user, case)
    family = selectors.is_family_of_case(request.user, case)
    _log_view(request, case, f"Read version {plan.version} of the plan")
    today = selectors.today()
    window = participation.comment_window(plan)
    latest_sent = case.plans.exclude(served_on=None).order_by("-version").first()
    can_comment = (
        family
        and window is not None
        and latest_sent is not None
        and latest_sent.pk == plan.pk
        and today <= window.due
        and (
            plan.status != Plan.Status.DRAFT or case.stage in (Stage.DRAFT_SERVED, Stage.CONSULTING)
        )
    )
    editable = staff and plan.is_editable
    findings = plan_quality.check(plan) if staff else []
    contribution = case.views_contributions.first() if editable else None
    views = views_of(plan)
    newer_views = (
        contribution
        if contribution is not None
        and (views is None or views.source_contribution_id != contribution.pk)
        else None
    )
    back, back_text = _role_back(request, case)
    return render(
        request,
        "ehcp/plans/version.html",
        {
            "case": case,
            "plan": plan,
            "sections": plan_sections(plan),
            "staff": staff,
            "family": family,
            "editable": editable,
            "findings": findings,
            "blocking": plan_quality.blocking(findings),
            "warnings": [f for f in findings if not f.blocking],
            "add_links": {code.value: text for code, (_, text) in ADD_LINKS.items()},
            "add_kinds": {code.value: kind for code, (kind, _) in ADD_LINKS.items()},
            "comments": _comments_by_section(plan),
            "can_comment": can_comment,
            "window": window,
            "today": today,
            "advice_to_use": _advice_to_use(plan) if editable else [],
            "newer_views": newer_views,
            "back": back,
            "back_text": back_text,
            "compare_pair": _compare_pair(request, case, plan),
        },
    )


def _compare_pair(request, case, plan: Plan) -> tuple[int, int] | None:
    """This version and the one before it (or after it, for the first) that the person sees."""
    numbers = list(selectors.plans_visible_to(request.user, case).values_list("version", flat=True))
    earlier = [n for n in numbers if n < plan.version]
    later = [n for n in numbers if n > plan.version]
    if earlier:
        return earlier[-1], plan.version
    if later:
        return plan.version, later[0]
    return None


@login_required
def plan_compare_view(request, reference):
    case = _readable_case(request, reference)
    versions = list(selectors.plans_visible_to(request.user, case))
    form = plan_forms.CompareForm(
        request.GET if len(versions) > 1 and request.GET else None, versions=versions
    )
    older = newer = None
    changes = None
    if form.is_bound and form.is_valid():
        numbers = sorted({form.cleaned_data["older"], form.cleaned_data["newer"]})
        if len(numbers) == 2:
            older = _visible_plan(request, case, numbers[0], content=True)
            newer = _visible_plan(request, case, numbers[1], content=True)
            changes = plan_compare.compare(plan_sections(older), plan_sections(newer))
            _log_view(
                request, case, f"Compared versions {older.version} and {newer.version} of the plan"
            )
        else:
            form.add_error("newer", "Choose two different versions")
    back, back_text = _role_back(request, case)
    return render(
        request,
        "ehcp/plans/compare.html",
        {
            "case": case,
            "form": form,
            "older": older,
            "newer": newer,
            "changes": changes,
            "changed_sections": [c for c in changes if c.changed] if changes else [],
            "enough_versions": len(versions) > 1,
            "back": back,
            "back_text": back_text,
        },
    )


@login_required
def plan_pdf(request, reference, version):
    """The PDF of a version sent or issued: the stored file, or the page that waits for it."""
    case = _readable_case(request, reference)
    plan = _visible_plan(request, case, version)
    if plan.document_id is None:
        raise Http404("This version has no PDF: it has not been sent.")
    if not (
        selectors.is_staff_of_case(request.user, case)
        or selectors.is_family_of_case(request.user, case)
        or selectors.is_consulted_setting_of_case(request.user, case)
    ):
        raise Http404
    from .cases import serve_document

    return serve_document(request, case, plan.document)
