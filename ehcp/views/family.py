"""The parent and young person's view of a case: where it is, who the caseworker is, what
happens next and by when (with the law), every step so far, letters, and their rights."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render

from send_portal.models import Role

from .. import deadlines, forms, selectors
from ..models import Case, Decision, Stage
from ..services import workflow
from ..services.notices import MEDIATION_OPTIONAL
from ..services.participation import PERSONAL_BUDGET_STAGES, amendments_open
from ..timeline import case_deadlines
from .base import CaseActionView, visible_case

#: What happens next at each stage, in plain English, and which date it is measured against.
NEXT_STEP = {
    Stage.REQUEST_RECEIVED: (
        "The council will tell you, the health service, social care and the "
        "school that it is considering an assessment, then decide whether "
        "to assess.",
        "decision_to_assess",
    ),
    Stage.CONSIDERING: (
        "The council will decide whether to carry out an EHC needs assessment.",
        "decision_to_assess",
    ),
    Stage.ASSESSING: (
        "The council is asking professionals for advice. It will then decide "
        "whether to issue a plan.",
        "no_plan_notice",
    ),
    Stage.PANEL: (
        "A multi-agency panel will discuss the advice, then the council will decide "
        "whether to issue a plan.",
        "no_plan_notice",
    ),
    Stage.DRAFTING: (
        "The council is writing the draft plan and will send it to you.",
        "draft_plan_target",
    ),
    Stage.DRAFT_SERVED: (
        "Tell the council what you think of the draft plan and which school or "
        "college you want named. Then the council issues the final plan.",
        "final_plan",
    ),
    Stage.CONSULTING: (
        "The council is asking the school or college you requested whether it can "
        "meet your child's needs. Then it issues the final plan.",
        "final_plan",
    ),
}


FAMILY_ONLY = "This page is for the child's parent or carer, or the young person."


def _family_case(request, reference) -> Case:
    """The case if the person is family of it. Someone who can see the case for another reason
    (an adviser, the school) is refused (403); anyone else gets 404 from ``visible_case``."""
    case = visible_case(request, reference)
    if not selectors.is_family_of_case(request.user, case):
        raise PermissionDenied(FAMILY_ONLY)
    return case


@login_required
def my_cases(request):
    if not request.user.has_role(Role.PARENT, Role.YOUNG_PERSON):
        raise PermissionDenied("This page is for parents, carers and young people.")
    cases = (
        Case.objects.filter(selectors.family_case_filter(request.user))
        .select_related("child", "caseworker", "local_authority")
        .order_by("-received_on")
    )
    return render(request, "ehcp/family/my_cases.html", {"cases": cases})


@login_required
def family_case(request, reference):
    case = visible_case(request, reference)
    if not selectors.is_family_of_case(request.user, case):
        if selectors.is_staff_of_case(request.user, case):
            return redirect("case-detail", case.reference)
        raise PermissionDenied(FAMILY_ONLY)
    today = selectors.today()
    next_text, next_key = NEXT_STEP.get(case.stage, ("", ""))
    next_deadline = None
    if next_key == "decision_to_assess":
        next_deadline = deadlines.decision_to_assess(received=case.received_on)
    elif next_key == "no_plan_notice":
        next_deadline = deadlines.no_plan_notice(received=case.received_on)
    elif next_key == "draft_plan_target":
        next_deadline = deadlines.draft_plan_target(received=case.received_on)
    elif next_key == "final_plan":
        next_deadline = deadlines.final_plan(received=case.received_on)
    window = None
    if case.stage in (Stage.DRAFT_SERVED, Stage.CONSULTING) and case.draft_served_on:
        window = case.representations_window
    plans = list(selectors.plans_visible_to(request.user, case).select_related("document"))
    amending = amendments_open(case) is not None
    appealable = [
        d for d in case.decisions.select_related("notice") if d.is_appealable and d.notice_sent_on
    ]
    return render(
        request,
        "ehcp/family/case.html",
        {
            "case": case,
            "child": case.child,
            "next_text": next_text,
            "next_deadline": next_deadline,
            "window": window,
            "deadline_rows": case_deadlines(case, today=today),
            "events": selectors.timeline_for(request.user, case),
            "decisions": case.decisions.select_related("notice"),
            "appealable": appealable,
            "setting_requests": case.setting_requests.select_related("setting"),
            "exceptions": case.exceptions.all(),
            "mediation_optional": MEDIATION_OPTIONAL,
            "can_comment": case.stage in (Stage.DRAFT_SERVED, Stage.CONSULTING),
            "plans": plans,
            "compare_pair": (plans[-2].version, plans[-1].version) if len(plans) > 1 else None,
            "can_give_views": case.is_open or amending,
            "can_ask_meeting": case.is_open or amending,
            "can_ask_budget": case.stage in PERSONAL_BUDGET_STAGES or amending,
            "message_count": case.messages.count(),
            "is_young_person": selectors.is_family_of_case(request.user, case)
            and case.child.relationships.filter(
                user=request.user, kind__in=["young_person", "representative"]
            ).exists(),
            "today": today,
            "Decision": Decision,
        },
    )


class FamilyActionView(CaseActionView):
    permission = "ehcp.make_representations"

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            _family_case(request, kwargs["reference"])
        return super().dispatch(request, *args, **kwargs)

    def success_url(self, case, result):
        from django.urls import reverse

        return reverse("family-case", args=[case.reference])


class FamilyRepresentationsView(FamilyActionView):
    form_class = forms.FamilyRepresentationsForm
    title = "Give your views on the draft plan"
    submit_label = "Send your views"
    success_message = "Your views have been sent to the council"
    template_name = "ehcp/family/action.html"

    def extra_context(self, case):
        return {"window": case.representations_window, "today": selectors.today()}

    def perform(self, form, case):
        data = form.cleaned_data
        return workflow.record_representations(
            actor=self.request.user,
            case_id=case.pk,
            received_on=selectors.today(),
            comments=data["comments"],
            meeting_requested=data["meeting_requested"],
            no_further_representations=data["no_further_representations"],
        )
