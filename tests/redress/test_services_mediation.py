"""Mediation services: every step, every rule and every refusal (with its message, and nothing
changed). Dates: the decision not to assess was sent on Monday 19 October 2026; today is Sunday
22 November 2026."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied

from ehcp import deadlines
from ehcp.errors import DomainError, InvalidTransition
from ehcp.models import CaseEvent, Decision
from ehcp.redress.models import ComplianceStep, Matter, MediationCase
from ehcp.redress.services import mediation as services
from send_portal.models import GeneratedDocument, Notification, Organisation, Role
from tests.factories import OrganisationFactory, UserFactory, person_with_role
from tests.redress.helpers import (
    NOT_ASSESSED_NOTICE,
    TODAY,
    family_of,
    final_plan,
    mediator,
    not_assessed,
    nothing_changes,
)

pytestmark = pytest.mark.django_db

NOTICE = NOT_ASSESSED_NOTICE  # Monday 19 October 2026


@pytest.fixture
def fam():
    return not_assessed()


def opened(fam, contacted_on=NOTICE + timedelta(days=3), actor=None):
    return services.open_mediation_case(
        actor=actor or fam.parent, decision_id=fam.decision.pk, contacted_on=contacted_on
    )


def mediating(fam, told_on=NOTICE + timedelta(days=4), issues=(Matter.REFUSAL_TO_ASSESS,)):
    m = opened(fam)
    return services.record_mediation_choice(
        actor=fam.parent, mediation_id=m.pk, wishes_to_mediate=True, told_on=told_on, issues=issues
    )


def arranged(fam, med=None, on=NOTICE + timedelta(days=20)):
    m = mediating(fam)
    med = med or mediator()
    return services.arrange_mediation(
        actor=fam.worker, mediation_id=m.pk, arranged_for=on, mediator=med
    ), med


def concluded(fam, outcome=MediationCase.Outcome.AGREED, on=NOTICE + timedelta(days=20)):
    m, med = arranged(fam, on=on)
    services.record_session(actor=med, mediation_id=m.pk, held_on=on, format="in_person")
    m = services.conclude_mediation(
        actor=med, mediation_id=m.pk, concluded_on=on, outcome=outcome, summary="Agreed"
    )
    return m, med


# ---- contacting the mediation adviser -----------------------------------------------------------


def test_family_records_contacting_the_adviser_within_two_months(fam):
    m = opened(fam)
    assert m.status == MediationCase.Status.ADVISER_CONTACTED
    assert m.contact_by.due == date(2026, 12, 19)
    event = CaseEvent.objects.get(case=fam.case, kind="mediation_adviser_contacted")
    assert "reg 33" in event.legal_basis
    note = Notification.objects.get(
        recipient=fam.parent, subject="You contacted the mediation adviser"
    )
    assert "Mediation is optional" in note.what_to_do
    assert note.link == f"/my-cases/{fam.ref}/disagree/"


def test_staff_can_record_the_contact_for_the_family(fam):
    assert opened(fam, actor=fam.worker).opened_by == fam.worker


def test_contact_after_the_two_months_is_refused_with_the_last_day(fam, monkeypatch):
    from ehcp import selectors

    monkeypatch.setattr(selectors, "today", lambda: date(2027, 1, 4))
    with nothing_changes(fam.case), pytest.raises(DomainError) as error:
        opened(fam, contacted_on=date(2026, 12, 21))
    assert (
        "The last day to contact the mediation adviser about this decision was 19 "
        "December 2026" in error.value.message
    )
    assert error.value.field == "contacted_on"


def test_contact_on_the_last_day_is_in_time(fam, monkeypatch):
    from ehcp import selectors

    monkeypatch.setattr(selectors, "today", lambda: date(2026, 12, 21))
    assert opened(fam, contacted_on=date(2026, 12, 19)).pk


def test_contact_before_the_decision_letter_is_refused(fam):
    with (
        nothing_changes(fam.case),
        pytest.raises(DomainError, match="on or after the date the decision letter was sent"),
    ):
        opened(fam, contacted_on=NOTICE - timedelta(days=1))


def test_contact_in_the_future_is_refused(fam):
    with nothing_changes(fam.case), pytest.raises(DomainError, match="today or in the past"):
        opened(fam, contacted_on=TODAY + timedelta(days=1))


def test_contact_twice_about_one_decision_is_refused(fam):
    opened(fam)
    with nothing_changes(fam.case), pytest.raises(InvalidTransition, match="already recorded"):
        opened(fam)


def test_no_mediation_about_a_decision_that_cannot_be_appealed():
    fam = final_plan()
    assess = fam.case.decisions.get(kind=Decision.Kind.ASSESS)
    with nothing_changes(fam.case), pytest.raises(InvalidTransition, match="cannot be appealed"):
        services.open_mediation_case(actor=fam.worker, decision_id=assess.pk, contacted_on=TODAY)


def test_someone_unconnected_cannot_open_a_mediation_case(fam):
    other_parent = UserFactory()
    other_parent.role_assignments.create(role=Role.PARENT)
    other_council = person_with_role(Role.CASEWORKER, Organisation.objects.get(la_code="883"))
    for person in (other_parent, other_council):
        with nothing_changes(fam.case), pytest.raises(PermissionDenied, match="Only the child's"):
            opened(fam, actor=person)


# ---- whether to mediate ------------------------------------------------------------------------


def test_not_mediating_makes_the_certificate_due_in_three_working_days(fam):
    m = opened(fam)
    told = date(2026, 11, 20)  # Friday: Monday 23, Tuesday 24, Wednesday 25
    m = services.record_mediation_choice(
        actor=fam.parent, mediation_id=m.pk, wishes_to_mediate=False, told_on=told
    )
    assert m.status == MediationCase.Status.NOT_MEDIATING
    assert m.certificate_due.due == date(2026, 11, 25)
    assert "reg 34" in m.certificate_due.basis
    note = Notification.objects.get(
        recipient=fam.parent, subject="Your mediation certificate is on its way"
    )
    assert note.due_date == date(2026, 11, 25)
    assert "mediation is optional" in note.what_happened


def test_mediating_starts_the_thirty_days_and_tells_the_caseworker(fam):
    m = mediating(fam, told_on=date(2026, 10, 23))
    assert m.status == MediationCase.Status.ARRANGING
    assert m.la_told_on == date(2026, 10, 23)
    assert m.held_by.due == date(2026, 11, 22)
    assert Notification.objects.filter(
        recipient=fam.worker, subject__startswith="Arrange mediation"
    ).exists()


def test_health_in_dispute_makes_the_icb_due_in_three_working_days():
    fam = final_plan()
    m = services.open_mediation_case(
        actor=fam.parent, decision_id=fam.decision.pk, contacted_on=date(2026, 11, 18)
    )
    m = services.record_mediation_choice(
        actor=fam.parent,
        mediation_id=m.pk,
        wishes_to_mediate=True,
        told_on=date(2026, 11, 19),  # Thursday: Friday 20, Monday 23, Tuesday 24
        issues=[Matter.SECTION_F, Matter.HEALTH],
    )
    assert m.health_in_dispute
    assert m.icb_due.due == date(2026, 11, 24)
    assert m.held_by.due == date(2026, 12, 19)


def test_health_only_mediation_counts_thirty_days_from_telling_the_icb():
    fam = final_plan()
    m = services.open_mediation_case(
        actor=fam.parent, decision_id=fam.decision.pk, contacted_on=date(2026, 11, 18)
    )
    m = services.record_mediation_choice(
        actor=fam.parent,
        mediation_id=m.pk,
        wishes_to_mediate=True,
        told_on=date(2026, 11, 19),
        issues=[Matter.HEALTH],
    )
    assert m.health_only and m.held_by is None
    icb = OrganisationFactory(kind=Organisation.Kind.ICB)
    m = services.record_icb_notified(
        actor=fam.worker, mediation_id=m.pk, icb=icb, notified_on=date(2026, 11, 20)
    )
    assert m.held_by.due == date(2026, 12, 20)


def test_mediating_needs_the_issues(fam):
    m = opened(fam)
    with (
        nothing_changes(fam.case),
        pytest.raises(DomainError, match="Select what you want to mediate about"),
    ):
        services.record_mediation_choice(
            actor=fam.parent, mediation_id=m.pk, wishes_to_mediate=True, told_on=TODAY
        )


def test_issues_must_belong_to_the_decision(fam):
    m = opened(fam)
    with (
        nothing_changes(fam.case),
        pytest.raises(DomainError, match="cannot be mediated about this decision"),
    ):
        services.record_mediation_choice(
            actor=fam.parent,
            mediation_id=m.pk,
            wishes_to_mediate=True,
            told_on=TODAY,
            issues=[Matter.SECTION_F],
        )


def test_choice_before_contacting_the_adviser_is_refused(fam):
    m = opened(fam)
    with (
        nothing_changes(fam.case),
        pytest.raises(DomainError, match="on or after the date the adviser was contacted"),
    ):
        services.record_mediation_choice(
            actor=fam.parent, mediation_id=m.pk, wishes_to_mediate=False, told_on=NOTICE
        )


def test_choice_cannot_be_made_twice(fam):
    m = opened(fam)
    services.record_mediation_choice(
        actor=fam.parent, mediation_id=m.pk, wishes_to_mediate=False, told_on=TODAY
    )
    with nothing_changes(fam.case), pytest.raises(InvalidTransition, match="Not mediating"):
        services.record_mediation_choice(
            actor=fam.parent, mediation_id=m.pk, wishes_to_mediate=False, told_on=TODAY
        )


# ---- arranging ----------------------------------------------------------------------------------


def test_council_arranges_within_thirty_days_and_the_mediator_is_told(fam):
    med = mediator()
    m, _ = arranged(fam, med=med, on=date(2026, 11, 20))
    assert m.status == MediationCase.Status.ARRANGED
    assert m.mediator == med
    assert Notification.objects.filter(recipient=med, subject__startswith="Mediation for").exists()


def test_arranging_after_the_thirty_days_is_refused(fam):
    m = mediating(fam, told_on=date(2026, 10, 23))  # by Sunday 22 November
    with nothing_changes(fam.case), pytest.raises(DomainError) as error:
        services.arrange_mediation(
            actor=fam.worker,
            mediation_id=m.pk,
            arranged_for=date(2026, 11, 23),
            mediator=mediator(),
        )
    assert "Mediation must take place by 22 November 2026" in error.value.message
    assert "cannot arrange it in time" in error.value.message


def test_only_a_mediator_can_be_named(fam):
    m = mediating(fam)
    with nothing_changes(fam.case), pytest.raises(DomainError, match="mediator in the portal"):
        services.arrange_mediation(
            actor=fam.worker, mediation_id=m.pk, arranged_for=TODAY, mediator=fam.worker
        )


def test_the_mediator_must_belong_to_the_service_named(fam):
    m = mediating(fam)
    other = OrganisationFactory(kind=Organisation.Kind.MEDIATION_SERVICE, name="Other")
    with nothing_changes(fam.case), pytest.raises(DomainError, match="is not a mediator with"):
        services.arrange_mediation(
            actor=fam.worker,
            mediation_id=m.pk,
            arranged_for=TODAY,
            mediator=mediator(),
            mediation_service=other,
        )


def test_the_family_cannot_arrange_the_mediation(fam):
    m = mediating(fam)
    with nothing_changes(fam.case), pytest.raises(PermissionDenied, match="Only a caseworker"):
        services.arrange_mediation(
            actor=fam.parent, mediation_id=m.pk, arranged_for=TODAY, mediator=mediator()
        )


def test_cannot_arrange_before_the_family_chose(fam):
    m = opened(fam)
    with (
        nothing_changes(fam.case),
        pytest.raises(InvalidTransition, match="arrange the mediation now"),
    ):
        services.arrange_mediation(
            actor=fam.worker, mediation_id=m.pk, arranged_for=TODAY, mediator=mediator()
        )


def test_council_that_cannot_arrange_in_time_makes_the_certificate_due(fam):
    m = mediating(fam)
    m = services.record_cannot_arrange(
        actor=fam.worker,
        mediation_id=m.pk,
        told_adviser_on=date(2026, 11, 19),
        reason="No mediator free",
    )
    assert m.status == MediationCase.Status.NOT_ARRANGED
    assert m.certificate_due.due == date(2026, 11, 24)
    assert m.certificate_due.key == "mediation_certificate_not_arranged"


def test_cannot_arrange_needs_a_reason(fam):
    m = mediating(fam)
    with nothing_changes(fam.case), pytest.raises(DomainError, match="Enter why"):
        services.record_cannot_arrange(
            actor=fam.worker, mediation_id=m.pk, told_adviser_on=TODAY, reason=" "
        )


def test_icb_notification_refused_when_health_is_not_in_dispute(fam):
    m = mediating(fam)
    icb = OrganisationFactory(kind=Organisation.Kind.ICB)
    with nothing_changes(fam.case), pytest.raises(InvalidTransition, match="Health care is not"):
        services.record_icb_notified(
            actor=fam.worker, mediation_id=m.pk, icb=icb, notified_on=TODAY
        )


def test_icb_must_be_an_icb_and_told_once():
    fam = final_plan()
    m = services.open_mediation_case(
        actor=fam.parent, decision_id=fam.decision.pk, contacted_on=date(2026, 11, 18)
    )
    services.record_mediation_choice(
        actor=fam.parent,
        mediation_id=m.pk,
        wishes_to_mediate=True,
        told_on=date(2026, 11, 19),
        issues=[Matter.SECTION_F, Matter.HEALTH],
    )
    with nothing_changes(fam.case), pytest.raises(DomainError, match="Choose the integrated"):
        services.record_icb_notified(
            actor=fam.worker, mediation_id=m.pk, icb=fam.case.local_authority, notified_on=TODAY
        )
    icb = OrganisationFactory(kind=Organisation.Kind.ICB)
    m = services.record_icb_notified(
        actor=fam.worker, mediation_id=m.pk, icb=icb, notified_on=date(2026, 11, 20)
    )
    event = CaseEvent.objects.filter(case=fam.case, kind="mediation_icb_notified").get()
    assert "in time" in event.detail
    with nothing_changes(fam.case), pytest.raises(InvalidTransition, match="already been told"):
        services.record_icb_notified(
            actor=fam.worker, mediation_id=m.pk, icb=icb, notified_on=TODAY
        )


# ---- the mediation ------------------------------------------------------------------------------


def test_mediator_records_meetings_participants_and_outcome(fam):
    m, med = arranged(fam)
    services.record_session(
        actor=med,
        mediation_id=m.pk,
        held_on=NOTICE + timedelta(days=20),
        format="video",
        duration_minutes=90,
    )
    services.add_participant(
        actor=med, mediation_id=m.pk, name="Priya Shah", kind="council", has_authority=True
    )
    services.add_participant(actor=med, mediation_id=m.pk, name="Alex's dad", kind="parent")
    m = services.conclude_mediation(
        actor=med,
        mediation_id=m.pk,
        concluded_on=date(2026, 11, 12),  # Thursday: 13, 16, 17
        outcome=MediationCase.Outcome.NOT_AGREED,
    )
    assert m.status == MediationCase.Status.CONCLUDED
    assert m.held_on == NOTICE + timedelta(days=20)
    assert m.certificate_due.due == date(2026, 11, 17)
    assert m.council_took_part


def test_a_mediator_not_assigned_cannot_record_anything(fam):
    m, _ = arranged(fam)
    stranger = mediator()
    with nothing_changes(fam.case), pytest.raises(PermissionDenied, match="Only the mediator"):
        services.record_session(actor=stranger, mediation_id=m.pk, held_on=TODAY, format="video")


def test_the_family_cannot_record_the_outcome(fam):
    m, med = arranged(fam)
    services.record_session(actor=med, mediation_id=m.pk, held_on=TODAY, format="video")
    with nothing_changes(fam.case), pytest.raises(PermissionDenied):
        services.conclude_mediation(
            actor=fam.parent, mediation_id=m.pk, concluded_on=TODAY, outcome="agreed"
        )


def test_a_meeting_needs_the_mediation_arranged_first(fam):
    m = mediating(fam)
    with nothing_changes(fam.case), pytest.raises(InvalidTransition, match="arranged first"):
        services.record_session(actor=fam.worker, mediation_id=m.pk, held_on=TODAY, format="video")


def test_a_late_first_meeting_is_recorded_and_flagged(fam):
    m = mediating(fam, told_on=date(2026, 10, 22))  # must take place by 21 November
    med = mediator()
    services.arrange_mediation(
        actor=fam.worker, mediation_id=m.pk, arranged_for=date(2026, 11, 21), mediator=med
    )
    late = date(2026, 11, 22)
    services.record_session(actor=med, mediation_id=m.pk, held_on=late, format="video")
    event = CaseEvent.objects.get(case=fam.case, kind="mediation_session")
    assert "After the date it had to take place by" in event.detail


def test_outcome_needs_a_meeting_first(fam):
    m, med = arranged(fam)
    with nothing_changes(fam.case), pytest.raises(InvalidTransition, match="meeting first"):
        services.conclude_mediation(
            actor=med, mediation_id=m.pk, concluded_on=TODAY, outcome="agreed"
        )


def test_outcome_cannot_be_before_the_last_meeting(fam):
    m, med = arranged(fam)
    services.record_session(actor=med, mediation_id=m.pk, held_on=TODAY, format="video")
    with (
        nothing_changes(fam.case),
        pytest.raises(DomainError, match="on or after the last meeting"),
    ):
        services.conclude_mediation(
            actor=med, mediation_id=m.pk, concluded_on=TODAY - timedelta(days=1), outcome="agreed"
        )


def test_participant_needs_a_name(fam):
    m, med = arranged(fam)
    with nothing_changes(fam.case), pytest.raises(DomainError, match="Enter the person's name"):
        services.add_participant(actor=med, mediation_id=m.pk, name="", kind="parent")


# ---- agreements ---------------------------------------------------------------------------------


def test_agreement_on_an_appealable_matter_gets_the_tribunal_order_periods(fam):
    m, med = concluded(fam, on=date(2026, 11, 9))
    action = services.add_agreement_action(
        actor=med, mediation_id=m.pk, description="Carry out an assessment", order_type="assess"
    )
    steps = list(action.steps.order_by("due_on"))
    assert [(s.key, s.due_on) for s in steps] == [
        ("mediation_agreement_assess_notify", date(2026, 11, 23)),
        ("mediation_agreement_assess_no_plan_notice", date(2027, 1, 18)),
        ("mediation_agreement_assess_final_plan", date(2027, 2, 15)),
    ]
    assert all("reg 42(2)" in s.basis for s in steps)
    assert action.due_on == date(2027, 2, 15)


def test_agreement_on_anything_else_is_due_in_two_weeks(fam):
    m, med = concluded(fam, on=date(2026, 11, 9))
    action = services.add_agreement_action(
        actor=med, mediation_id=m.pk, description="EP to observe in class"
    )
    step = action.steps.get()
    assert (step.due_on, step.source) == (date(2026, 11, 23), ComplianceStep.Source.AGREEMENT)
    assert "reg 42(3)" in step.basis


def test_agreement_refused_when_nothing_was_agreed(fam):
    m, med = concluded(fam, outcome=MediationCase.Outcome.NOT_AGREED)
    with nothing_changes(fam.case), pytest.raises(InvalidTransition, match="Nothing was agreed"):
        services.add_agreement_action(actor=med, mediation_id=m.pk, description="Anything")


def test_agreement_type_must_match_the_issues_mediated(fam):
    m, med = concluded(fam)
    with nothing_changes(fam.case), pytest.raises(DomainError, match="not about the issues"):
        services.add_agreement_action(
            actor=med, mediation_id=m.pk, description="Name a school", order_type="name_setting"
        )


def test_agreement_before_the_mediation_ends_is_refused(fam):
    m, med = arranged(fam)
    with (
        nothing_changes(fam.case),
        pytest.raises(InvalidTransition, match="record what was agreed now"),
    ):
        services.add_agreement_action(actor=med, mediation_id=m.pk, description="Anything")


# ---- the certificate ----------------------------------------------------------------------------


def test_certificate_moves_the_appeal_deadline_to_one_month_after_it(fam):
    m, med = concluded(fam, on=date(2026, 11, 16))
    # 2 months after the decision: Saturday 19 December 2026, so Monday 21 December (r12(2)).
    assert fam.decision.appeal_deadline == date(2026, 12, 21)
    m = services.issue_certificate(actor=med, mediation_id=m.pk, issued_on=date(2026, 11, 19))
    decision = Decision.objects.get(pk=fam.decision.pk)
    assert decision.appeal_deadline == date(2026, 12, 21)  # 19 Nov + 1 month = the same day
    assert m.status == MediationCase.Status.CERTIFICATE_ISSUED
    assert m.certificate_kind == MediationCase.CertificateKind.AFTER_MEDIATION


def test_certificate_after_the_two_months_gives_a_later_deadline_with_its_basis(fam, monkeypatch):
    from ehcp import selectors

    monkeypatch.setattr(selectors, "today", lambda: date(2026, 12, 10))
    m = opened(fam)
    services.record_mediation_choice(
        actor=fam.parent, mediation_id=m.pk, wishes_to_mediate=False, told_on=date(2026, 12, 4)
    )
    services.issue_certificate(actor=fam.worker, mediation_id=m.pk, issued_on=date(2026, 12, 7))
    decision = Decision.objects.get(pk=fam.decision.pk)
    assert decision.appeal_deadline == date(2027, 1, 7)
    assert "1 month from the date the mediation certificate" in decision.appeal_deadline_basis
    event = CaseEvent.objects.get(case=fam.case, kind="mediation_certificate")
    assert "The appeal deadline is now 7 January 2027 (it was 21 December 2026)" in event.detail
    note = Notification.objects.get(
        recipient=fam.parent, subject="Your mediation certificate has been issued"
    )
    assert note.due_date == date(2027, 1, 7)
    assert note.legal_basis == decision.appeal_deadline_basis


def test_certificate_by_the_mediator_produces_a_pdf_certificate(fam):
    m, med = concluded(fam)
    m = services.issue_certificate(actor=med, mediation_id=m.pk, issued_on=TODAY)
    assert m.certificate is not None
    assert m.certificate.owner_id == str(fam.case.pk)
    assert "mediation certificate" in m.certificate.title.lower()


def test_certificate_recorded_by_the_council_has_no_pdf(fam):
    m = opened(fam)
    services.record_mediation_choice(
        actor=fam.parent, mediation_id=m.pk, wishes_to_mediate=False, told_on=TODAY
    )
    before = GeneratedDocument.objects.count()
    m = services.issue_certificate(actor=fam.worker, mediation_id=m.pk, issued_on=TODAY)
    assert m.certificate is None and GeneratedDocument.objects.count() == before


def test_a_late_certificate_is_flagged(fam):
    m = opened(fam)
    services.record_mediation_choice(
        actor=fam.parent, mediation_id=m.pk, wishes_to_mediate=False, told_on=date(2026, 11, 13)
    )
    m = services.issue_certificate(actor=fam.worker, mediation_id=m.pk, issued_on=TODAY)
    assert m.certificate_is_late
    assert "after the time limit" in CaseEvent.objects.get(kind="mediation_certificate").detail


def test_certificate_refused_while_mediation_is_being_arranged(fam):
    m, med = arranged(fam)
    with (
        nothing_changes(fam.case),
        pytest.raises(InvalidTransition, match="A certificate can be issued once"),
    ):
        services.issue_certificate(actor=med, mediation_id=m.pk, issued_on=TODAY)


def test_certificate_refused_twice(fam):
    m, med = concluded(fam)
    services.issue_certificate(actor=med, mediation_id=m.pk, issued_on=TODAY)
    with nothing_changes(fam.case), pytest.raises(InvalidTransition, match="already been issued"):
        services.issue_certificate(actor=med, mediation_id=m.pk, issued_on=TODAY)


def test_certificate_cannot_be_dated_before_the_mediation_ended(fam):
    m, med = concluded(fam)
    with nothing_changes(fam.case), pytest.raises(DomainError, match="the day the mediation ended"):
        services.issue_certificate(
            actor=med, mediation_id=m.pk, issued_on=m.concluded_on - timedelta(days=1)
        )


def test_the_family_cannot_issue_the_certificate(fam):
    m = opened(fam)
    services.record_mediation_choice(
        actor=fam.parent, mediation_id=m.pk, wishes_to_mediate=False, told_on=TODAY
    )
    with nothing_changes(fam.case), pytest.raises(PermissionDenied):
        services.issue_certificate(actor=fam.parent, mediation_id=m.pk, issued_on=TODAY)


def test_assigning_a_mediator_tells_them_and_refuses_the_same_one_twice(fam):
    m = opened(fam)
    med = mediator()
    services.assign_mediator(actor=fam.worker, mediation_id=m.pk, mediator=med)
    assert Notification.objects.filter(recipient=med, subject__startswith="New mediation").exists()
    with nothing_changes(fam.case), pytest.raises(InvalidTransition, match="already the mediator"):
        services.assign_mediator(actor=fam.worker, mediation_id=m.pk, mediator=med)


def test_every_step_is_on_the_family_timeline_with_its_law(fam):
    m, med = concluded(fam)
    services.issue_certificate(actor=med, mediation_id=m.pk, issued_on=TODAY)
    kinds = set(
        CaseEvent.objects.filter(case=fam.case, visible_to_family=True).values_list(
            "kind", flat=True
        )
    )
    assert {
        "mediation_adviser_contacted",
        "mediation_wanted",
        "mediation_arranged",
        "mediation_session",
        "mediation_concluded",
        "mediation_certificate",
    } <= kinds


def test_everyone_with_rights_in_the_case_is_told(fam):
    second_parent = family_of(fam.case)
    opened(fam)
    for person in (fam.parent, second_parent):
        assert Notification.objects.filter(
            recipient=person, subject="You contacted the mediation adviser"
        ).exists()


def test_deadline_module_is_the_source_of_every_mediation_date(fam):
    m, med = concluded(fam, on=date(2026, 11, 12))
    assert m.certificate_due == deadlines.mediation_certificate_after_mediation(
        concluded_on=date(2026, 11, 12)
    )
    assert m.contact_by == deadlines.mediation_adviser_contact_by(decision_sent=NOTICE)


def test_a_parent_who_hears_by_phone_is_phoned_about_each_mediation_step(fam):
    """SEND Regulations 2014 reg 33 (the parent contacts the mediation adviser within 2 months
    of the decision's notice) and reg 34 (the certificate): a parent
    recorded as hearing by phone, with no account, is told each step by the caseworker. The
    step the family is told about gives the caseworker a "Phone ..." task with the number, once
    per person and message."""
    from ehcp.models import CaseTask, ContactMethod
    from tests.ehcp.factories import FamilyContactFactory

    FamilyContactFactory(
        child=fam.case.child, preferred_contact=ContactMethod.PHONE, phone="01245 000111"
    )
    opened(fam)
    [task] = CaseTask.objects.filter(case=fam.case, title__startswith="Phone Lee Fletcher")
    assert task.title == ("Phone Lee Fletcher on 01245 000111: You contacted the mediation adviser")
    assert task.assignee == fam.case.caseworker
