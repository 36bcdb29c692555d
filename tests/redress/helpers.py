"""Helpers for the redress tests: cases with an appealable decision (driven through the ehcp
workflow services), people around them, and checks that a refused step changed nothing."""

from __future__ import annotations

from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, timedelta

from ehcp.models import Case, CaseEvent, ChildRelationship, Decision, Stage
from ehcp.redress.models import (
    Complaint,
    ComplaintStage,
    ComplianceStep,
    MediationAgreementAction,
    MediationCase,
    MediationParticipant,
    MediationSession,
    TribunalAppeal,
    TribunalOrder,
)
from ehcp.services import workflow
from send_portal.models import AuditEvent, GeneratedDocument, Notification, Organisation, Role, User
from tests.ehcp.factories import ChildFactory, case_at
from tests.factories import OrganisationFactory, UserFactory, la, person_with_role

#: "Today" for the redress tests (``ehcp.selectors.today`` is pinned to it): a Sunday.
TODAY = date(2026, 11, 22)
#: Day 0 of a request whose decision not to assess is sent on Monday 19 October 2026 (day 35),
#: so the family is within the 2 months to contact the mediation adviser on TODAY.
RECEIVED = date(2026, 9, 14)
NOT_ASSESSED_NOTICE = RECEIVED + timedelta(days=35)
#: Day 0 of a request whose final plan is sent on Monday 16 November 2026 (day 105).
RECEIVED_FOR_PLAN = date(2026, 8, 3)


def fresh(user: User) -> User:
    return User.objects.get(pk=user.pk)


def family_of(case: Case, kind: str = ChildRelationship.Kind.PARENT) -> User:
    actor = person_with_role(Role.CASEWORKER, case.local_authority)
    user = UserFactory()
    workflow.link_family_member(actor=actor, child=case.child, user=user, kind=kind)
    return fresh(user)


def mediator(service: Organisation | None = None) -> User:
    service = service or OrganisationFactory(
        kind=Organisation.Kind.MEDIATION_SERVICE, name="Eastern Counties SEND Mediation"
    )
    return person_with_role(Role.MEDIATOR, service)


@dataclass
class Family:
    """A case with an appealable decision, its caseworker and a parent."""

    case: Case
    worker: User
    parent: User
    decision: Decision
    extra: dict = field(default_factory=dict)

    @property
    def ref(self) -> str:
        return self.case.reference


def not_assessed(received_on: date = RECEIVED, la_code: str = "881") -> Family:
    worker = person_with_role(Role.CASEWORKER, la(la_code))
    child = ChildFactory(local_authority=la(la_code))
    case = case_at(Stage.NOT_ASSESSED, child=child, actor=worker, received_on=received_on)
    return Family(
        case=case,
        worker=fresh(worker),
        parent=family_of(case),
        decision=case.decisions.get(kind=Decision.Kind.NOT_ASSESS),
    )


def young_person_family() -> tuple[Family, User, User]:
    """A 17-year-old's case (rights are the young person's own) with a decision not to assess,
    the young person, and a parent the young person has not shared the case with."""
    worker = person_with_role(Role.CASEWORKER, la("881"))
    child = ChildFactory(date_of_birth=date(TODAY.year - 17, 3, 10))
    case = case_at(Stage.NOT_ASSESSED, child=child, actor=worker, received_on=RECEIVED)
    young = family_of(case, ChildRelationship.Kind.YOUNG_PERSON)
    parent = family_of(case, ChildRelationship.Kind.PARENT)
    fam = Family(
        case=case,
        worker=fresh(worker),
        parent=parent,
        decision=case.decisions.get(kind=Decision.Kind.NOT_ASSESS),
    )
    return fam, parent, young


def not_issued(received_on: date = RECEIVED_FOR_PLAN) -> Family:
    """A decision not to issue a plan, sent on Wednesday 14 October 2026 (day 72)."""
    worker = person_with_role(Role.CASEWORKER, la("881"))
    case = case_at(Stage.NOT_ISSUED, actor=worker, received_on=received_on)
    return Family(
        case=case,
        worker=fresh(worker),
        parent=family_of(case),
        decision=case.decisions.get(kind=Decision.Kind.NOT_ISSUE),
    )


def final_plan(received_on: date = RECEIVED_FOR_PLAN) -> Family:
    worker = person_with_role(Role.CASEWORKER, la("881"))
    case = case_at(Stage.FINAL_ISSUED, actor=worker, received_on=received_on)
    return Family(
        case=case,
        worker=fresh(worker),
        parent=family_of(case),
        decision=case.decisions.get(kind=Decision.Kind.FINAL_PLAN),
    )


def date_data(name: str, value: date) -> dict:
    """POST data for a GOV.UK date input."""
    return {
        f"{name}_0": str(value.day),
        f"{name}_1": str(value.month),
        f"{name}_2": str(value.year),
    }


def counts(case: Case) -> dict:
    return {
        "mediations": MediationCase.objects.filter(case=case).count(),
        "sessions": MediationSession.objects.filter(mediation__case=case).count(),
        "participants": MediationParticipant.objects.filter(mediation__case=case).count(),
        "actions": MediationAgreementAction.objects.filter(mediation__case=case).count(),
        "appeals": TribunalAppeal.objects.filter(case=case).count(),
        "orders": TribunalOrder.objects.filter(appeal__case=case).count(),
        "steps": ComplianceStep.objects.filter(case=case).count(),
        "steps_done": ComplianceStep.objects.filter(case=case).exclude(completed_on=None).count(),
        "events": CaseEvent.objects.filter(case=case).count(),
        "notifications": Notification.objects.count(),
        "documents": GeneratedDocument.objects.count(),
        "changes": AuditEvent.objects.filter(child_id=case.child_id)
        .exclude(action=AuditEvent.Action.VIEW)
        .count(),
        "complaints": Complaint.objects.count(),
        "complaint_stages": ComplaintStage.objects.count(),
        "deadlines": list(
            case.decisions.order_by("pk").values_list("appeal_deadline", "appeal_deadline_basis")
        ),
        "mediation_rows": list(
            MediationCase.objects.filter(case=case)
            .order_by("pk")
            .values_list("status", "updated_at", "mediator_id")
        ),
        "appeal_rows": list(
            TribunalAppeal.objects.filter(case=case)
            .order_by("pk")
            .values_list("outcome", "hearing_on", "updated_at")
        ),
        "complaint_rows": list(
            Complaint.objects.order_by("pk").values_list("stage", "closed_on", "outcome")
        ),
    }


@contextmanager
def nothing_changes(case: Case):
    """The block leaves the case's mediation, appeals, complaints, timeline, notifications,
    documents and audit exactly as they were."""
    before = counts(case)
    yield
    after = counts(case)
    assert after == before, f"something changed: {before} -> {after}"
