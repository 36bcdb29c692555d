"""Re-assessment (regs 24-27), ceasing to maintain a plan (CFA s45; reg 31) and the plan moving
with the child to a new council (regs 15-17)."""

from __future__ import annotations

from datetime import date

import pytest

from ehcp import selectors as case_selectors
from ehcp.errors import DomainError, InvalidTransition
from ehcp.reviews import selectors, services
from ehcp.reviews.models import Cessation, PlanDecision, Reassessment, Review
from send_portal.models import GeneratedDocument, Notification
from tests.ehcp.factories import manager
from tests.factories import la
from tests.reviews.helpers import world

pytestmark = pytest.mark.django_db


# ---- re-assessment ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "sent, late",
    [(date(2026, 11, 15), False), (date(2026, 11, 16), False), (date(2026, 11, 17), True)],
)
def test_reassessment_decided_within_15_days_of_the_request_reg_25(sent, late):
    w = world()
    item = services.request_reassessment(
        actor=w.parent,
        case_id=w.case.pk,
        requested_by="family",
        requested_on=date(2026, 11, 1),
        reasons="New diagnosis of dyslexia.",
    )
    assert item.decision_due_on == date(2026, 11, 16)
    decision = services.decide_reassessment(
        actor=w.worker,
        reassessment_id=item.pk,
        reassess=True,
        decided_on=date(2026, 11, 15),
        notice_sent_on=sent,
    )
    item.refresh_from_db()
    assert item.stage == Reassessment.Stage.REASSESSING
    assert item.final_due_on == date(2027, 2, 21) or sent != date(2026, 11, 15)  # 14 weeks (reg 27)
    assert decision.kind == PlanDecision.Kind.REASSESS and not decision.is_appealable
    assert ("Late" in w.case.events.get(kind="reassessment_decided").detail) is late


def test_refusing_a_reassessment_can_be_appealed_s51_2_d():
    w = world()
    item = services.request_reassessment(
        actor=w.worker,
        case_id=w.case.pk,
        requested_by="setting",
        requested_on=date(2026, 11, 1),
        reasons="Needs have changed.",
    )
    with pytest.raises(DomainError):
        services.decide_reassessment(
            actor=w.worker,
            reassessment_id=item.pk,
            reassess=False,
            decided_on=date(2026, 11, 10),
            notice_sent_on=date(2026, 11, 10),
        )
    decision = services.decide_reassessment(
        actor=w.worker,
        reassessment_id=item.pk,
        reassess=False,
        decided_on=date(2026, 11, 10),
        notice_sent_on=date(2026, 11, 10),
        reasons="The annual review is next month.",
    )
    # 2 months: Sunday 10 January 2027, so Monday 11 January (Tribunal rules r12(2)).
    assert decision.is_appealable and decision.appeal_deadline == date(2027, 1, 11)
    letter = GeneratedDocument.objects.get(pk=decision.notice_id)
    assert "s51(2)(d)" in " ".join(letter.context["rights"])
    with pytest.raises(InvalidTransition):
        services.decide_reassessment(
            actor=w.worker,
            reassessment_id=item.pk,
            reassess=True,
            decided_on=date(2026, 11, 10),
            notice_sent_on=date(2026, 11, 10),
        )


def test_a_reassessment_finishes_only_with_an_amended_plan():
    w = world()
    item = services.request_reassessment(
        actor=w.worker,
        case_id=w.case.pk,
        requested_by="council",
        requested_on=date(2026, 11, 1),
        reasons="Needs have changed.",
    )
    services.decide_reassessment(
        actor=w.worker,
        reassessment_id=item.pk,
        reassess=True,
        decided_on=date(2026, 11, 2),
        notice_sent_on=date(2026, 11, 2),
    )
    with pytest.raises(InvalidTransition, match="Issue the amended plan"):
        services.complete_reassessment(actor=w.worker, reassessment_id=item.pk)


# ---- ceasing ---------------------------------------------------------------------------------


def _ceasing(w):
    cessation = services.propose_to_cease(
        actor=w.worker,
        case_id=w.case.pk,
        ground=Cessation.Ground.NOT_NECESSARY,
        explanation="All outcomes met.",
        consulted_on=date(2026, 9, 1),
    )
    return cessation


def test_ceasing_is_consulted_on_then_decided_with_appeal_rights_and_the_plan_stays_in_force():
    w = world()
    cessation = _ceasing(w)
    assert Notification.objects.filter(
        recipient=w.senco, subject__startswith="Consultation"
    ).exists()
    with pytest.raises(DomainError, match="Decide after consulting"):
        services.decide_cessation(
            actor=w.worker,
            cessation_id=cessation.pk,
            cease=True,
            decided_on=date(2026, 9, 1),
            notice_sent_on=date(2026, 9, 1),
            reasons="x",
        )
    decision = services.decide_cessation(
        actor=w.worker,
        cessation_id=cessation.pk,
        cease=True,
        decided_on=date(2026, 9, 21),
        notice_sent_on=date(2026, 9, 21),
        reasons="Outcomes achieved.",
        family_response="We agree.",
    )
    # 2 months after the letter is Saturday 21 November: the family can appeal until Monday 23
    # November (Tribunal rules r12(2)).
    assert decision.appeal_deadline == date(2026, 11, 23)
    letter = GeneratedDocument.objects.get(pk=decision.notice_id)
    text = " ".join(letter.context["paragraphs"])
    assert "stays in force" in text and "s51(2)(f)" in " ".join(letter.context["rights"])
    # Today (22 November) is within the appeal window: the plan cannot stop yet.
    with pytest.raises(InvalidTransition, match="can appeal until 23 November 2026"):
        services.confirm_cessation(actor=w.worker, cessation_id=cessation.pk, on=date(2026, 11, 21))


@pytest.mark.parametrize(
    "on, allowed",
    [(date(2026, 11, 17), False), (date(2026, 11, 18), False), (date(2026, 11, 19), True)],
)
def test_the_plan_stops_only_the_day_after_the_appeal_window_closes(on, allowed):
    w = world()
    cessation = _ceasing(w)
    # Letter on Friday 18 September: the appeal window closes on Wednesday 18 November.
    services.decide_cessation(
        actor=w.worker,
        cessation_id=cessation.pk,
        cease=True,
        decided_on=date(2026, 9, 18),
        notice_sent_on=date(2026, 9, 18),
        reasons="Outcomes achieved.",
    )
    if allowed:
        services.confirm_cessation(actor=w.worker, cessation_id=cessation.pk, on=on)
        cessation.refresh_from_db()
        assert cessation.stage == Cessation.Stage.CEASED
        with pytest.raises(InvalidTransition, match="no longer maintains"):
            services.schedule_review(actor=w.worker, case_id=w.case.pk)
    else:
        with pytest.raises(InvalidTransition, match="can appeal until"):
            services.confirm_cessation(actor=w.worker, cessation_id=cessation.pk, on=on)


def test_an_appeal_keeps_the_plan_in_force_until_it_ends():
    w = world()
    cessation = _ceasing(w)
    services.decide_cessation(
        actor=w.worker,
        cessation_id=cessation.pk,
        cease=True,
        decided_on=date(2026, 9, 2),
        notice_sent_on=date(2026, 9, 2),
        reasons="Outcomes achieved.",
    )
    services.record_cessation_appeal(
        actor=w.worker, cessation_id=cessation.pk, lodged_on=date(2026, 10, 1)
    )
    with pytest.raises(InvalidTransition, match="appeal is in progress"):
        services.confirm_cessation(actor=w.worker, cessation_id=cessation.pk, on=date(2026, 11, 22))
    services.record_cessation_appeal(
        actor=w.worker, cessation_id=cessation.pk, ended_on=date(2026, 11, 20), plan_continues=True
    )
    cessation.refresh_from_db()
    assert cessation.stage == Cessation.Stage.APPEAL_SUCCEEDED
    with pytest.raises(InvalidTransition):
        services.confirm_cessation(actor=w.worker, cessation_id=cessation.pk, on=date(2026, 11, 22))


def test_keeping_the_plan_after_consulting_closes_the_proposal():
    w = world()
    cessation = _ceasing(w)
    decision = services.decide_cessation(
        actor=w.worker,
        cessation_id=cessation.pk,
        cease=False,
        decided_on=date(2026, 9, 21),
        notice_sent_on=date(2026, 9, 21),
        reasons="The school showed the plan is still needed.",
    )
    assert not decision.is_appealable
    cessation.refresh_from_db()
    assert cessation.stage == Cessation.Stage.KEPT


# ---- moving to another council ---------------------------------------------------------------


def test_the_plan_moves_with_the_child_and_the_old_council_loses_access():
    w = world()
    review = services.schedule_review(actor=w.worker, case_id=w.case.pk)
    thurrock = la("883")
    new_manager = manager("883")
    transfer = services.transfer_plan(
        actor=w.worker,
        case_id=w.case.pk,
        to_authority=thurrock,
        moved_on=date(2026, 10, 30),
        old_council_aware_on=date(2026, 11, 2),
        transferred_on=date(2026, 11, 4),
    )
    # Reg 15(2): 15 working days beginning with Monday 2 November (day 1): Friday 20 November.
    assert transfer.transfer_due_on == date(2026, 11, 20)
    assert transfer.reassess_decision_due_on == date(2026, 12, 16)  # 6 weeks (reg 15(4))
    # Reg 15(5): 3 months beginning with 4 November 2026 end on 3 February 2027, later than
    # 14 December 2026.
    assert transfer.review_due_on == date(2027, 2, 3)
    w.case.refresh_from_db()
    assert w.case.local_authority == thurrock and w.case.caseworker is None
    assert w.case.child.local_authority == thurrock
    review.refresh_from_db()
    assert review.due_on == date(2027, 2, 3) and review.kind == Review.Kind.AFTER_MOVE
    # Access moved.
    assert not case_selectors.cases_visible_to(w.worker).filter(pk=w.case.pk).exists()
    assert not selectors.reviews_visible_to(w.worker).filter(pk=review.pk).exists()
    assert selectors.reviews_visible_to(new_manager).filter(pk=review.pk).exists()
    assert selectors.reviews_visible_to(w.parent).filter(pk=review.pk).exists()
    assert Notification.objects.filter(
        recipient=new_manager, subject__contains="transferred"
    ).exists()
    with pytest.raises(Exception, match="Only a caseworker"):
        services.schedule_review(actor=w.worker, case_id=w.case.pk)
    decision = services.decide_after_transfer(
        actor=new_manager,
        transfer_id=transfer.pk,
        reassess=False,
        decided_on=date(2026, 11, 20),
        notice_sent_on=date(2026, 11, 20),
        reasons="The plan meets the needs.",
    )
    assert decision.local_authority == thurrock
    assert "in time" in w.case.events.get(kind="transfer_decided").detail.lower()


def test_a_plan_is_not_transferred_to_the_same_council():
    w = world()
    with pytest.raises(DomainError) as error:
        services.transfer_plan(
            actor=w.worker,
            case_id=w.case.pk,
            to_authority=la("881"),
            moved_on=date(2026, 11, 1),
            old_council_aware_on=date(2026, 11, 2),
            transferred_on=date(2026, 11, 2),
        )
    assert error.value.field == "to_authority"
