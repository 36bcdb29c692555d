"""The SEND manager's services (shared/domain/ROLES.md: "approve decisions the council reserves to
managers; allocate caseload"): the council's choice of reserved decisions, the approval queue, and
moving cases between caseworkers, each audited."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied

from ehcp import selectors
from ehcp.errors import DomainError, InvalidTransition
from ehcp.models import (
    CaseEvent,
    Decision,
    DecisionApproval,
    PanelAgendaItem,
    ReservedDecision,
    ReservedKind,
    Stage,
)
from ehcp.reviews import services as reviews
from ehcp.reviews.models import Cessation
from ehcp.services import management, workflow
from send_portal.models import AuditEvent, Notification, Role
from tests.ehcp.factories import TODAY, case_at, day, manager
from tests.factories import la, person_with_role

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _today(monkeypatch):
    monkeypatch.setattr(selectors, "today", lambda: TODAY)


def _reserve(*kinds, council="881"):
    boss = manager(council)
    management.set_reserved_decisions(actor=boss, local_authority_id=la(council).pk, kinds=kinds)
    return boss


def test_the_councils_choice_of_reserved_decisions_is_saved_and_audited():
    boss = _reserve(ReservedKind.ASSESS, ReservedKind.CEASE)
    assert management.reserved_kinds(la("881").pk) == {"assess", "cease"}
    event = AuditEvent.objects.filter(actor=boss, action=AuditEvent.Action.UPDATE).latest("at")
    assert event.detail == {"before": [], "after": ["assess", "cease"]}
    management.set_reserved_decisions(actor=boss, local_authority_id=la("881").pk, kinds=["assess"])
    assert management.reserved_kinds(la("881").pk) == {"assess"}
    # Saving the same choice again changes and logs nothing.
    count = AuditEvent.objects.count()
    management.set_reserved_decisions(actor=boss, local_authority_id=la("881").pk, kinds=["assess"])
    assert AuditEvent.objects.count() == count


def test_only_a_send_manager_of_the_council_chooses_its_reserved_decisions():
    for person in (person_with_role(Role.CASEWORKER, la("881")), manager("883")):
        with pytest.raises(PermissionDenied):
            management.set_reserved_decisions(
                actor=person, local_authority_id=la("881").pk, kinds=["assess"]
            )
    assert not ReservedDecision.objects.exists()


def test_a_reserved_decision_is_refused_to_a_caseworker_and_prepared_for_approval_instead():
    boss = _reserve(ReservedKind.ASSESS)
    case = case_at(Stage.CONSIDERING)
    with pytest.raises(InvalidTransition, match="reserves this decision to a SEND manager"):
        workflow.decide_whether_to_assess(
            actor=case.caseworker,
            case_id=case.pk,
            assess=True,
            decided_on=day(case, "assess_decided"),
            notice_sent_on=day(case, "assess_decided"),
        )
    approval = management.propose_decision(
        actor=case.caseworker,
        case_id=case.pk,
        kind=ReservedKind.ASSESS,
        outcome=True,
        reasons="The school's evidence shows needs beyond SEN Support.",
    )
    assert approval.status == DecisionApproval.Status.PENDING
    assert Notification.objects.filter(recipient=boss, subject__contains=case.reference).exists()
    with pytest.raises(InvalidTransition, match="already waiting"):
        management.propose_decision(
            actor=case.caseworker, case_id=case.pk, kind="assess", outcome=True, reasons="x"
        )
    # The manager approves: the decision is theirs, made through the same service, dated.
    management.approve_decision(
        actor=boss,
        approval_id=approval.pk,
        decided_on=day(case, "assess_decided"),
        notice_sent_on=day(case, "assess_decided"),
    )
    approval.refresh_from_db()
    case.refresh_from_db()
    assert case.stage == Stage.ASSESSING
    assert approval.status == DecisionApproval.Status.APPROVED and approval.decided_by == boss
    assert approval.decision.kind == Decision.Kind.ASSESS
    assert approval.decision.decided_by == boss
    assert AuditEvent.objects.filter(
        actor=boss, summary__contains="approved", child_id=case.child_id
    ).exists()
    assert Notification.objects.filter(
        recipient=case.caseworker, subject=f"Decision approved: {case.reference}"
    ).exists()
    with pytest.raises(InvalidTransition, match="already been dealt with"):
        management.return_decision(actor=boss, approval_id=approval.pk, note="Too late")


def test_a_manager_returns_a_prepared_decision_with_a_note_and_nothing_is_decided():
    boss = _reserve(ReservedKind.ISSUE)
    case = case_at(Stage.PANEL)
    item = case.panel_items.get()
    workflow.record_panel_recommendation(
        actor=item.meeting.members.get(),
        item_id=item.pk,
        recommendation=PanelAgendaItem.Recommendation.NOT_ISSUE,
        reasons="SEN Support is enough.",
        on=day(case, "panel"),
    )
    with pytest.raises(DomainError, match="Give the reasons"):
        management.propose_decision(
            actor=case.caseworker, case_id=case.pk, kind="issue", outcome=False, reasons=" "
        )
    approval = management.propose_decision(
        actor=case.caseworker,
        case_id=case.pk,
        kind="issue",
        outcome=False,
        reasons="SEN Support is enough.",
    )
    with pytest.raises(DomainError, match="Say why it is returned"):
        management.return_decision(actor=boss, approval_id=approval.pk, note="")
    management.return_decision(
        actor=boss, approval_id=approval.pk, note="Add the EP's view on reading."
    )
    approval.refresh_from_db()
    case.refresh_from_db()
    assert approval.status == DecisionApproval.Status.RETURNED
    assert approval.manager_note == "Add the EP's view on reading."
    assert case.stage == Stage.PANEL and not case.decisions.filter(kind="not_issue").exists()
    # Returned, the caseworker can prepare it again.
    management.propose_decision(
        actor=case.caseworker, case_id=case.pk, kind="issue", outcome=True, reasons=""
    )


def test_only_a_manager_of_the_childs_council_approves():
    _reserve(ReservedKind.ASSESS)
    case = case_at(Stage.CONSIDERING)
    approval = management.propose_decision(
        actor=case.caseworker, case_id=case.pk, kind="assess", outcome=True, reasons=""
    )
    for person in (case.caseworker, manager("883")):
        with pytest.raises(PermissionDenied):
            management.approve_decision(
                actor=person, approval_id=approval.pk, decided_on=TODAY, notice_sent_on=TODAY
            )
    approval.refresh_from_db()
    assert approval.status == DecisionApproval.Status.PENDING


def test_an_unreserved_decision_is_made_by_the_caseworker_and_cannot_be_sent_for_approval():
    case = case_at(Stage.CONSIDERING)
    with pytest.raises(InvalidTransition, match="does not reserve this decision"):
        management.propose_decision(
            actor=case.caseworker, case_id=case.pk, kind="assess", outcome=True, reasons=""
        )
    workflow.decide_whether_to_assess(
        actor=case.caseworker,
        case_id=case.pk,
        assess=True,
        decided_on=day(case, "assess_decided"),
        notice_sent_on=day(case, "assess_decided"),
    )


def test_stopping_a_plan_reserved_to_managers_goes_through_approval():
    boss = _reserve(ReservedKind.CEASE)
    case = case_at(Stage.FINAL_ISSUED, received_on=date(2025, 9, 1))
    cessation = reviews.propose_to_cease(
        actor=case.caseworker,
        case_id=case.pk,
        ground=Cessation.Ground.NOT_NECESSARY,
        explanation="All outcomes met.",
        consulted_on=date(2026, 9, 1),
    )
    with pytest.raises(InvalidTransition, match="reserves this decision"):
        reviews.decide_cessation(
            actor=case.caseworker,
            cessation_id=cessation.pk,
            cease=True,
            decided_on=date(2026, 9, 21),
            notice_sent_on=date(2026, 9, 21),
            reasons="Outcomes achieved.",
        )
    approval = management.propose_decision(
        actor=case.caseworker,
        case_id=case.pk,
        kind="cease",
        outcome=True,
        reasons="Outcomes achieved.",
        cessation_id=cessation.pk,
        details={"family_response": "We agree."},
    )
    management.approve_decision(
        actor=boss,
        approval_id=approval.pk,
        decided_on=date(2026, 9, 21),
        notice_sent_on=date(2026, 9, 21),
    )
    cessation.refresh_from_db()
    assert cessation.stage == Cessation.Stage.DECIDED_CEASE
    assert cessation.family_response == "We agree."


def test_cases_move_in_bulk_to_another_caseworker_each_on_its_timeline_all_or_none():
    boss = manager()
    first, second = case_at(Stage.ASSESSING), case_at(Stage.CONSIDERING)
    newcomer = person_with_role(Role.CASEWORKER, la("881"))
    closed = case_at(Stage.WITHDRAWN)
    with pytest.raises(InvalidTransition, match=f"{closed.reference} is closed"):
        management.reallocate_cases(
            actor=boss, case_ids=[first.pk, closed.pk], to_caseworker=newcomer, on=TODAY
        )
    first.refresh_from_db()
    assert first.caseworker != newcomer
    moved = management.reallocate_cases(
        actor=boss, case_ids=[first.pk, second.pk], to_caseworker=newcomer, on=TODAY
    )
    assert moved == 2
    for case in (first, second):
        case.refresh_from_db()
        assert case.caseworker == newcomer
        assert case.events.filter(
            kind=CaseEvent.Kind.CASEWORKER_ALLOCATED, occurred_on=TODAY
        ).exists()
    batch = AuditEvent.objects.get(actor=boss, summary="Moved 2 cases to " + newcomer.display_name)
    assert batch.detail["cases"] == sorted([first.reference, second.reference])
    # Moving them again to the same person moves nothing.
    assert (
        management.reallocate_cases(
            actor=boss, case_ids=[first.pk], to_caseworker=newcomer, on=TODAY
        )
        == 0
    )


def test_only_a_send_manager_moves_cases_and_only_to_the_councils_caseworkers():
    case = case_at(Stage.ASSESSING)
    colleague = person_with_role(Role.CASEWORKER, la("881"))
    with pytest.raises(PermissionDenied):
        management.reallocate_cases(
            actor=case.caseworker, case_ids=[case.pk], to_caseworker=colleague, on=TODAY
        )
    with pytest.raises(DomainError, match="is not a caseworker at Essex"):
        management.reallocate_cases(
            actor=manager(),
            case_ids=[case.pk],
            to_caseworker=person_with_role(Role.CASEWORKER, la("883")),
            on=TODAY,
        )
    with pytest.raises(DomainError, match="Select at least one case"):
        management.reallocate_cases(actor=manager(), case_ids=[], to_caseworker=colleague, on=TODAY)


def test_the_team_view_counts_open_overdue_and_unallocated_cases_per_caseworker():
    worker = person_with_role(Role.CASEWORKER, la("881"), first_name="Amy", last_name="Ng")
    case_at(Stage.ASSESSING, actor=worker)
    case_at(Stage.CONSIDERING, actor=worker)
    unallocated = case_at(Stage.CONSIDERING, actor=worker, allocated=False)
    assert unallocated.caseworker is None
    loads = selectors.team_caseloads(la("881"), today=TODAY, soon=TODAY)
    row = next(r for r in loads["rows"] if r["person"] == worker)
    assert row["open"] == 2 and row["overdue"] == 2  # both past their dates on 22 November
    assert loads["unallocated"]["open"] == 1
