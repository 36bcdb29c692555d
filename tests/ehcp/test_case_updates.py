"""What a step on a case leaves behind (ehcp/case_updates.py): the timeline entry with its audit
record in the same write, and one notification a person a step, however often it is told."""

from __future__ import annotations

import pytest

from ehcp import case_updates, deadlines
from ehcp.models import CaseEvent, Stage
from send_portal.models import AuditEvent, Notification
from tests.ehcp.factories import TODAY, case_at, caseworker, parent_of

pytestmark = pytest.mark.django_db


def test_a_case_event_is_written_with_its_audit_record_about_the_case():
    case = case_at(Stage.CONSIDERING)
    entry = case_updates.record_case_event(
        case,
        "mediation_wanted",
        on=TODAY,
        actor=case.caseworker,
        title="Family wants mediation",
        basis="SEND Regulations 2014 reg 34",
    )
    assert entry.kind == "mediation_wanted"
    assert entry.legal_basis == "SEND Regulations 2014 reg 34"
    assert entry.visible_to_family
    record = AuditEvent.objects.filter(summary=f"{case.reference}: Family wants mediation").get()
    assert record.action == AuditEvent.Action.TRANSITION
    assert record.child_id == case.child_id
    assert record.detail == {"event": "mediation_wanted", "on": TODAY.isoformat()}


def test_a_note_is_audited_as_an_update_not_a_transition():
    case = case_at(Stage.CONSIDERING)
    case_updates.record_case_event(
        case, CaseEvent.Kind.NOTE, on=TODAY, actor=case.caseworker, title="Rang the school"
    )
    record = AuditEvent.objects.get(summary=f"{case.reference}: Rang the school")
    assert record.action == AuditEvent.Action.UPDATE


def test_each_person_is_told_once_however_often_the_step_is_told_and_the_actor_not_at_all():
    case = case_at(Stage.CONSIDERING)
    parent = parent_of(case.child)
    other = caseworker()
    due = deadlines.mediation_certificate_due(told_on=TODAY)
    for _ in range(2):
        case_updates.tell(
            [parent, other],
            case=case,
            scope="redress",
            key="mediation:1:not_mediating",
            subject="Your mediation certificate is on its way",
            what_happened="You told us you do not want mediation.",
            what_to_do="Wait for the certificate: you need it to appeal.",
            due=due,
            link="/",
            exclude=other,
        )
    sent = Notification.objects.filter(subject="Your mediation certificate is on its way")
    assert [n.recipient for n in sent] == [parent]
    (notification,) = sent
    assert (
        notification.dedupe_key == f"redress:{case.pk}:mediation:1:not_mediating:user:{parent.pk}"
    )
    assert notification.due_date == due.due
    assert notification.legal_basis == due.basis
