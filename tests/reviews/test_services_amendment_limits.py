"""The limits after proposed amendments (SEND Regulations 2014 reg 22; Devon), a decision not
to amend (reg 22(4)) and moving between councils on the day of the move (reg 15(2))."""

from __future__ import annotations

from datetime import date

import pytest

from ehcp.errors import DomainError, InvalidTransition
from ehcp.models import Plan
from ehcp.reviews import services
from ehcp.reviews.models import Outcome, PlanDecision, Review
from send_portal.models import Notification
from tests.ehcp.plan_helpers import add
from tests.factories import la
from tests.reviews.helpers import review_at, world

pytestmark = pytest.mark.django_db


def _amending(w, *, notice: date) -> Review:
    review = review_at(w, Review.Stage.REPORTED)
    proposed = services.start_amendments(actor=w.worker, review_id=review.pk)
    add(
        proposed,
        "need",
        actor=w.worker,
        section="B",
        area="cognition",
        description="Reading two years behind.",
    )
    services.decide_after_review(
        actor=w.worker,
        review_id=review.pk,
        outcome=Outcome.AMEND,
        decided_on=notice,
        notice_sent_on=notice,
    )
    return Review.objects.select_related("proposed_plan").get(pk=review.pk)


def test_reg_22_4_a_decision_not_to_amend_is_told_within_8_weeks_with_reasons_and_appeal_rights():
    """Reg 22(4): "Where the local authority decides not to amend the EHC plan, it must notify the
    child's parent or the young person of its decision and its reasons for this as soon as
    practicable and in any event within 8 weeks" of the amendment notice (10 November 2026: by
    5 January 2027). The plan stays as it is and can be appealed (CFA 2014 s51(2)(e))."""
    w = world()
    review = _amending(w, notice=date(2026, 11, 10))
    rows = {d.key: d for d in services.review_timetable(review)}
    assert rows["no_amendment_notice_due"].due == date(2027, 1, 5)
    assert "reg 22(4)" in rows["no_amendment_notice_due"].basis
    with pytest.raises(DomainError, match="Give the reasons"):
        services.decide_not_to_amend(
            actor=w.worker,
            review_id=review.pk,
            decided_on=date(2026, 11, 20),
            notice_sent_on=date(2026, 11, 20),
            reasons=" ",
        )
    decision = services.decide_not_to_amend(
        actor=w.worker,
        review_id=review.pk,
        decided_on=date(2026, 11, 20),
        notice_sent_on=date(2026, 11, 20),
        reasons="The school's report shows the current provision is working.",
    )
    review.refresh_from_db()
    assert review.stage == Review.Stage.COMPLETED and review.outcome == Outcome.MAINTAIN
    assert decision.kind == PlanDecision.Kind.MAINTAIN and decision.is_appealable
    assert decision.appeal_deadline == date(2027, 1, 20)
    assert Plan.objects.get(pk=review.proposed_plan_id).status == Plan.Status.NOT_MADE
    event = w.case.events.get(kind="review_decided", title__contains="will not be made")
    assert "reg 22(4)" in event.legal_basis and "In time (by 5 January 2027)" in event.detail
    told = Notification.objects.filter(recipient=w.parent).latest("pk")
    assert "will not be changed" in told.subject and told.due_date == date(2027, 1, 20)
    # The plan in force is the one before the proposal: new amendments start from it.
    again = services.schedule_review(actor=w.worker, case_id=w.case.pk)
    assert again.plan.status in Plan.ISSUED
    with pytest.raises(InvalidTransition, match="decide not to amend"):
        services.decide_not_to_amend(
            actor=w.worker,
            review_id=review.pk,
            decided_on=date(2026, 11, 21),
            notice_sent_on=date(2026, 11, 21),
            reasons="Again",
        )


def test_a_late_amendment_notice_shows_the_8_weeks_and_the_devon_12_weeks_as_separate_dates():
    """Meeting 15 October 2026, notice 20 November (5 weeks later, so late): reg 22(3)'s 8 weeks
    end on 15 January 2027, the 12 weeks from the meeting on 7 January; each is its own row with
    its own basis, and the labels say which is later."""
    w = world()
    review = _amending(w, notice=date(2026, 11, 20))
    rows = {d.key: d for d in services.review_timetable(review)}
    eight, cap = rows["amended_plan_due"], rows["amended_plan_review_cap"]
    assert (eight.due, cap.due) == (date(2027, 1, 15), date(2027, 1, 7))
    assert "reg 22(3)" in eight.basis and "Devon" in cap.basis
    assert "later than the 12 weeks" in eight.label
    assert "earlier than the 8 weeks" in cap.label
    review.refresh_from_db()
    assert (review.next_due_key, review.next_due_on) == ("amended_plan_due", date(2027, 1, 7))


def test_reg_15_2_the_old_council_that_knew_15_working_days_ahead_transfers_on_the_day_of_move():
    """Reg 15(2): "on the day of the move or, where it has not become aware of the move at least
    15 working days prior to that move, within 15 working days beginning with the day on which
    it did become aware". Aware Thursday 1 October 2026 of a move on Friday 30 October."""
    w = world()
    transfer = services.transfer_plan(
        actor=w.worker,
        case_id=w.case.pk,
        to_authority=la("883"),
        moved_on=date(2026, 10, 30),
        old_council_aware_on=date(2026, 10, 1),
        transferred_on=date(2026, 11, 2),
    )
    assert transfer.transfer_due_on == date(2026, 10, 30)
    moved = w.case.events.get(kind="plan_transferred")
    assert "day of the move" in moved.legal_basis and "Late" in moved.detail
