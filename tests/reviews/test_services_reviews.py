"""Annual reviews through the services (CFA 2014 s44; SEND Regulations 2014 regs 20 and 22;
Devon): scheduling, the meeting and its notice, advice, the school's report, the council's
decision with its letter, proposed amendments and the amended plan."""

from __future__ import annotations

from datetime import date

import pytest

from ehcp.errors import DomainError, InvalidTransition
from ehcp.models import CaseEvent, Plan
from ehcp.reviews import services
from ehcp.reviews.models import Cessation, Outcome, PlanDecision, Review
from send_portal.models import GeneratedDocument, Notification
from tests.ehcp.factories import ChildFactory
from tests.ehcp.plan_helpers import add
from tests.factories import UserFactory
from tests.reviews.helpers import INVITED, ISSUED, MEETING, review_at, world

pytestmark = pytest.mark.django_db


def test_a_review_is_due_within_12_months_of_the_plan_and_told_to_family_and_school():
    w = world()
    review = services.schedule_review(actor=w.worker, case_id=w.case.pk)
    assert review.plan.issued_on == ISSUED
    assert review.due_on == date(2026, 12, 14)  # 12 months starting with 15 December 2025
    assert review.due_basis.startswith("Children and Families Act 2014 s44(1)")
    assert review.setting == w.setting and review.suggested_on is None
    assert review.next_due_on == review.due_on
    family = Notification.objects.filter(recipient=w.parent).latest("pk")
    assert "will be reviewed" in family.subject and family.due_date == date(2026, 12, 14)
    assert Notification.objects.filter(recipient=w.senco).count() == 1
    assert w.case.events.filter(kind="review_scheduled").exists()
    with pytest.raises(InvalidTransition, match="already has a review"):
        services.schedule_review(actor=w.worker, case_id=w.case.pk)


def test_under_5s_get_the_guidance_date_of_6_months_beside_the_legal_12():
    w = world(child=ChildFactory(date_of_birth=date(2022, 3, 1)))
    review = services.schedule_review(actor=w.worker, case_id=w.case.pk)
    assert review.suggested_on == date(2026, 6, 14)
    assert review.due_on == date(2026, 12, 14)


def test_only_the_childs_council_can_schedule_and_only_an_issued_plan():
    w = world()
    other = world(la_code="883")
    with pytest.raises(Exception, match="Only a caseworker"):
        services.schedule_review(actor=other.worker, case_id=w.case.pk)
    from ehcp.models import Stage
    from tests.ehcp.factories import case_at

    drafting = case_at(Stage.DRAFTING)
    with pytest.raises(InvalidTransition, match="issued EHC plan"):
        services.schedule_review(actor=drafting.caseworker, case_id=drafting.pk)


@pytest.mark.parametrize(
    "invited, accepted",
    [
        (date(2026, 9, 30), True),  # the day before the last day
        (date(2026, 10, 1), True),  # exactly 2 weeks before the meeting: the last day
        (date(2026, 10, 2), False),  # 13 days' notice
    ],
)
def test_meeting_invitations_need_2_weeks_notice_reg_20_3(invited, accepted):
    w = world()
    review = services.schedule_review(actor=w.worker, case_id=w.case.pk)
    if accepted:
        services.arrange_meeting(
            actor=w.senco, review_id=review.pk, meeting_on=MEETING, invitations_sent_on=invited
        )
        review.refresh_from_db()
        assert review.stage == Review.Stage.ARRANGED
        assert review.next_due_key == "review_advice_circulated_by"
        assert review.next_due_on == date(2026, 10, 1)
    else:
        with pytest.raises(DomainError, match="16 October 2026 or later") as error:
            services.arrange_meeting(
                actor=w.senco, review_id=review.pk, meeting_on=MEETING, invitations_sent_on=invited
            )
        assert error.value.field == "meeting_on"
        review.refresh_from_db()
        assert review.stage == Review.Stage.DUE and review.meeting_on is None


@pytest.mark.parametrize(
    "sent, late",
    [(date(2026, 9, 30), False), (date(2026, 10, 1), False), (date(2026, 10, 2), True)],
)
def test_advice_circulated_2_weeks_before_the_meeting_or_recorded_late_reg_20_4(sent, late):
    w = world()
    review = services.schedule_review(actor=w.worker, case_id=w.case.pk)
    services.arrange_meeting(
        actor=w.senco,
        review_id=review.pk,
        meeting_on=MEETING,
        invitations_sent_on=date(2026, 9, 30),
    )
    services.record_advice_circulated(actor=w.senco, review_id=review.pk, circulated_on=sent)
    event = w.case.events.get(kind="review_advice_circulated")
    assert event.detail.startswith("Late") is late
    assert event.legal_basis.startswith("SEND Regulations 2014 reg 20(4)")


@pytest.mark.parametrize(
    "sent, late",
    [(date(2026, 10, 28), False), (date(2026, 10, 29), False), (date(2026, 10, 30), True)],
)
def test_the_report_is_due_within_2_weeks_of_the_meeting_reg_20_7(sent, late):
    w = world()
    review = review_at(w, Review.Stage.HELD)
    assert review.next_due_key == "review_report_due" and review.next_due_on == date(2026, 10, 29)
    services.submit_report(
        actor=w.senco,
        review_id=review.pk,
        sent_on=sent,
        progress="Good progress.",
        recommendation=Outcome.MAINTAIN,
    )
    review.refresh_from_db()
    assert review.stage == Review.Stage.REPORTED and review.report_by == w.senco
    assert review.next_due_key == "review_decision_due"
    assert review.next_due_on == date(2026, 11, 12)  # 4 weeks after the meeting
    assert w.case.events.get(kind="review_report").detail.endswith(
        "Late: the legal date was 29 October 2026." if late else "In time (by 29 October 2026)."
    )
    assert Notification.objects.filter(recipient=w.worker, subject__contains="decide by").exists()


def test_a_report_recommending_changes_must_say_which():
    w = world()
    review = review_at(w, Review.Stage.HELD)
    with pytest.raises(DomainError) as error:
        services.submit_report(
            actor=w.senco,
            review_id=review.pk,
            sent_on=date(2026, 10, 26),
            progress="Some.",
            recommendation=Outcome.AMEND,
        )
    assert error.value.field == "changes"


def test_another_schools_senco_and_a_stranger_cannot_hold_the_meeting():
    w = world()
    other = world()
    review = services.schedule_review(actor=w.worker, case_id=w.case.pk)
    for person in (other.senco, UserFactory(), w.parent):
        with pytest.raises(Exception, match="Only the SENCo"):
            services.arrange_meeting(
                actor=person, review_id=review.pk, meeting_on=MEETING, invitations_sent_on=INVITED
            )


@pytest.mark.parametrize(
    "sent, late",
    [(date(2026, 11, 11), False), (date(2026, 11, 12), False), (date(2026, 11, 13), True)],
)
def test_keeping_the_plan_is_told_within_4_weeks_with_appeal_rights(sent, late):
    w = world()
    review = review_at(w, Review.Stage.REPORTED)
    decision = services.decide_after_review(
        actor=w.worker,
        review_id=review.pk,
        outcome=Outcome.MAINTAIN,
        decided_on=date(2026, 11, 11),
        notice_sent_on=sent,
        reasons="The plan still describes the needs and provision.",
    )
    assert decision.kind == PlanDecision.Kind.MAINTAIN and decision.is_appealable
    assert decision.appeal_deadline is not None
    letter = GeneratedDocument.objects.get(pk=decision.notice_id)
    rights = " ".join(letter.context["rights"])
    assert "s51(2)(e)" in rights and "mediation" in rights.lower()
    assert any("SEND Tribunal" in d["label"] for d in letter.context["deadlines"])
    review.refresh_from_db()
    assert review.stage == Review.Stage.COMPLETED and review.completed_on == date(2026, 11, 11)
    event = w.case.events.get(kind="review_decided")
    assert ("Late" in event.detail) is late
    # The next review counts 12 months from this review.
    nxt = services.schedule_review(actor=w.worker, case_id=w.case.pk)
    assert nxt.due_on == date(2027, 11, 10)


def test_keeping_or_stopping_needs_reasons_for_the_letter():
    w = world()
    review = review_at(w, Review.Stage.REPORTED)
    with pytest.raises(DomainError) as error:
        services.decide_after_review(
            actor=w.worker,
            review_id=review.pk,
            outcome=Outcome.MAINTAIN,
            decided_on=date(2026, 11, 11),
            notice_sent_on=date(2026, 11, 11),
        )
    assert error.value.field == "reasons"
    assert PlanDecision.objects.count() == 0


def test_amending_sends_the_proposed_amendments_with_the_decision_then_the_amended_plan(
    move_today,
):
    w = world()
    review = review_at(w, Review.Stage.REPORTED)
    with pytest.raises(InvalidTransition, match="Prepare the proposed amendments first"):
        services.decide_after_review(
            actor=w.worker,
            review_id=review.pk,
            outcome=Outcome.AMEND,
            decided_on=date(2026, 11, 10),
            notice_sent_on=date(2026, 11, 10),
        )
    proposed = services.start_amendments(actor=w.worker, review_id=review.pk)
    assert proposed.status == Plan.Status.PROPOSED and proposed.previous == review.plan
    add(
        proposed,
        "need",
        actor=w.worker,
        section="B",
        area="cognition",
        description="Reading two years behind.",
    )
    decision = services.decide_after_review(
        actor=w.worker,
        review_id=review.pk,
        outcome=Outcome.AMEND,
        decided_on=date(2026, 11, 10),
        notice_sent_on=date(2026, 11, 10),
    )
    assert decision.kind == PlanDecision.Kind.AMEND and not decision.is_appealable
    letter = GeneratedDocument.objects.get(pk=decision.notice_id)
    labels = [d["label"] for d in letter.context["deadlines"]]
    assert any("comment on the proposed changes" in label for label in labels)
    assert any("amended EHC plan issued" in label for label in labels)
    review.refresh_from_db()
    proposed.refresh_from_db()
    assert proposed.served_on == date(2026, 11, 10)
    assert review.stage == Review.Stage.AMENDING
    # 8 weeks from the notice (5 January 2027) is earlier than 12 weeks from the meeting
    # (7 January 2027): the earlier applies.
    assert review.next_due_key == "amended_plan_due" and review.next_due_on == date(2027, 1, 5)

    move_today(date(2026, 11, 24))
    with pytest.raises(InvalidTransition, match="until 24 November 2026"):
        services.issue_amended_plan(
            actor=w.worker,
            review_id=review.pk,
            issued_on=date(2026, 11, 24),
            notice_sent_on=date(2026, 11, 24),
        )
    move_today(date(2026, 11, 25))
    issued = services.issue_amended_plan(
        actor=w.worker,
        review_id=review.pk,
        issued_on=date(2026, 11, 25),
        notice_sent_on=date(2026, 11, 25),
    )
    assert issued.kind == PlanDecision.Kind.AMENDED_PLAN and issued.appeal_deadline == date(
        2027, 1, 25
    )
    assert "s51(2)(c)" in " ".join(
        GeneratedDocument.objects.get(pk=issued.notice_id).context["rights"]
    )
    review.refresh_from_db()
    assert review.stage == Review.Stage.COMPLETED and review.decision == issued
    assert review.amended_plan.status == Plan.Status.AMENDED
    assert review.amended_plan.issued_on == date(2026, 11, 25)
    kinds = set(w.case.events.values_list("kind", flat=True))
    assert {
        "review_scheduled",
        "review_meeting_arranged",
        "review_meeting_held",
        "review_report",
        "review_decided",
        "review_completed",
        CaseEvent.Kind.AMENDED_ISSUED,
    } <= kinds


def test_stopping_after_a_review_starts_the_consultation_first_reg_31():
    w = world()
    review = review_at(w, Review.Stage.REPORTED)
    cessation = services.decide_after_review(
        actor=w.worker,
        review_id=review.pk,
        outcome=Outcome.CEASE,
        decided_on=date(2026, 11, 11),
        notice_sent_on=date(2026, 11, 11),
        reasons="All outcomes achieved; needs met by SEN support.",
    )
    assert isinstance(cessation, Cessation)
    assert cessation.stage == Cessation.Stage.CONSULTING and cessation.review == review
    assert cessation.consultation_letter is not None
    review.refresh_from_db()
    assert review.stage == Review.Stage.CEASING


def test_family_views_go_to_the_caseworker_and_school():
    w = world()
    review = services.schedule_review(actor=w.worker, case_id=w.case.pk)
    services.give_views(actor=w.parent, review_id=review.pk, going_well="Settled in class.")
    assert Notification.objects.filter(recipient=w.worker, subject__contains="sent views").exists()
    assert Notification.objects.filter(recipient=w.senco, subject__contains="sent views").exists()
    with pytest.raises(DomainError):
        services.give_views(actor=w.parent, review_id=review.pk, going_well=" ")
    with pytest.raises(Exception, match="Only the child's parent"):
        services.give_views(actor=world().parent, review_id=review.pk, going_well="x")


def test_the_next_review_counts_12_months_from_the_decision_to_amend(move_today):
    w = world()
    review = review_at(w, Review.Stage.REPORTED)
    services.start_amendments(actor=w.worker, review_id=review.pk)
    services.decide_after_review(
        actor=w.worker,
        review_id=review.pk,
        outcome=Outcome.AMEND,
        decided_on=date(2026, 11, 10),
        notice_sent_on=date(2026, 11, 10),
    )
    move_today(date(2026, 11, 30))
    services.issue_amended_plan(
        actor=w.worker,
        review_id=review.pk,
        issued_on=date(2026, 11, 30),
        notice_sent_on=date(2026, 11, 30),
    )
    assert services.schedule_review(actor=w.worker, case_id=w.case.pk).due_on == date(2027, 11, 9)


def test_a_parent_who_hears_by_post_is_posted_each_review_step_by_the_caseworker():
    """SEND Regulations 2014 reg 20(2) (the parent is invited to the review meeting) and reg
    20(10) (the council's decision is notified to the parent): a parent recorded at intake as
    hearing by post, who has no account, is told by letter. Each review step the family is told
    about gives the caseworker a "Post to ..." task with the address, as the EHC stages do."""
    from ehcp.models import CaseTask
    from tests.ehcp.factories import FamilyContactFactory

    w = world()
    FamilyContactFactory(child=w.case.child)
    services.schedule_review(actor=w.worker, case_id=w.case.pk)
    [task] = CaseTask.objects.filter(case=w.case, title__startswith="Post to Lee Fletcher")
    assert task.title.startswith("Post to Lee Fletcher (4 Mill Lane, Witham, CM8 2AB): ")
    assert "will be reviewed" in task.title
    assert task.assignee == w.case.caseworker and task.done_on is None
