"""The draft plan: sending it with section I blank (Children and Families Act 2014 s38(5)) and
the family's views on it within their 15 days (SEND Regulations 2014 reg 13(1))."""

from __future__ import annotations

from datetime import date

from django.db import transaction

from send_portal import permissions
from send_portal.models import Organisation, User

from .. import deadlines
from ..errors import DomainError, InvalidTransition
from ..models import (
    CaseEvent,
    Plan,
    Representation,
    Stage,
)
from . import plans
from ._case import (
    expect,
    lock_case,
    record_event,
    save_case,
)
from .dates import not_before, not_in_future
from .family import tell_family


def serve_draft_plan(*, actor: User, case_id: int, served_on: date) -> Plan:
    """Send the draft plan. Section I stays blank (CFA 2014 s38(5)); the family has at least 15
    days, beginning with the day it is served, to comment and ask for a setting (reg 13(1))."""
    with transaction.atomic():
        case = lock_case(case_id)
        permissions.require(actor, "ehcp.run_workflow", case)
        expect(case, Stage.DRAFTING, action="send the draft plan")
        not_in_future(served_on, "The date the draft was sent", "served_on")
        not_before(
            served_on,
            case.plan_decided_on,
            "The date the draft was sent",
            "the decision to issue",
            "served_on",
        )
        # The draft the caseworker has been writing (ehcp.services.plans.start_draft); a case
        # drafted outside the portal gets an empty version to record the service.
        plan = (
            Plan.objects.select_for_update()
            .filter(case=case, status=Plan.Status.DRAFT, served_on=None)
            .order_by("-version")
            .first()
        )
        if plan is None:
            version = (
                case.plans.order_by("-version").values_list("version", flat=True).first() or 0
            ) + 1
            plan = Plan.objects.create(
                case=case, version=version, status=Plan.Status.DRAFT, created_by=actor
            )
        plan.served_on = served_on
        plan.save(update_fields=["served_on", "updated_at"])
        plans.request_plan_pdf(plan, actor=actor)
        case.stage = Stage.DRAFT_SERVED
        case.draft_served_on = served_on
        save_case(case, "stage", "draft_served_on")
        window = deadlines.representations_close(draft_served=served_on)
        record_event(
            case,
            CaseEvent.Kind.DRAFT_SERVED,
            on=served_on,
            actor=actor,
            title="Draft EHC plan sent",
            detail=f"Section I (school or college) is left blank. Views and requests for a "
            f"school or college by {window.due:%-d %B %Y}.",
            basis=window.basis,
        )
        tell_family(
            case,
            on=served_on,
            key=f"draft_served:{plan.pk}",
            subject=f"Draft EHC plan for {case.child.known_as} sent to you",
            what_happened=f"{case.local_authority.name} sent you the draft EHC plan "
            f"(version {plan.version}) on {served_on:%-d %B %Y}. You can read it in the portal "
            "section by section, or download it as a PDF. Section I (the school or college) is "
            "blank until the final plan.",
            what_to_do="Tell us what you think of the draft, ask for a meeting if you "
            "want one, and tell us which school or college you want named. You can ask "
            "for any school or college the law allows.",
            due=window,
        )
    return plan


def name_setting_in_plan(
    *, actor: User, plan_id: int, setting: Organisation | None, setting_type: str = ""
) -> Plan:
    """Fill in section I. Refused on a draft: a draft must not name a school or type (s38(5))."""
    with transaction.atomic():
        plan = Plan.objects.select_for_update().get(pk=plan_id)
        case = lock_case(plan.case_id)
        permissions.require(actor, "ehcp.run_workflow", case)
        if plan.status == Plan.Status.DRAFT:
            raise InvalidTransition(
                "A draft plan must not name a school or college or a type of setting "
                "(Children and Families Act 2014 s38(5)): name it when you issue the final plan."
            )
        raise InvalidTransition("Section I of a final plan is changed by amending the plan.")


def record_representations(
    *,
    actor: User,
    case_id: int,
    received_on: date,
    comments: str,
    meeting_requested: bool = False,
    no_further_representations: bool = False,
) -> Representation:
    """The family's views on the draft (SEND Regulations 2014 reg 13(1))."""
    if not comments.strip():
        raise DomainError("Enter your views on the draft plan", field="comments")
    with transaction.atomic():
        case = lock_case(case_id)
        permissions.require(actor, "ehcp.make_representations", case)
        expect(case, Stage.DRAFT_SERVED, Stage.CONSULTING, action="give views on the draft plan")
        not_in_future(received_on, "The date of the views", "received_on")
        not_before(
            received_on,
            case.draft_served_on,
            "The date of the views",
            "the date the draft was sent",
            "received_on",
        )
        rep = Representation.objects.create(
            case=case,
            received_on=received_on,
            made_by=actor,
            comments=comments,
            meeting_requested=meeting_requested,
            no_further_representations=no_further_representations,
        )
        if no_further_representations and case.no_further_representations_on is None:
            case.no_further_representations_on = received_on
            save_case(case, "no_further_representations_on")
        detail = comments if len(comments) < 500 else comments[:497] + "..."
        if meeting_requested:
            detail += " A meeting with a council officer was requested."
        record_event(
            case,
            CaseEvent.Kind.REPRESENTATIONS,
            on=received_on,
            actor=actor,
            title="Views on the draft plan received",
            detail=detail,
            basis="SEND Regulations 2014 reg 13(1)",
        )
    return rep
