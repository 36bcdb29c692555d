"""Complaint services: who resolves each, the stages through to the ombudsmen, response dates under
the council's complaints policy (labelled as policy, not law), outcomes and time taken."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied

from ehcp.errors import DomainError, InvalidTransition
from ehcp.redress import policy
from ehcp.redress.models import Complaint, ComplaintStage, Stage
from ehcp.redress.services import complaints as services
from send_portal.models import AuditEvent, Organisation, Role
from tests.factories import OrganisationFactory, SettingFactory, la, person_with_role
from tests.redress.helpers import TODAY, not_assessed

pytestmark = pytest.mark.django_db


@pytest.fixture
def worker():
    return person_with_role(Role.CASEWORKER, la("881"))


def complaint(
    worker, *, responsible=Complaint.Responsible.COUNCIL, received=date(2026, 11, 2), **kwargs
):
    return services.record_complaint(
        actor=worker,
        local_authority=la("881"),
        received_on=received,
        complainant_name="Sam Taylor",
        category=Complaint.Category.DELAY,
        summary="The draft plan was late.",
        responsible=responsible,
        **kwargs,
    )


def count():
    return (
        Complaint.objects.count(),
        ComplaintStage.objects.count(),
        list(Complaint.objects.values_list("stage", "closed_on", "outcome")),
        list(ComplaintStage.objects.values_list("responded_on", "outcome")),
    )


def test_a_council_complaint_starts_at_stage_1_with_a_policy_date(worker):
    c = complaint(worker)  # Monday 2 November 2026 + 10 working days = Monday 16 November
    assert (c.stage, c.responsible_organisation) == (Stage.LA_STAGE_1, la("881"))
    stage = c.stages.get()
    assert stage.response_due_on == date(2026, 11, 16)
    assert stage.response_due_basis == (
        "Council complaints policy (local policy, not a legal time limit): within 10 working days"
    )
    assert "Regulations" not in stage.response_due_basis
    assert AuditEvent.objects.filter(object_type="redress.complaint", action="create").exists()


def test_a_school_complaint_starts_with_the_school_and_names_it(worker):
    school = SettingFactory(local_authority=la("881"))
    c = complaint(
        worker, responsible=Complaint.Responsible.SETTING, responsible_organisation=school
    )
    assert (c.stage, c.responsible_organisation) == (Stage.SETTING, school)


def test_a_health_complaint_needs_the_icb(worker):
    before = count()
    with pytest.raises(DomainError, match="Choose the integrated care board"):
        complaint(
            worker, responsible=Complaint.Responsible.ICB, responsible_organisation=SettingFactory()
        )
    assert count() == before
    icb = OrganisationFactory(kind=Organisation.Kind.ICB)
    c = complaint(worker, responsible=Complaint.Responsible.ICB, responsible_organisation=icb)
    assert c.stage == Stage.ICB


def test_a_complaint_about_another_councils_case_is_refused(worker):
    other = not_assessed(la_code="883")
    before = count()
    with pytest.raises(DomainError, match="another council"):
        complaint(worker, case=other.case)
    assert count() == before


def test_only_the_councils_send_team_records_complaints():
    other = person_with_role(Role.CASEWORKER, la("883"))
    parent = person_with_role(Role.PARENT)
    for person in (other, parent):
        with pytest.raises(PermissionDenied, match="Only the council's SEND team"):
            complaint(person)
    assert Complaint.objects.count() == 0


def test_a_complaint_needs_who_and_what(worker):
    with pytest.raises(DomainError, match="Enter who made the complaint"):
        services.record_complaint(
            actor=worker,
            local_authority=la("881"),
            received_on=TODAY,
            complainant_name=" ",
            category="delay",
            summary="x",
            responsible="council",
        )
    with pytest.raises(DomainError, match="Enter what the complaint is about"):
        services.record_complaint(
            actor=worker,
            local_authority=la("881"),
            received_on=TODAY,
            complainant_name="A",
            category="delay",
            summary="",
            responsible="council",
        )
    assert Complaint.objects.count() == 0


def test_escalation_waits_for_the_response_or_the_policy_date(worker):
    c = complaint(worker)
    before = count()
    with pytest.raises(DomainError) as error:
        services.escalate_complaint(
            actor=worker,
            complaint_id=c.pk,
            to_stage=Stage.LA_STAGE_2,
            escalated_on=date(2026, 11, 16),
        )
    assert "has until 16 November 2026 to respond" in error.value.message
    assert "not a legal time limit" in error.value.message
    assert count() == before
    # The day after the policy date the family can escalate without a response.
    stage = services.escalate_complaint(
        actor=worker, complaint_id=c.pk, to_stage=Stage.LGSCO, escalated_on=date(2026, 11, 17)
    )
    assert stage.response_due_on is None and stage.status_on(TODAY) == "no_deadline"


def test_council_complaint_runs_through_both_stages_to_the_ombudsman(worker):
    c = complaint(worker, received=date(2026, 9, 1))
    services.record_response(
        actor=worker, complaint_id=c.pk, responded_on=date(2026, 9, 10), outcome="not_upheld"
    )
    stage2 = services.escalate_complaint(
        actor=worker, complaint_id=c.pk, to_stage=Stage.LA_STAGE_2, escalated_on=date(2026, 9, 20)
    )
    assert stage2.response_due_on == date(2026, 10, 16)  # 20 working days from Sunday 20 Sept
    services.record_response(
        actor=worker, complaint_id=c.pk, responded_on=date(2026, 10, 20), outcome="partly_upheld"
    )
    assert ComplaintStage.objects.get(pk=stage2.pk).status_on(TODAY) == "responded_late"
    services.escalate_complaint(
        actor=worker, complaint_id=c.pk, to_stage=Stage.LGSCO, escalated_on=date(2026, 10, 25)
    )
    services.record_response(
        actor=worker,
        complaint_id=c.pk,
        responded_on=date(2026, 11, 20),
        outcome="upheld",
        summary="Fault causing injustice: apology and payment.",
    )
    c = services.close_complaint(
        actor=worker, complaint_id=c.pk, closed_on=date(2026, 11, 20), outcome="upheld"
    )
    assert c.days_taken == 80
    assert [s.stage for s in c.stages.all()] == [Stage.LA_STAGE_1, Stage.LA_STAGE_2, Stage.LGSCO]
    assert c.next_stages == ()


def test_escalation_only_to_the_next_stages(worker):
    c = complaint(worker)
    services.record_response(
        actor=worker, complaint_id=c.pk, responded_on=TODAY, outcome="not_upheld"
    )
    before = count()
    with pytest.raises(DomainError, match="can go to Council: stage 2 or Local Government"):
        services.escalate_complaint(
            actor=worker, complaint_id=c.pk, to_stage=Stage.PHSO, escalated_on=TODAY
        )
    assert count() == before


def test_an_icb_complaint_escalates_to_the_health_ombudsman(worker):
    icb = OrganisationFactory(kind=Organisation.Kind.ICB)
    c = complaint(
        worker,
        responsible=Complaint.Responsible.ICB,
        responsible_organisation=icb,
        received=date(2026, 10, 1),
    )
    services.record_response(
        actor=worker, complaint_id=c.pk, responded_on=date(2026, 10, 30), outcome="not_upheld"
    )
    stage = services.escalate_complaint(
        actor=worker, complaint_id=c.pk, to_stage=Stage.PHSO, escalated_on=TODAY
    )
    assert stage.stage == Stage.PHSO


def test_a_response_is_recorded_once_and_not_before_the_stage(worker):
    c = complaint(worker)
    with pytest.raises(DomainError, match="on or after the start of this stage"):
        services.record_response(
            actor=worker, complaint_id=c.pk, responded_on=date(2026, 11, 1), outcome="upheld"
        )
    services.record_response(actor=worker, complaint_id=c.pk, responded_on=TODAY, outcome="upheld")
    before = count()
    with pytest.raises(InvalidTransition, match="was recorded on 22 November 2026"):
        services.record_response(
            actor=worker, complaint_id=c.pk, responded_on=TODAY, outcome="upheld"
        )
    assert count() == before


def test_closing_needs_a_response_unless_withdrawn(worker):
    c = complaint(worker)
    before = count()
    with pytest.raises(InvalidTransition, match="Record the response"):
        services.close_complaint(actor=worker, complaint_id=c.pk, closed_on=TODAY, outcome="upheld")
    assert count() == before
    c = services.close_complaint(
        actor=worker, complaint_id=c.pk, closed_on=TODAY, outcome="withdrawn"
    )
    assert c.days_taken == 20
    with pytest.raises(InvalidTransition, match="was closed on"):
        services.close_complaint(
            actor=worker, complaint_id=c.pk, closed_on=TODAY, outcome="withdrawn"
        )


def test_another_councils_staff_cannot_touch_the_complaint(worker):
    c = complaint(worker)
    other = person_with_role(Role.CASEWORKER, la("883"))
    before = count()
    with pytest.raises(PermissionDenied):
        services.record_response(
            actor=other, complaint_id=c.pk, responded_on=TODAY, outcome="upheld"
        )
    assert count() == before


def test_every_policy_period_is_labelled_as_policy_not_law():
    for stage, days in policy.RESPONSE_WORKING_DAYS.items():
        due = policy.response_due(stage, date(2026, 11, 2))
        if days is None:
            assert due is None
        else:
            assert due.kind == "target"
            assert due.basis.startswith("Council complaints policy (local policy, not a legal")
