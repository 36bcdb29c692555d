"""Demo data so that each role's whole journey can be walked (issue 20). Runs after the cases,
reviews and partnerships demo builders; everything goes through the services, dated relative to
today, and nothing is written when it is already there.

- The demo parent's second child, Ruby Taylor: a final plan issued just over a year ago, its first
  annual review finished with an amended plan (so the family sees two issued versions and what
  changed), and the next annual review scheduled, so the family can give views.
- A panel meeting still to come, with a request on its agenda at the "whether to assess" point
  (a recommendation can only be recorded once it has met).
- Essex reserves the decision to stop a plan to its SEND managers, and one such decision is
  waiting in the managers' approval queue.
"""

from __future__ import annotations

from datetime import date, timedelta

from django.db import transaction

from send_portal.models import Organisation

from .models import (
    Case,
    Child,
    ChildRelationship,
    DecisionApproval,
    PanelAgendaItem,
    PanelMeeting,
    Plan,
    ReservedKind,
    Stage,
)
from .selectors import today
from .services import management, plans, workflow

#: Ruby's request was received this long ago: the final plan was issued just over a
#: year ago, and its first review was finished (amended plan issued) before its 12 months ran out.
RUBY_RECEIVED_AGO = timedelta(days=500)
#: Her first annual review meeting, and the amended plan that came out of it.
RUBY_MEETING_AGO = timedelta(days=70)


def _ruby(ctx, now: date) -> None:
    from ehcp.demo import _drive
    from ehcp.reviews import services as reviews
    from ehcp.reviews.models import Outcome, Review

    parent = ctx.people.get("parent")
    worker, senco = ctx.people["caseworker"], ctx.people["senco"]
    school = ctx.orgs["senco_school"]
    essex = ctx.las["881"]
    child, _ = Child.objects.get_or_create(
        local_authority=essex,
        first_name="Ruby",
        last_name="Taylor",
        date_of_birth=date(now.year - 8, 6, 2),
        defaults={
            "sex": "F",
            "primary_need": "SLCN",
            "current_setting": school,
            "postcode": "CM1 1AA",
            "ethnicity": "WBRI",
        },
    )
    if not child.cases.exists():
        _drive(ctx, child, Stage.FINAL_ISSUED, now - RUBY_RECEIVED_AGO, worker, school)
    # Linked once her plan was issued (the demo's draft conversation is Alex's, not hers).
    if (
        parent is not None
        and not ChildRelationship.objects.filter(child=child, user=parent, is_active=True).exists()
    ):
        workflow.link_family_member(
            actor=worker, child=child, user=parent, kind=ChildRelationship.Kind.PARENT
        )
    case = child.cases.get()
    if case.reviews.exists():
        return
    # The first annual review: meeting 10 weeks ago, the school recommends amending the plan,
    # the council proposes the changes and issues the amended plan after the family's 15 days.
    meeting = now - RUBY_MEETING_AGO
    review = reviews.schedule_review(actor=worker, case_id=case.pk)
    reviews.arrange_meeting(
        actor=senco,
        review_id=review.pk,
        meeting_on=meeting,
        invitations_sent_on=meeting - timedelta(days=21),
        place="School meeting room",
    )
    reviews.record_advice_circulated(
        actor=senco, review_id=review.pk, circulated_on=meeting - timedelta(days=16)
    )
    reviews.record_meeting_held(actor=senco, review_id=review.pk, held_on=meeting)
    reviews.submit_report(
        actor=senco,
        review_id=review.pk,
        sent_on=meeting + timedelta(days=6),
        progress="Ruby now follows two-step instructions in class. Reading is about a year "
        "behind and she is anxious in the dining hall.",
        recommendation=Outcome.AMEND,
        changes="Add daily small-group reading and a quiet place to eat lunch.",
    )
    proposed = reviews.start_amendments(actor=worker, review_id=review.pk)
    plans.save_item(
        actor=worker,
        plan_id=proposed.pk,
        expected_lock=Plan.objects.values_list("version_lock", flat=True).get(pk=proposed.pk),
        kind="need",
        data={
            "section": "B",
            "area": "cognition",
            "description": "Ruby reads about a year below her age; decoding new words is slow.",
            "evidence": "Report of the annual review meeting and the school's reading tests.",
        },
    )
    decided = meeting + timedelta(days=20)
    reviews.decide_after_review(
        actor=worker,
        review_id=review.pk,
        outcome=Outcome.AMEND,
        decided_on=decided,
        notice_sent_on=decided,
        reasons="Reading support is needed every day, as the review found.",
    )
    reviews.issue_amended_plan(
        actor=worker,
        review_id=review.pk,
        issued_on=decided + timedelta(days=20),
        notice_sent_on=decided + timedelta(days=20),
    )
    # The next annual review is in the council's list: the family can send their views.
    if not case.reviews.filter(stage__in=list(Review.OPEN_STAGES)).exists():
        reviews.schedule_review(actor=worker, case_id=case.pk)


def _panel_to_come(ctx, now: date) -> None:
    """A meeting in two weeks with Noah Patel's request on its agenda: whether to assess."""
    essex = ctx.las["881"]
    worker = ctx.people["caseworker"]
    if PanelMeeting.objects.filter(local_authority=essex, meets_on__gt=now).exists():
        return
    meeting = PanelMeeting.objects.create(
        local_authority=essex, meets_on=now + timedelta(days=14), title="EHC multi-agency panel"
    )
    if "panel" in ctx.people:
        meeting.members.add(ctx.people["panel"])
    noah = Case.objects.filter(
        local_authority=essex, child__first_name="Noah", child__last_name="Patel"
    ).first()
    if (
        noah is not None
        and noah.stage == Stage.CONSIDERING
        and not noah.panel_items.filter(
            decision_point=PanelAgendaItem.DecisionPoint.REQUEST
        ).exists()
    ):
        workflow.refer_to_panel(
            actor=worker,
            case_id=noah.pk,
            meeting_id=meeting.pk,
            summary="Request from the family with the school's SEN Support plan and two "
            "terms of reviews. Attendance has fallen to 82%.",
            on=now,
        )


def _a_decision_to_approve(ctx, now: date) -> None:
    """Essex reserves stopping a plan to its managers; one such decision waits for approval."""
    from ehcp.reviews import services as reviews
    from ehcp.reviews.models import Cessation

    essex: Organisation = ctx.las["881"]
    manager, worker = ctx.people["manager"], ctx.people["caseworker"]
    if ReservedKind.CEASE not in management.reserved_kinds(essex.pk):
        management.set_reserved_decisions(
            actor=manager,
            local_authority_id=essex.pk,
            kinds=management.reserved_kinds(essex.pk) | {ReservedKind.CEASE},
        )
    if DecisionApproval.objects.filter(case__local_authority=essex).exists():
        return
    case = (
        Case.objects.filter(
            local_authority=essex, stage=Stage.FINAL_ISSUED, reference__contains="-PT"
        )
        .exclude(reviews__stage__in=["arranged", "held", "reported", "amending"])
        .order_by("reference")
        .first()
    )
    if case is None:
        return
    cessation = reviews.propose_to_cease(
        actor=worker,
        case_id=case.pk,
        ground=Cessation.Ground.NOT_NECESSARY,
        explanation="The outcomes in the plan have been met and the school can meet the "
        "remaining needs from its own resources.",
        consulted_on=now - timedelta(days=21),
    )
    management.propose_decision(
        actor=worker,
        case_id=case.pk,
        kind=ReservedKind.CEASE,
        outcome=True,
        reasons="The outcomes have been met; SEN Support at school meets the remaining needs.",
        cessation_id=cessation.pk,
        details={
            "family_response": "The family agree: the plan has done its job.",
            "setting_response": "The school agrees and will keep the reading support going.",
        },
    )


@transaction.atomic
def build(ctx) -> None:
    now = today()
    _ruby(ctx, now)
    _panel_to_come(ctx, now)
    _a_decision_to_approve(ctx, now)
