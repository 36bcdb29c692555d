"""What the parent or young person does in their case: views for section A, comments on a draft
section by section, asking for a meeting or a personal budget, and messages with the council.

Each step is recorded on the timeline and the council is told specifically what happened, what
to do and by when; a message from the council tells the family the same way.
"""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.urls import reverse

from ehcp.case_updates import council_contacts
from send_portal import audit, permissions
from send_portal.models import AuditEvent, User
from send_portal.notifications import notify
from send_portal.text import in_sentence

from .. import deadlines, selectors
from ..errors import DomainError, InvalidTransition
from ..models import (
    Case,
    CaseEvent,
    Message,
    Plan,
    PlanComment,
    PlanViews,
    Section,
    Stage,
    ViewsContribution,
)
from ._case import record_event
from .family import tell_family

PERSONAL_BUDGET_BASIS = (
    "Children and Families Act 2014 s49; SEN (Personal Budgets) Regulations 2014 reg 4"
)
DRAFT_MEETING_BASIS = "SEND Regulations 2014 reg 13(1)(b)"
#: Stages in which a personal budget may be asked for: during the assessment and while the plan
#: is being prepared (SEN (Personal Budgets) Regulations 2014 reg 4).
PERSONAL_BUDGET_STAGES = frozenset(
    {Stage.ASSESSING, Stage.PANEL, Stage.DRAFTING, Stage.DRAFT_SERVED, Stage.CONSULTING}
)


def _lock(case_id: int) -> Case:
    return (
        Case.objects.select_for_update(of=("self",))
        .select_related("child", "local_authority", "caseworker")
        .get(pk=case_id)
    )


def tell_council(
    case: Case,
    *,
    key: str,
    subject: str,
    what_happened: str,
    what_to_do: str,
    due: deadlines.Deadline | None = None,
    link: str = "",
) -> None:
    for person in council_contacts(case):
        notify(
            recipient=person,
            subject=subject,
            what_happened=what_happened,
            what_to_do=what_to_do,
            due_date=due.due if due else None,
            legal_basis=due.basis if due else "",
            link=link or reverse("case-detail", args=[case.reference]),
            dedupe_key=f"ehcp:{case.pk}:{key}:staff:{person.pk}",
        )


def _quote(text: str, limit: int = 300) -> str:
    text = " ".join(text.split())
    return f"\u201c{text if len(text) <= limit else text[: limit - 3] + '...'}\u201d"


def amendments_open(case: Case) -> Plan | None:
    """Proposed amendments sent to the family and not yet dealt with."""
    latest = case.plans.order_by("-version").first()
    if latest is not None and latest.status == Plan.Status.PROPOSED and latest.served_on:
        return latest
    return None


# ---- section A ----------------------------------------------------------------------------------


def contribute_views(*, actor: User, case_id: int, made_on: date, data: dict) -> ViewsContribution:
    """The family's views, and the child's own, for section A (Children and Families Act 2014
    s19: the council must have regard to them). A draft still being written that has no views
    yet takes them straight away; otherwise the caseworker chooses to use them."""
    values = {
        name: bool(data.get(name)) if name == "easy_read" else str(data.get(name) or "").strip()
        for name in PlanViews.FIELDS
    }
    if not any(values[name] for name in (*PlanViews.CHILD_FIELDS, *PlanViews.PARENT_FIELDS)):
        raise DomainError("Answer at least one question", field="child_strengths")
    if len(values["child_how_captured"]) > 300:
        raise DomainError("Use 300 characters or fewer", field="child_how_captured")
    with transaction.atomic():
        case = _lock(case_id)
        permissions.require(actor, "ehcp.make_representations", case)
        if not (case.is_open or amendments_open(case)):
            raise InvalidTransition(
                "This case is closed, so views can no longer be added to a plan. Send a message "
                "to your caseworker instead."
            )
        contribution = ViewsContribution.objects.create(
            case=case, author=actor, made_on=made_on, **values
        )
        draft = case.plans.filter(
            status__in=[Plan.Status.DRAFT, Plan.Status.PROPOSED], served_on=None
        ).first()
        used = False
        if draft is not None:
            views = PlanViews.objects.filter(plan=draft).first()
            if views is None or not (views.has_child_voice or views.has_parent_voice):
                PlanViews.objects.update_or_create(
                    plan=draft, defaults={**values, "source_contribution": contribution}
                )
                draft.version_lock += 1
                draft.save(update_fields=["version_lock", "updated_at"])
                used = True
        record_event(
            case,
            CaseEvent.Kind.VIEWS_GIVEN,
            on=made_on,
            actor=actor,
            title="Views for section A of the plan sent",
            detail=(
                "Includes the child's or young person's own views"
                + (", given with the easy read questions" if values["easy_read"] else "")
                + "."
                if any(values[name] for name in PlanViews.CHILD_FIELDS)
                else "The parents' views."
            ),
            basis="Children and Families Act 2014 s19",
        )
        tell_council(
            case,
            key=f"views:{contribution.pk}",
            subject=f"New views for section A from {actor.display_name} for "
            f"{case.child.full_name} ({case.reference})",
            what_happened=f"{actor.display_name} sent views for section A of the plan on "
            f"{made_on:%-d %B %Y}"
            + (
                ", including the child's own views."
                if any(values[name] for name in PlanViews.CHILD_FIELDS)
                else "."
            )
            + (" They were put into the draft you are writing." if used else ""),
            what_to_do="Read them and use them in section A of the plan."
            if not used
            else "Check section A of the draft.",
        )
    return contribution


# ---- comments on a draft, section by section ----------------------------------------------------


def comment_window(plan: Plan) -> deadlines.Deadline | None:
    """The family's window for comments on this version, or None if it takes no comments."""
    if plan.served_on is None:
        return None
    if plan.status == Plan.Status.DRAFT:
        return deadlines.representations_close(draft_served=plan.served_on)
    if plan.status == Plan.Status.PROPOSED:
        return deadlines.amendment_representations_close(notice_served=plan.served_on)
    return None


def comment_on_plan(
    *, actor: User, plan_id: int, section: str, text: str, made_on: date
) -> PlanComment:
    """A comment on one section of a draft (or of proposed amendments), within the family's
    window: at least 15 days beginning with the day it was sent (SEND Regulations 2014 reg
    13(1)(a); reg 22(2)(c) for amendments)."""
    if section not in Section.values:
        raise DomainError("Select the section you are commenting on", field="section")
    if not text.strip():
        raise DomainError("Enter your comment", field="text")
    with transaction.atomic():
        plan = Plan.objects.select_related("case").get(pk=plan_id)
        case = _lock(plan.case_id)
        permissions.require(actor, "ehcp.make_representations", case)
        latest_sent = case.plans.exclude(served_on=None).order_by("-version").first()
        window = comment_window(plan)
        if window is None or latest_sent is None or latest_sent.pk != plan.pk:
            raise InvalidTransition(
                "This version of the plan is not open for comments. Comments are taken on the "
                "latest draft or proposed amendments sent to you."
            )
        if plan.status == Plan.Status.DRAFT and case.stage not in (
            Stage.DRAFT_SERVED,
            Stage.CONSULTING,
        ):
            raise InvalidTransition("The final plan has been issued, so the draft is closed.")
        if made_on > window.due:
            raise InvalidTransition(
                f"The time for comments on this version ended on {window.due:%-d %B %Y} "
                f"({window.basis}). You can still send a message to your caseworker."
            )
        comment = PlanComment.objects.create(
            plan=plan, section=section, text=text.strip(), author=actor, made_on=made_on
        )
        what = "draft plan" if plan.status == Plan.Status.DRAFT else "proposed amendments"
        label = Section(section).label
        letter = label.split(":")[0]
        record_event(
            case,
            CaseEvent.Kind.PLAN_COMMENT,
            on=made_on,
            actor=actor,
            title=f"Comment on {letter} of the {what} (version {plan.version})",
            detail=text.strip() if len(text) < 500 else text.strip()[:497] + "...",
            basis=window.basis,
        )
        final = (
            deadlines.final_plan(received=case.received_on)
            if plan.status == Plan.Status.DRAFT
            else deadlines.amended_plan_due(amendment_notice_sent=plan.served_on)
        )
        tell_council(
            case,
            key=f"comment:{comment.pk}",
            subject=f"{actor.display_name} commented on {letter} of the {what} for "
            f"{case.child.full_name} ({case.reference})",
            what_happened=f"{actor.display_name} commented on {in_sentence(label)} of version "
            f"{plan.version} on {made_on:%-d %B %Y}: {_quote(text)}",
            what_to_do="Consider the comment, revise the draft if it should change, and reply "
            "to the family before you issue the plan by the date below.",
            due=final,
            link=reverse("plan-version", args=[case.reference, plan.version])
            + f"#section-{section}",
        )
    return comment


# ---- meetings and personal budgets --------------------------------------------------------------


def request_meeting(*, actor: User, case_id: int, on: date, about: str) -> CaseEvent:
    """Ask for a meeting with a council officer. While a draft is out the family has the right
    to one (SEND Regulations 2014 reg 13(1)(b))."""
    if not about.strip():
        raise DomainError("Tell us what you want to talk about", field="about")
    with transaction.atomic():
        case = _lock(case_id)
        permissions.require(actor, "ehcp.make_representations", case)
        if not (case.is_open or amendments_open(case)):
            raise InvalidTransition(
                "This case is closed. Send a message to the SEND team to arrange to talk."
            )
        draft_out = case.stage in (Stage.DRAFT_SERVED, Stage.CONSULTING)
        basis = DRAFT_MEETING_BASIS if draft_out else ""
        event = record_event(
            case,
            CaseEvent.Kind.MEETING_REQUESTED,
            on=on,
            actor=actor,
            title="Meeting with a council officer requested",
            detail=about.strip()[:500],
            basis=basis,
        )
        tell_council(
            case,
            key=f"meeting:{event.pk}",
            subject=f"{actor.display_name} asked for a meeting about {case.child.full_name} "
            f"({case.reference})",
            what_happened=f"{actor.display_name} asked on {on:%-d %B %Y} for a meeting with a "
            f"council officer to discuss: {_quote(about)}",
            what_to_do=(
                "Arrange the meeting and tell the family the date. While the draft plan is "
                "out, the family has the right to this meeting (SEND Regulations 2014 reg "
                "13(1)(b))."
                if draft_out
                else "Contact the family to arrange the meeting."
            ),
        )
    return event


def request_personal_budget(*, actor: User, case_id: int, on: date, detail: str) -> CaseEvent:
    """Ask for a personal budget. The council must prepare one when asked while it is assessing
    or preparing the plan, or reviewing it (Children and Families Act 2014 s49; SEN (Personal
    Budgets) Regulations 2014 reg 4)."""
    with transaction.atomic():
        case = _lock(case_id)
        permissions.require(actor, "ehcp.make_representations", case)
        if case.stage not in PERSONAL_BUDGET_STAGES and not amendments_open(case):
            raise InvalidTransition(
                "You can ask for a personal budget once the council has decided to carry out an "
                "assessment, while the plan is being prepared, or when the plan is reviewed or "
                f"amended ({PERSONAL_BUDGET_BASIS})."
            )
        event = record_event(
            case,
            CaseEvent.Kind.PERSONAL_BUDGET_REQUESTED,
            on=on,
            actor=actor,
            title="Personal budget requested",
            detail=detail.strip()[:500],
            basis=PERSONAL_BUDGET_BASIS,
        )
        tell_council(
            case,
            key=f"personal-budget:{event.pk}",
            subject=f"{actor.display_name} asked for a personal budget for "
            f"{case.child.full_name} ({case.reference})",
            what_happened=f"{actor.display_name} asked on {on:%-d %B %Y} for a personal budget"
            + (f": {_quote(detail)}" if detail.strip() else "."),
            what_to_do="The council must prepare a personal budget when asked at this stage "
            f"({PERSONAL_BUDGET_BASIS}). Tell the family what it could pay for, and set it out in "
            "section J of the plan.",
        )
        tell_family(
            case,
            on=on,
            key=f"personal-budget:{event.pk}",
            subject=f"Your request for a personal budget for {case.child.known_as} was sent",
            what_happened=f"You asked {case.local_authority.name} on {on:%-d %B %Y} for a "
            "personal budget. The council must prepare one and tell you what it could pay for.",
            what_to_do="Your caseworker will contact you. The personal budget is set out in "
            "section J of the plan.",
        )
    return event


# ---- messages -----------------------------------------------------------------------------------


def send_message(*, actor: User, case_id: int, text: str) -> Message:
    """A message in the case's thread between the family and the council."""
    if not text.strip():
        raise DomainError("Enter your message", field="text")
    if len(text) > 5000:
        raise DomainError("Use 5,000 characters or fewer", field="text")
    with transaction.atomic():
        case = _lock(case_id)
        from_council = selectors.is_staff_of_case(actor, case)
        if not (from_council or selectors.is_family_of_case(actor, case)):
            permissions.require(actor, "ehcp.make_representations", case)
        message = Message.objects.create(
            case=case, author=actor, from_council=from_council, text=text.strip()
        )
        audit.record(
            actor=actor,
            action=AuditEvent.Action.CREATE,
            obj=message,
            child_id=case.child_id,
            summary=f"{case.reference}: message from the "
            + ("council" if from_council else "family"),
        )
        on = selectors.today()
        if from_council:
            tell_family(
                case,
                on=on,
                key=f"message:{message.pk}",
                subject=f"New message from {case.local_authority.name} about "
                f"{case.child.known_as}'s case",
                what_happened=f"{actor.display_name} wrote: {_quote(text)}",
                what_to_do="Read the whole message and reply in the portal.",
                link=reverse("case-messages", args=[case.reference]),
            )
        else:
            tell_council(
                case,
                key=f"message:{message.pk}",
                subject=f"New message from {actor.display_name} about {case.child.full_name} "
                f"({case.reference})",
                what_happened=f"{actor.display_name} wrote: {_quote(text)}",
                what_to_do="Read the whole message and reply in the portal.",
                link=reverse("case-messages", args=[case.reference]),
            )
    return message
