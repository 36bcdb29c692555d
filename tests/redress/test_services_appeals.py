"""Appeal services: registration (and the certificate rule), hearing, decision, orders with the
reg 44 compliance deadlines, unopposed appeals (reg 45) and completing each step."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied

from ehcp.errors import DomainError, InvalidTransition
from ehcp.models import CaseEvent
from ehcp.redress.models import ComplianceStep, Matter, TribunalAppeal
from ehcp.redress.services import appeals as services
from ehcp.redress.services import mediation
from send_portal.models import Notification, Organisation, Role
from tests.factories import person_with_role
from tests.redress.helpers import (
    NOT_ASSESSED_NOTICE,
    TODAY,
    final_plan,
    not_assessed,
    not_issued,
    nothing_changes,
)

pytestmark = pytest.mark.django_db

Outcome = TribunalAppeal.Outcome


@pytest.fixture
def plan():
    """A final plan sent on Monday 16 November 2026."""
    return final_plan()


def section_i_appeal(fam, registered_on=date(2026, 11, 18), **kwargs):
    return services.register_appeal(
        actor=fam.worker,
        decision_id=fam.decision.pk,
        registered_on=registered_on,
        matters=[Matter.SECTION_I],
        **kwargs,
    )


def with_certificate(fam):
    m = mediation.open_mediation_case(
        actor=fam.parent, decision_id=fam.decision.pk, contacted_on=NOT_ASSESSED_NOTICE
    )
    mediation.record_mediation_choice(
        actor=fam.parent, mediation_id=m.pk, wishes_to_mediate=False, told_on=NOT_ASSESSED_NOTICE
    )
    return mediation.issue_certificate(
        actor=fam.worker, mediation_id=m.pk, issued_on=NOT_ASSESSED_NOTICE + timedelta(days=2)
    )


def decided(fam, outcome=Outcome.ALLOWED, on=date(2026, 11, 20), **kwargs):
    appeal = section_i_appeal(fam, **kwargs)
    return services.record_appeal_decision(
        actor=fam.worker, appeal_id=appeal.pk, outcome=outcome, decided_on=on
    )


# ---- registration -------------------------------------------------------------------------------


def test_a_section_i_only_appeal_needs_no_certificate(plan):
    appeal = section_i_appeal(plan, tribunal_reference="EH881/26/00042")
    assert appeal.mediation is None and not appeal.certificate_needed
    assert appeal.reference == "EH881/26/00042"
    event = CaseEvent.objects.get(case=plan.case, kind="appeal_registered")
    assert "No certificate needed" in event.detail and "s55" in event.legal_basis
    assert Notification.objects.filter(
        recipient=plan.parent, subject="Your appeal has been registered"
    ).exists()


def test_an_appeal_about_section_f_needs_a_certificate(plan):
    with nothing_changes(plan.case), pytest.raises(DomainError) as error:
        services.register_appeal(
            actor=plan.worker,
            decision_id=plan.decision.pk,
            registered_on=TODAY,
            matters=[Matter.SECTION_F, Matter.SECTION_I],
        )
    assert "needs a mediation certificate because it is not only about section I" in (
        error.value.message
    )


def test_the_tribunal_can_allow_an_appeal_without_a_certificate(plan):
    appeal = services.register_appeal(
        actor=plan.worker,
        decision_id=plan.decision.pk,
        registered_on=TODAY,
        matters=[Matter.SECTION_F],
        without_certificate_permission=True,
    )
    assert appeal.without_certificate_permission


def test_an_appeal_after_a_certificate_links_to_it():
    fam = not_assessed()
    m = with_certificate(fam)
    appeal = services.register_appeal(
        actor=fam.worker,
        decision_id=fam.decision.pk,
        registered_on=TODAY,
        matters=[Matter.REFUSAL_TO_ASSESS],
    )
    assert appeal.mediation == m and not appeal.without_certificate_permission


def test_matters_must_belong_to_the_decision():
    fam = not_assessed()
    with (
        nothing_changes(fam.case),
        pytest.raises(DomainError, match="cannot be appealed with this decision"),
    ):
        services.register_appeal(
            actor=fam.worker,
            decision_id=fam.decision.pk,
            registered_on=TODAY,
            matters=[Matter.SECTION_I],
        )


def test_health_and_social_care_alone_cannot_be_appealed(plan):
    with nothing_changes(plan.case), pytest.raises(DomainError, match="only make recommendations"):
        services.register_appeal(
            actor=plan.worker,
            decision_id=plan.decision.pk,
            registered_on=TODAY,
            matters=[Matter.HEALTH, Matter.SOCIAL_CARE],
            without_certificate_permission=True,
        )


def test_an_appeal_needs_its_matters(plan):
    with nothing_changes(plan.case), pytest.raises(DomainError, match="Select what the appeal"):
        services.register_appeal(
            actor=plan.worker, decision_id=plan.decision.pk, registered_on=TODAY, matters=[]
        )


def test_a_late_registration_is_recorded_and_flagged(plan, monkeypatch):
    from ehcp import selectors

    monkeypatch.setattr(selectors, "today", lambda: date(2027, 2, 1))
    appeal = section_i_appeal(plan, registered_on=date(2027, 1, 20))
    assert appeal.registered_late
    assert "after the appeal deadline (18 January 2027)" in (
        CaseEvent.objects.get(kind="appeal_registered").detail
    )


def test_one_appeal_per_decision(plan):
    section_i_appeal(plan)
    with nothing_changes(plan.case), pytest.raises(InvalidTransition, match="already recorded"):
        section_i_appeal(plan)


def test_registration_cannot_precede_the_decision_letter(plan):
    with nothing_changes(plan.case), pytest.raises(DomainError, match="decision letter was sent"):
        section_i_appeal(plan, registered_on=date(2026, 11, 15))


def test_only_council_staff_record_appeals(plan):
    other = person_with_role(Role.CASEWORKER, Organisation.objects.get(la_code="883"))
    for person in (plan.parent, other):
        with nothing_changes(plan.case), pytest.raises(PermissionDenied, match="Only a caseworker"):
            services.register_appeal(
                actor=person,
                decision_id=plan.decision.pk,
                registered_on=TODAY,
                matters=[Matter.SECTION_I],
            )


# ---- hearing and decision -----------------------------------------------------------------------


def test_hearing_date_can_be_in_the_future_and_the_family_is_told(plan):
    appeal = section_i_appeal(plan)
    appeal = services.list_hearing(
        actor=plan.worker, appeal_id=appeal.pk, hearing_on=date(2027, 3, 2)
    )
    assert appeal.hearing_on == date(2027, 3, 2) and appeal.status_label == "Hearing listed"
    assert Notification.objects.filter(
        recipient=plan.parent, subject="Tribunal hearing on 2 March 2027"
    ).exists()


def test_hearing_before_registration_is_refused(plan):
    appeal = section_i_appeal(plan)
    with nothing_changes(plan.case), pytest.raises(DomainError, match="registration date"):
        services.list_hearing(actor=plan.worker, appeal_id=appeal.pk, hearing_on=date(2026, 11, 1))


def test_decision_before_the_hearing_is_refused_unless_withdrawn(plan):
    appeal = section_i_appeal(plan)
    services.list_hearing(actor=plan.worker, appeal_id=appeal.pk, hearing_on=date(2026, 11, 21))
    with nothing_changes(plan.case), pytest.raises(DomainError, match="on or after the hearing"):
        services.record_appeal_decision(
            actor=plan.worker,
            appeal_id=appeal.pk,
            outcome=Outcome.ALLOWED,
            decided_on=date(2026, 11, 20),
        )
    appeal = services.record_appeal_decision(
        actor=plan.worker,
        appeal_id=appeal.pk,
        outcome=Outcome.WITHDRAWN,
        decided_on=date(2026, 11, 20),
    )
    assert appeal.status_label == "Withdrawn"


def test_a_decided_appeal_cannot_be_decided_again(plan):
    appeal = decided(plan)
    with nothing_changes(plan.case), pytest.raises(InvalidTransition, match="has been decided"):
        services.record_appeal_decision(
            actor=plan.worker, appeal_id=appeal.pk, outcome=Outcome.DISMISSED, decided_on=TODAY
        )


def test_conceded_is_not_a_decision_to_record_by_hand(plan):
    appeal = section_i_appeal(plan)
    with nothing_changes(plan.case), pytest.raises(DomainError, match="Select the Tribunal's"):
        services.record_appeal_decision(
            actor=plan.worker, appeal_id=appeal.pk, outcome=Outcome.CONCEDED, decided_on=TODAY
        )


# ---- orders and compliance ----------------------------------------------------------------------


def test_an_order_naming_a_school_is_due_in_two_weeks(plan):
    appeal = decided(plan)
    order = services.record_order(
        actor=plan.worker,
        appeal_id=appeal.pk,
        order_type="name_setting",
        made_on=date(2026, 11, 20),
    )
    step = order.steps.get()
    assert (step.key, step.due_on, step.source) == (
        "order_name_setting",
        date(2026, 12, 4),
        ComplianceStep.Source.ORDER,
    )
    assert "reg 44" in step.basis
    appeal.refresh_from_db()
    assert appeal.status_label == "Council must comply"
    assert Notification.objects.filter(
        recipient=plan.parent, subject="What the Tribunal ordered the council to do"
    ).exists()


@pytest.mark.parametrize(
    ("family", "order_type", "matters", "weeks"),
    [
        (not_assessed, "assess", [Matter.REFUSAL_TO_ASSESS], [2, 10, 14]),
        (not_issued, "make_plan", [Matter.REFUSAL_TO_ISSUE], [5, 11]),
        (final_plan, "amend_plan", [Matter.SECTION_F], [5]),
        (final_plan, "name_setting", [Matter.SECTION_I], [2]),
    ],
)
def test_each_order_type_gets_its_reg_44_periods(family, order_type, matters, weeks):
    fam = family()
    made = date(2026, 11, 20)
    appeal = services.register_appeal(
        actor=fam.worker,
        decision_id=fam.decision.pk,
        registered_on=date(2026, 11, 17),
        matters=matters,
        without_certificate_permission=True,
    )
    services.record_appeal_decision(
        actor=fam.worker, appeal_id=appeal.pk, outcome=Outcome.ALLOWED, decided_on=made
    )
    order = services.record_order(
        actor=fam.worker, appeal_id=appeal.pk, order_type=order_type, made_on=made
    )
    assert [s.due_on for s in order.steps.order_by("due_on")] == [
        made + timedelta(weeks=w) for w in weeks
    ]


def test_order_refused_before_the_decision(plan):
    appeal = section_i_appeal(plan)
    with (
        nothing_changes(plan.case),
        pytest.raises(InvalidTransition, match="Record the Tribunal's decision first"),
    ):
        services.record_order(
            actor=plan.worker, appeal_id=appeal.pk, order_type="name_setting", made_on=TODAY
        )


def test_order_refused_after_a_dismissal_except_ceasing(plan):
    appeal = decided(plan, outcome=Outcome.DISMISSED)
    with nothing_changes(plan.case), pytest.raises(InvalidTransition):
        services.record_order(
            actor=plan.worker, appeal_id=appeal.pk, order_type="name_setting", made_on=TODAY
        )
    with nothing_changes(plan.case), pytest.raises(DomainError, match="does not answer"):
        services.record_order(
            actor=plan.worker, appeal_id=appeal.pk, order_type="cease_dismissed", made_on=TODAY
        )


def test_order_must_answer_the_appeal(plan):
    appeal = decided(plan)
    with (
        nothing_changes(plan.case),
        pytest.raises(DomainError, match="does not answer what the appeal is about"),
    ):
        services.record_order(
            actor=plan.worker, appeal_id=appeal.pk, order_type="assess", made_on=TODAY
        )


def test_order_of_the_same_type_twice_is_refused(plan):
    appeal = decided(plan)
    services.record_order(
        actor=plan.worker, appeal_id=appeal.pk, order_type="name_setting", made_on=TODAY
    )
    with nothing_changes(plan.case), pytest.raises(InvalidTransition, match="already recorded"):
        services.record_order(
            actor=plan.worker, appeal_id=appeal.pk, order_type="name_setting", made_on=TODAY
        )


def test_order_before_the_decision_date_is_refused(plan):
    appeal = decided(plan, on=date(2026, 11, 20))
    with nothing_changes(plan.case), pytest.raises(DomainError, match="on or after the decision"):
        services.record_order(
            actor=plan.worker,
            appeal_id=appeal.pk,
            order_type="name_setting",
            made_on=date(2026, 11, 19),
        )


def test_completing_every_step_means_the_council_has_complied(plan):
    appeal = decided(plan)
    order = services.record_order(
        actor=plan.worker,
        appeal_id=appeal.pk,
        order_type="name_setting",
        made_on=date(2026, 11, 20),
    )
    step = services.complete_step(
        actor=plan.worker, step_id=order.steps.get().pk, completed_on=TODAY, note="Plan amended"
    )
    assert step.status_on(TODAY) == "done"
    appeal.refresh_from_db()
    assert appeal.compliance_complete and appeal.status_label == "Council has complied"
    event = CaseEvent.objects.get(case=plan.case, kind="compliance_step_done")
    assert "Every step is now done" in event.detail and "(in time)" in event.detail


def test_a_step_cannot_be_done_twice_or_before_the_order(plan):
    appeal = decided(plan)
    order = services.record_order(
        actor=plan.worker,
        appeal_id=appeal.pk,
        order_type="name_setting",
        made_on=date(2026, 11, 20),
    )
    step = order.steps.get()
    with (
        nothing_changes(plan.case),
        pytest.raises(DomainError, match="the date the period started"),
    ):
        services.complete_step(actor=plan.worker, step_id=step.pk, completed_on=date(2026, 11, 19))
    services.complete_step(actor=plan.worker, step_id=step.pk, completed_on=TODAY)
    with (
        nothing_changes(plan.case),
        pytest.raises(InvalidTransition, match="already recorded as done"),
    ):
        services.complete_step(actor=plan.worker, step_id=step.pk, completed_on=TODAY)


def test_the_family_cannot_mark_a_step_done(plan):
    appeal = decided(plan)
    order = services.record_order(
        actor=plan.worker, appeal_id=appeal.pk, order_type="name_setting", made_on=TODAY
    )
    with nothing_changes(plan.case), pytest.raises(PermissionDenied):
        services.complete_step(actor=plan.parent, step_id=order.steps.get().pk, completed_on=TODAY)


def test_after_an_assessment_order_a_no_plan_notice_makes_the_final_plan_step_unnecessary():
    fam = not_assessed()
    made = date(2026, 10, 22)
    appeal = services.register_appeal(
        actor=fam.worker,
        decision_id=fam.decision.pk,
        registered_on=date(2026, 10, 20),
        matters=[Matter.REFUSAL_TO_ASSESS],
        without_certificate_permission=True,
    )
    services.record_appeal_decision(
        actor=fam.worker, appeal_id=appeal.pk, outcome=Outcome.ALLOWED, decided_on=made
    )
    order = services.record_order(
        actor=fam.worker, appeal_id=appeal.pk, order_type="assess", made_on=made
    )
    notify, no_plan, final = order.steps.order_by("due_on")
    services.complete_step(actor=fam.worker, step_id=notify.pk, completed_on=date(2026, 10, 30))
    services.complete_step(actor=fam.worker, step_id=no_plan.pk, completed_on=date(2026, 11, 20))
    final.refresh_from_db()
    assert final.not_required and final.status_on(TODAY) == "not_required"
    appeal.refresh_from_db()
    assert appeal.compliance_complete
    with nothing_changes(fam.case), pytest.raises(InvalidTransition, match="not needed"):
        services.complete_step(actor=fam.worker, step_id=final.pk, completed_on=TODAY)


def test_a_late_step_is_done_late(plan, monkeypatch):
    from ehcp import selectors

    appeal = decided(plan)
    order = services.record_order(
        actor=plan.worker,
        appeal_id=appeal.pk,
        order_type="name_setting",
        made_on=date(2026, 11, 20),
    )
    monkeypatch.setattr(selectors, "today", lambda: date(2026, 12, 10))
    step = services.complete_step(
        actor=plan.worker, step_id=order.steps.get().pk, completed_on=date(2026, 12, 9)
    )
    assert step.status_on(date(2026, 12, 10)) == "done_late"


# ---- unopposed appeals --------------------------------------------------------------------------


def test_an_unopposed_section_f_appeal_gives_five_weeks_reg_45_4(plan):
    """Reg 45(4) (as substituted by SI 2015/359): "If the appeal is made under section
    51(2)(c)(i) or (ii), or (e) of the Act, the local authority must issue the amended EHC plan
    ... within 5 weeks of the date it notified the First-tier Tribunal"."""
    appeal = services.register_appeal(
        actor=plan.worker,
        decision_id=plan.decision.pk,
        registered_on=date(2026, 11, 18),
        matters=[Matter.SECTION_F, Matter.SECTION_I],
        without_certificate_permission=True,
    )
    appeal = services.record_unopposed(
        actor=plan.worker,
        appeal_id=appeal.pk,
        notified_tribunal_on=date(2026, 11, 20),
        kind="content",
    )
    assert appeal.outcome == Outcome.CONCEDED and appeal.decided_on == date(2026, 11, 20)
    step = appeal.steps.get()
    assert (step.source, step.due_on) == (ComplianceStep.Source.UNOPPOSED, date(2026, 12, 25))
    assert "reg 45" in step.basis and "(4)" in step.basis


def test_an_unopposed_section_i_only_appeal_gives_two_weeks_not_five_reg_45_5(plan):
    """Reg 45(4)'s 5 weeks cover s51(2)(c)(i), (ii) and (e) only; an appeal about section I
    alone (s51(2)(c)(iii), (iv)) has its own rule: the amended plan within 2 weeks."""
    appeal = section_i_appeal(plan)
    with nothing_changes(plan.case), pytest.raises(DomainError, match="does not match"):
        services.record_unopposed(
            actor=plan.worker,
            appeal_id=appeal.pk,
            notified_tribunal_on=date(2026, 11, 20),
            kind="content",
        )
    appeal = services.record_unopposed(
        actor=plan.worker,
        appeal_id=appeal.pk,
        notified_tribunal_on=date(2026, 11, 20),
        kind="section_i",
    )
    step = appeal.steps.get()
    assert step.due_on == date(2026, 12, 4)
    assert "reg 45" in step.basis and "(5)" in step.basis


def test_an_unopposed_appeal_about_section_i_and_f_is_not_a_section_i_only_appeal(plan):
    appeal = services.register_appeal(
        actor=plan.worker,
        decision_id=plan.decision.pk,
        registered_on=date(2026, 11, 18),
        matters=[Matter.SECTION_F, Matter.SECTION_I],
        without_certificate_permission=True,
    )
    with nothing_changes(plan.case), pytest.raises(DomainError, match="5 weeks"):
        services.record_unopposed(
            actor=plan.worker, appeal_id=appeal.pk, notified_tribunal_on=TODAY, kind="section_i"
        )


def test_an_unopposed_assessment_appeal_gives_two_ten_and_fourteen_weeks():
    fam = not_assessed()
    with_certificate(fam)
    appeal = services.register_appeal(
        actor=fam.worker,
        decision_id=fam.decision.pk,
        registered_on=date(2026, 11, 2),
        matters=[Matter.REFUSAL_TO_ASSESS],
    )
    told = date(2026, 11, 6)
    appeal = services.record_unopposed(
        actor=fam.worker, appeal_id=appeal.pk, notified_tribunal_on=told, kind="assessment"
    )
    assert [s.due_on for s in appeal.steps.order_by("due_on")] == [
        told + timedelta(weeks=2),
        told + timedelta(weeks=10),
        told + timedelta(weeks=14),
    ]


def test_unopposed_kind_must_match_the_appeal(plan):
    appeal = section_i_appeal(plan)
    with nothing_changes(plan.case), pytest.raises(DomainError, match="does not match"):
        services.record_unopposed(
            actor=plan.worker, appeal_id=appeal.pk, notified_tribunal_on=TODAY, kind="assessment"
        )


def test_unopposed_refusal_to_issue_has_no_rule_and_says_so():
    fam = not_issued()
    appeal = services.register_appeal(
        actor=fam.worker,
        decision_id=fam.decision.pk,
        registered_on=date(2026, 11, 2),
        matters=[Matter.REFUSAL_TO_ISSUE],
        without_certificate_permission=True,
    )
    with (
        nothing_changes(fam.case),
        pytest.raises(
            DomainError,
            match="no time limits for not opposing an appeal against a decision not to issue",
        ),
    ):
        services.record_unopposed(
            actor=fam.worker,
            appeal_id=appeal.pk,
            notified_tribunal_on=TODAY,
            kind="content",
        )


def test_unopposed_refused_once_decided(plan):
    appeal = decided(plan)
    with nothing_changes(plan.case), pytest.raises(InvalidTransition, match="has been decided"):
        services.record_unopposed(
            actor=plan.worker,
            appeal_id=appeal.pk,
            notified_tribunal_on=TODAY,
            kind="section_i",
        )
