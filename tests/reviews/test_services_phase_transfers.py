"""Phase transfers (SEND Regulations 2014 reg 18): the cohort found by date of birth, the review
that must end with an amended plan naming the next school or college by 15 February (schools)
or 31 March (secondary to post-16), and each transfer's risk."""

from __future__ import annotations

from datetime import date

import pytest

from ehcp.errors import InvalidTransition
from ehcp.reviews import selectors, services
from ehcp.reviews.models import Outcome, PhaseTransfer, Review
from tests.ehcp.factories import ChildFactory
from tests.factories import la
from tests.reviews.helpers import review_at, world

pytestmark = pytest.mark.django_db


def _cohort(w, today=date(2026, 11, 22), **filters):
    cohort = selectors.phase_transfer_cohort(w.worker, year=2027, today=today, **filters)
    cohort.rows = selectors.label(cohort.rows)
    return cohort


def test_the_cohort_finds_reception_year_7_and_post_16_moves_by_date_of_birth():
    year6 = world(child=ChildFactory(date_of_birth=date(2015, 9, 1)))  # youngest... oldest of Y6
    summer = world(child=ChildFactory(date_of_birth=date(2016, 8, 31)))  # youngest of Y6
    year5 = world(child=ChildFactory(date_of_birth=date(2016, 9, 1)))  # stays in primary
    nursery = world(child=ChildFactory(date_of_birth=date(2023, 1, 10)))  # starts reception
    year11 = world(child=ChildFactory(date_of_birth=date(2011, 5, 5)))  # to post-16
    added = services.identify_phase_transfers(
        actor=year6.worker, local_authority=la("881"), year=2027
    )
    assert added == 4
    moves = {pt.case_id: pt for pt in PhaseTransfer.objects.all()}
    # Reg 18(1)(b): "before ... 15 February": the last day is 14 February.
    assert moves[year6.case.pk].deadline_on == date(2027, 2, 14)
    assert moves[summer.case.pk].to_phase == "Secondary (year 7)"
    assert year5.case.pk not in moves
    assert moves[nursery.case.pk].to_phase == "Reception (school)"
    assert moves[year11.case.pk].transfer == "post16"
    assert moves[year11.case.pk].deadline_on == date(2027, 3, 30)  # before 31 March
    # Idempotent.
    assert (
        services.identify_phase_transfers(actor=year6.worker, local_authority=la("881"), year=2027)
        == 0
    )


def test_another_council_cannot_add_or_see_the_cohort():
    w = world(child=ChildFactory(date_of_birth=date(2016, 1, 1)))
    other = world(la_code="883")
    with pytest.raises(Exception, match="Only the council"):
        services.identify_phase_transfers(actor=other.worker, local_authority=la("881"), year=2027)
    services.identify_phase_transfers(actor=w.worker, local_authority=la("881"), year=2027)
    assert _cohort(other).total == 0
    assert _cohort(w).total == 1


def test_a_phase_transfer_review_is_due_by_the_earlier_transfer_date_and_must_name_the_next_school(
    move_today,
):
    w = world(child=ChildFactory(date_of_birth=date(2016, 1, 1)))
    services.identify_phase_transfers(actor=w.worker, local_authority=la("881"), year=2027)
    pt = PhaseTransfer.objects.get()
    review = review_at(w, Review.Stage.REPORTED, phase_transfer_id=pt.pk)
    assert review.kind == Review.Kind.PHASE_TRANSFER
    assert review.due_on == date(2026, 12, 14)  # the 12-month date is earlier than 15 February
    services.start_amendments(actor=w.worker, review_id=review.pk)
    with pytest.raises(InvalidTransition, match="name the next school"):
        services.decide_after_review(
            actor=w.worker,
            review_id=review.pk,
            outcome=Outcome.AMEND,
            decided_on=date(2026, 11, 10),
            notice_sent_on=date(2026, 11, 10),
        )
    from tests.factories import SettingFactory

    secondary = SettingFactory(local_authority=la("881"), name="Harbour Academy")
    services.name_next_setting(actor=w.worker, review_id=review.pk, setting=secondary)
    services.decide_after_review(
        actor=w.worker,
        review_id=review.pk,
        outcome=Outcome.AMEND,
        decided_on=date(2026, 11, 10),
        notice_sent_on=date(2026, 11, 10),
    )
    assert _cohort(w).rows[0].risk == "on_track"
    move_today(date(2026, 12, 1))
    services.issue_amended_plan(
        actor=w.worker,
        review_id=review.pk,
        issued_on=date(2026, 12, 1),
        notice_sent_on=date(2026, 12, 1),
    )
    pt.refresh_from_db()
    assert pt.named_on == date(2026, 12, 1) and pt.next_setting == secondary
    row = _cohort(w, today=date(2026, 12, 1)).rows[0]
    assert row.risk == "done" and row.state_label == "Review finished"
    assert "in time" in w.case.events.get(kind="review_completed").detail


def test_a_review_due_after_the_transfer_is_brought_forward_to_14_february_before_the_15th():
    # Plan issued 15 June 2026: its 12-month date (14 June 2027) is after 15 February 2027.
    w = world(child=ChildFactory(date_of_birth=date(2016, 1, 1)), received_on=date(2026, 3, 2))
    services.identify_phase_transfers(actor=w.worker, local_authority=la("881"), year=2027)
    review = services.schedule_review(
        actor=w.worker, case_id=w.case.pk, phase_transfer_id=PhaseTransfer.objects.get().pk
    )
    assert review.due_on == date(2027, 2, 14) and review.due_key == "phase_transfer_school"
    assert "reg 18(1)(b)" in review.due_basis


@pytest.mark.parametrize(
    "today, risk",
    [
        (date(2026, 11, 21), "on_track"),  # the day before the latest safe meeting (22 Nov)
        (date(2026, 11, 22), "on_track"),  # the latest safe meeting day itself
        (date(2026, 11, 23), "at_risk"),  # no meeting early enough any more
        (date(2027, 2, 14), "at_risk"),  # the last day in time: still not overdue
        (date(2027, 2, 15), "overdue"),  # 15 February: the plan had to be amended before it
    ],
)
def test_risk_at_the_edges_of_the_last_day_14_february_with_no_meeting(today, risk):
    w = world(child=ChildFactory(date_of_birth=date(2016, 1, 1)))
    services.identify_phase_transfers(actor=w.worker, local_authority=la("881"), year=2027)
    assert _cohort(w, today=today).rows[0].risk == risk


@pytest.mark.parametrize(
    "today, risk",
    [
        (date(2027, 1, 5), "on_track"),  # 12 weeks before 30 March
        (date(2027, 1, 6), "at_risk"),
        (date(2027, 3, 30), "at_risk"),  # the last day in time
        (date(2027, 3, 31), "overdue"),  # the plan had to be amended before 31 March
    ],
)
def test_risk_at_the_edges_of_the_last_day_30_march_for_post_16(today, risk):
    w = world(child=ChildFactory(date_of_birth=date(2011, 5, 5)))
    services.identify_phase_transfers(actor=w.worker, local_authority=la("881"), year=2027)
    assert _cohort(w, today=today).rows[0].risk == risk


def test_a_meeting_arranged_early_enough_keeps_a_transfer_on_track():
    w = world(child=ChildFactory(date_of_birth=date(2016, 1, 1)))
    services.identify_phase_transfers(actor=w.worker, local_authority=la("881"), year=2027)
    review_at(w, Review.Stage.ARRANGED, phase_transfer_id=PhaseTransfer.objects.get().pk)
    cohort = _cohort(w, today=date(2026, 12, 20))
    assert cohort.rows[0].risk == "on_track"
    assert cohort.rows[0].state_label == "Meeting arranged"
    assert _cohort(w, today=date(2026, 12, 20), risk="at_risk").filtered == 0
    assert cohort.counts == {"done": 0, "on_track": 1, "at_risk": 0, "overdue": 0}


def test_post_16_move_at_another_time_is_due_5_months_before():
    w = world(child=ChildFactory(date_of_birth=date(2008, 1, 1)))
    pt = services.record_post16_move(
        actor=w.worker, case_id=w.case.pk, transfer_date=date(2027, 4, 12), to_phase="College"
    )
    assert pt.deadline_on == date(2026, 11, 12)
    assert "reg 18(2)" in w.case.events.get(kind="phase_transfer_recorded").legal_basis
