"""The statutory workflow, step by step, as the law describes it.

Children and Families Act 2014 ss36-39 and the SEND Regulations 2014 regs 4-14: each step moves
the case on, records a timeline event with its legal basis, tells the family what happened and
by when, and refuses what the law does not allow while changing nothing.
"""

from __future__ import annotations

import io
from contextlib import contextmanager
from datetime import date, timedelta

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse
from pypdf import PdfReader

from ehcp import deadlines, selectors
from ehcp.errors import DomainError, InvalidTransition
from ehcp.models import (
    AdviceRequest,
    Case,
    CaseEvent,
    Decision,
    PanelAgendaItem,
    Plan,
    RequestSource,
    SettingRequest,
    Stage,
    StatutoryException,
)
from ehcp.services import workflow
from ehcp.services.notices import MEDIATION_OPTIONAL
from ehcp.timeline import case_deadlines
from send_portal.models import GeneratedDocument, Notification, Organisation, Role
from send_portal.tasks import render_document
from tests.ehcp.factories import (
    PLACEMENT_TYPE,
    RECEIVED,
    TODAY,
    ChildFactory,
    case_at,
    caseworker,
    day,
    panel_meeting,
    parent_of,
)
from tests.factories import SettingFactory, la, person_with_role

pytestmark = pytest.mark.django_db

REG_13_1 = "SEND Regulations 2014 reg 13(1)"
APPEAL_RULE = "Rules 2008 r20(1)(c)"


@pytest.fixture(autouse=True)
def _today(monkeypatch):
    monkeypatch.setattr(selectors, "today", lambda: TODAY)


class Inbox:
    """The notifications one person has been sent, to check what each step told them."""

    def __init__(self, person):
        self.person = person
        self.seen = self._count()

    def _count(self) -> int:
        return Notification.objects.filter(recipient=self.person).count()

    def one_new(self) -> Notification:
        count = self._count()
        assert count == self.seen + 1, f"expected one new notification, got {count - self.seen}"
        self.seen = count
        return Notification.objects.filter(recipient=self.person).order_by("-id").first()

    def nothing_new(self) -> None:
        assert self._count() == self.seen


def event(case: Case, kind: str) -> CaseEvent:
    return case.events.get(kind=kind)


def snapshot(case: Case) -> dict:
    case = Case.objects.get(pk=case.pk)
    return {
        "stage": case.stage,
        "version": case.version,
        "next_due": (case.next_due_key, case.next_due_on),
        "caseworker": case.caseworker_id,
        "events": case.events.count(),
        "decisions": case.decisions.count(),
        "plans": list(case.plans.values_list("status", "section_i_type", "section_i_setting")),
        "advice": list(case.advice_requests.values_list("status", flat=True)),
        "settings": list(case.setting_requests.values_list("status", flat=True)),
        "representations": case.representations.count(),
        "exceptions": case.exceptions.count(),
        "panel": list(case.panel_items.values_list("recommendation", flat=True)),
        "notifications": Notification.objects.count(),
        "documents": GeneratedDocument.objects.count(),
    }


@contextmanager
def refused(case: Case, error: type[Exception], match: str):
    """The step raises ``error`` with a message matching ``match`` and changes nothing."""
    before = snapshot(case)
    with pytest.raises(error, match=match) as info:
        yield info
    assert snapshot(case) == before


def pdf_text(document: GeneratedDocument) -> str:
    document.refresh_from_db()
    assert document.status == GeneratedDocument.Status.READY
    with document.file.open("rb") as handle:
        reader = PdfReader(io.BytesIO(handle.read()))
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


# ---- the whole path -------------------------------------------------------------------------


def test_request_to_final_plan_moves_every_stage_with_its_law_its_dates_and_the_familys_letters():
    essex = la("881")
    child = ChildFactory(first_name="Alex", last_name="Taylor")
    parent = parent_of(child)
    inbox = Inbox(parent)
    worker = caseworker()
    ep = person_with_role(Role.EDUCATIONAL_PSYCHOLOGIST, essex)
    member = person_with_role(Role.PANEL_MEMBER, essex)
    school = SettingFactory(name="Riverside Primary School", local_authority=essex)
    senco = person_with_role(Role.SENCO, school)
    family_link = reverse("family-case", args=["REF"])

    # Day 0: the request (CFA 2014 s36(1)); the decision is due within 6 weeks (reg 5(1)).
    case = workflow.receive_request(
        actor=worker,
        child=child,
        received_on=date(2026, 3, 2),
        source=RequestSource.FAMILY,
        requested_by_name="Jo Taylor",
    )
    assert case.stage == Stage.REQUEST_RECEIVED
    assert case.reference.startswith("EHC-881-2026-")
    assert (case.next_due_key, case.next_due_on) == ("decision_to_assess", date(2026, 4, 13))
    assert [d.due for d in case.statutory_timetable] == [
        date(2026, 4, 13),  # 6 weeks: decision whether to assess
        date(2026, 6, 8),  # 14 weeks: draft plan (target)
        date(2026, 6, 22),  # 16 weeks: notice of a decision not to issue
        date(2026, 7, 20),  # 20 weeks: final plan
    ]
    received = event(case, CaseEvent.Kind.REQUEST_RECEIVED)
    assert received.occurred_on == date(2026, 3, 2)
    assert received.legal_basis == "Children and Families Act 2014 s36(1)"
    told = inbox.one_new()
    assert told.subject == "Request for an EHC needs assessment for Alex received"
    assert "received the request on 2 March 2026" in told.what_happened
    assert case.reference in told.what_happened
    assert told.due_date == date(2026, 4, 13)
    assert told.legal_basis == "SEND Regulations 2014 reg 5(1); Children and Families Act 2014 s36"
    assert told.link == family_link.replace("REF", case.reference)

    # The caseworker takes the unallocated case.
    case = workflow.allocate_caseworker(
        actor=worker, case_id=case.pk, caseworker=worker, on=date(2026, 3, 2)
    )
    assert case.caseworker == worker
    told = inbox.one_new()
    assert worker.display_name in told.subject
    assert worker.email in told.what_to_do

    # Everyone is told the council is considering an assessment (reg 4(2)).
    case = workflow.start_considering(actor=worker, case_id=case.pk, notified_on=date(2026, 3, 4))
    assert case.stage == Stage.CONSIDERING
    assert case.considering_notified_on == date(2026, 3, 4)
    assert event(case, CaseEvent.Kind.CONSIDERING).legal_basis.startswith(
        "SEND Regulations 2014 reg 4(2)"
    )
    told = inbox.one_new()
    assert told.subject == "We are considering an EHC needs assessment for Alex"
    assert (told.due_date, told.legal_basis) == (
        date(2026, 4, 13),
        "SEND Regulations 2014 reg 5(1); Children and Families Act 2014 s36",
    )

    # Week 5: the decision to assess, notified within 6 weeks (reg 5(1)).
    decision = workflow.decide_whether_to_assess(
        actor=worker,
        case_id=case.pk,
        assess=True,
        decided_on=date(2026, 4, 6),
        notice_sent_on=date(2026, 4, 6),
    )
    case.refresh_from_db()
    assert case.stage == Stage.ASSESSING
    assert (decision.kind, decision.notice_sent_on) == (Decision.Kind.ASSESS, date(2026, 4, 6))
    assert decision.appeal_deadline is None  # a decision to assess carries no appeal
    assert decision.notice is not None
    assert (case.next_due_key, case.next_due_on) == ("no_plan_notice", date(2026, 6, 22))
    decided = event(case, CaseEvent.Kind.DECIDED_TO_ASSESS)
    assert decided.legal_basis.startswith("SEND Regulations 2014 reg 5(1)")
    assert decided.detail == "Letter sent 6 April 2026."
    told = inbox.one_new()
    assert told.subject == "We will carry out an EHC needs assessment for Alex"
    assert "decided on 6 April 2026 to carry out an EHC needs assessment" in told.what_happened
    assert (told.due_date, told.legal_basis) == (
        date(2026, 7, 20),
        "SEND Regulations 2014 reg 13(2)",
    )

    # Advice is due within 6 weeks of the request for it (reg 8(1)); the adviser is told.
    advice = workflow.request_advice(
        actor=worker,
        case_id=case.pk,
        advice_type=AdviceRequest.AdviceType.EDUCATIONAL_PSYCHOLOGIST,
        requested_on=date(2026, 4, 7),
        adviser=ep,
    )
    case.refresh_from_db()
    assert advice.due_on == date(2026, 5, 19)
    assert (case.next_due_key, case.next_due_on) == ("advice_due", date(2026, 5, 19))
    assert event(case, CaseEvent.Kind.ADVICE_REQUESTED).legal_basis.startswith(
        "SEND Regulations 2014 reg 8(1)"
    )
    asked = Notification.objects.get(recipient=ep)
    assert (asked.due_date, asked.legal_basis) == (date(2026, 5, 19), advice.deadline.basis)
    inbox.nothing_new()

    workflow.record_advice_received(
        actor=ep, advice_id=advice.pk, received_on=date(2026, 4, 28), summary="Needs in SLCN."
    )
    case.refresh_from_db()
    assert (case.next_due_key, case.next_due_on) == ("no_plan_notice", date(2026, 6, 22))
    assert event(case, CaseEvent.Kind.ADVICE_RECEIVED).detail == f"From {ep}."

    # The panel recommends; the council decides.
    meeting = panel_meeting(essex, date(2026, 5, 11), member)
    item = workflow.refer_to_panel(
        actor=worker,
        case_id=case.pk,
        meeting_id=meeting.pk,
        summary="Advice in.",
        on=date(2026, 5, 5),
    )
    case.refresh_from_db()
    assert case.stage == Stage.PANEL
    workflow.record_panel_recommendation(
        actor=member,
        item_id=item.pk,
        recommendation=PanelAgendaItem.Recommendation.ISSUE,
        reasons="Needs cannot be met by SEN support.",
        on=date(2026, 5, 11),
    )
    assert not event(case, CaseEvent.Kind.PANEL_RECOMMENDATION).visible_to_family
    inbox.nothing_new()

    decision = workflow.decide_whether_to_issue(
        actor=worker,
        case_id=case.pk,
        issue=True,
        decided_on=date(2026, 5, 12),
        notice_sent_on=date(2026, 5, 13),
    )
    case.refresh_from_db()
    assert case.stage == Stage.DRAFTING
    assert decision.kind == Decision.Kind.ISSUE and decision.appeal_deadline is None
    assert (case.next_due_key, case.next_due_on) == ("draft_plan_target", date(2026, 6, 8))
    assert event(case, CaseEvent.Kind.DECIDED_TO_ISSUE).legal_basis == (
        "Children and Families Act 2014 s37(1)"
    )
    told = inbox.one_new()
    assert told.subject == "We will issue an EHC plan for Alex"
    assert (told.due_date, told.legal_basis) == (
        date(2026, 7, 20),
        "SEND Regulations 2014 reg 13(2)",
    )

    # Week 12: the draft, section I blank (s38(5)); 15 days beginning with service (reg 13(1)).
    draft = workflow.serve_draft_plan(actor=worker, case_id=case.pk, served_on=date(2026, 5, 25))
    case.refresh_from_db()
    assert case.stage == Stage.DRAFT_SERVED
    assert (draft.status, draft.section_i_setting, draft.section_i_type) == (
        Plan.Status.DRAFT,
        None,
        "",
    )
    assert (case.next_due_key, case.next_due_on) == ("final_plan", date(2026, 7, 20))
    served = event(case, CaseEvent.Kind.DRAFT_SERVED)
    assert served.legal_basis.startswith("SEND Regulations 2014 reg 13(1)(a)")
    assert "by 8 June 2026" in served.detail
    told = inbox.one_new()
    assert told.subject == "Draft EHC plan for Alex sent to you"
    assert told.due_date == date(2026, 6, 8)
    assert told.legal_basis.startswith("SEND Regulations 2014 reg 13(1)(a)")

    # The parent gives views and asks for a school (CFA 2014 s38(2)(b)).
    workflow.record_representations(
        actor=parent, case_id=case.pk, received_on=date(2026, 5, 29), comments="Section F is vague."
    )
    assert event(case, CaseEvent.Kind.REPRESENTATIONS).legal_basis == REG_13_1
    request = workflow.request_setting(
        actor=parent, case_id=case.pk, requested_on=date(2026, 5, 29), setting=school
    )
    assert event(case, CaseEvent.Kind.SETTING_REQUESTED).legal_basis == (
        "Children and Families Act 2014 s38(2)(b) and s39"
    )

    # The council consults the school (s39(2)); its SENCo is asked to reply within 15 days.
    request = workflow.consult_setting(
        actor=worker, setting_request_id=request.pk, consulted_on=date(2026, 6, 1)
    )
    case.refresh_from_db()
    assert case.stage == Stage.CONSULTING
    assert request.response_due_on == date(2026, 6, 16)
    asked = Notification.objects.get(recipient=senco)
    assert asked.due_date == date(2026, 6, 16)
    assert asked.legal_basis.startswith("Children and Families Act 2014 s39(2)")
    workflow.record_setting_response(
        actor=senco,
        setting_request_id=request.pk,
        response=SettingRequest.Response.CAN_MEET,
        responded_on=date(2026, 6, 5),
    )
    request = workflow.decide_placement(
        actor=worker, setting_request_id=request.pk, name_it=True, decided_on=date(2026, 6, 9)
    )
    assert request.status == SettingRequest.Status.NAMED
    assert event(case, CaseEvent.Kind.PLACEMENT_DECIDED).legal_basis == (
        "Children and Families Act 2014 s39(3)-(4)"
    )

    # Week 15: the final plan, naming the school (reg 13(2)); appeal by 2 months after the
    # notice (15 August 2026), moved out of August to Tuesday 1 September 2026.
    final = workflow.issue_final_plan(
        actor=worker, case_id=case.pk, issued_on=date(2026, 6, 15), notice_sent_on=date(2026, 6, 15)
    )
    case.refresh_from_db()
    assert case.stage == Stage.FINAL_ISSUED
    assert (final.status, final.version) == (Plan.Status.FINAL, 2)
    assert (final.section_i_setting, final.section_i_type) == (school, "Community School")
    assert (case.final_issued_on, case.closed_on) == (date(2026, 6, 15), date(2026, 6, 15))
    assert (case.next_due_key, case.next_due_on) == ("", None)
    decision = case.decisions.get(kind=Decision.Kind.FINAL_PLAN)
    assert decision.appeal_deadline == date(2026, 9, 1)
    assert APPEAL_RULE in decision.appeal_deadline_basis
    assert "August" in decision.appeal_deadline_basis
    issued = event(case, CaseEvent.Kind.FINAL_ISSUED)
    assert issued.legal_basis == "SEND Regulations 2014 reg 13(2)"
    assert issued.detail == (
        "Section I: Riverside Primary School. Issued in week 15 (within 20 weeks). "
        "Appeal by 1 September 2026."
    )
    told = inbox.one_new()
    assert told.subject == "Final EHC plan for Alex issued"
    assert "naming Riverside Primary School" in told.what_happened
    assert "mediation itself is optional" in told.what_to_do
    assert told.due_date == date(2026, 9, 1)
    assert APPEAL_RULE in told.legal_basis

    assert list(case.events.order_by("occurred_on", "id").values_list("kind", flat=True)) == [
        "request_received",
        "caseworker_allocated",
        "considering",
        "decided_to_assess",
        "advice_requested",
        "advice_received",
        "referred_to_panel",
        "panel_recommendation",
        "decided_to_issue",
        "draft_served",
        "representations",
        "setting_requested",
        "setting_consulted",
        "setting_responded",
        "placement_decided",
        "final_issued",
    ]


def test_a_caseworker_named_on_the_request_is_allocated_from_day_0():
    worker = caseworker()
    case = workflow.receive_request(
        actor=worker,
        child=ChildFactory(),
        received_on=RECEIVED,
        source=RequestSource.SETTING,
        caseworker=worker,
    )
    assert case.caseworker == worker
    assert event(case, CaseEvent.Kind.CASEWORKER_ALLOCATED).occurred_on == RECEIVED


def test_the_council_becoming_responsible_starts_the_clock_under_s24():
    worker = caseworker()
    case = workflow.receive_request(
        actor=worker,
        child=ChildFactory(),
        received_on=RECEIVED,
        source=RequestSource.OTHER,
        became_responsible=True,
    )
    assert case.became_responsible
    assert event(case, CaseEvent.Kind.REQUEST_RECEIVED).legal_basis == (
        "Children and Families Act 2014 s24"
    )
    assert case.next_due_on == deadlines.decision_to_assess(received=RECEIVED).due


def test_case_references_are_numbered_per_council_and_year():
    worker = caseworker()
    first = workflow.receive_request(
        actor=worker, child=ChildFactory(), received_on=RECEIVED, source=RequestSource.FAMILY
    )
    second = workflow.receive_request(
        actor=worker, child=ChildFactory(), received_on=RECEIVED, source=RequestSource.FAMILY
    )
    assert (first.reference, second.reference) == ("EHC-881-2026-00001", "EHC-881-2026-00002")


def test_a_child_with_an_open_request_cannot_get_a_second_one():
    case = case_at(Stage.ASSESSING)
    with pytest.raises(InvalidTransition, match="already has an open request"):
        workflow.receive_request(
            actor=case.caseworker,
            child=case.child,
            received_on=TODAY,
            source=RequestSource.FAMILY,
        )
    assert Case.objects.filter(child=case.child).count() == 1


def test_a_new_request_is_allowed_after_a_decision_not_to_assess():
    case = case_at(Stage.NOT_ASSESSED)
    again = workflow.receive_request(
        actor=case.caseworker, child=case.child, received_on=TODAY, source=RequestSource.FAMILY
    )
    assert again.stage == Stage.REQUEST_RECEIVED


# ---- decision notices -----------------------------------------------------------------------


def _christmas_not_issue() -> Decision:
    """A decision not to issue whose notice is sent on 27 October 2026: 2 months ends on
    27 December, so the appeal deadline moves to the first working day after 1 January."""
    case = case_at(Stage.PANEL, received_on=date(2026, 7, 13))
    item = case.panel_items.get()
    workflow.record_panel_recommendation(
        actor=item.meeting.members.get(),
        item_id=item.pk,
        recommendation=PanelAgendaItem.Recommendation.NOT_ISSUE,
        reasons="SEN support is enough.",
        on=day(case, "panel"),
    )
    return workflow.decide_whether_to_issue(
        actor=case.caseworker,
        case_id=case.pk,
        issue=False,
        decided_on=date(2026, 10, 26),
        notice_sent_on=date(2026, 10, 27),
        reasons="SEN support is enough.",
    )


@pytest.mark.parametrize(
    "kind, make, appeal_by, rollover",
    [
        # Sent Monday 6 April 2026: 2 calendar months end on Saturday 6 June, so the family can
        # appeal until Monday 8 June (Tribunal rules r12(2)).
        (
            Decision.Kind.NOT_ASSESS,
            lambda: case_at(Stage.NOT_ASSESSED).decisions.get(),
            date(2026, 6, 8),
            "r12(2)",
        ),
        # Sent 13 May 2026.
        (
            Decision.Kind.NOT_ISSUE,
            lambda: case_at(Stage.NOT_ISSUED).decisions.get(kind="not_issue"),
            date(2026, 7, 13),
            None,
        ),
        # Sent 15 June 2026: 15 August moves out of August to Tuesday 1 September.
        (
            Decision.Kind.FINAL_PLAN,
            lambda: case_at(Stage.FINAL_ISSUED).decisions.get(kind="final_plan"),
            date(2026, 9, 1),
            "August",
        ),
        # Sent 27 October 2026: 27 December moves to Monday 4 January 2027.
        (Decision.Kind.NOT_ISSUE, _christmas_not_issue, date(2027, 1, 4), "25 December"),
    ],
    ids=["not_assess", "not_issue", "final_plan_august", "not_issue_christmas"],
)
def test_an_appealable_decision_gets_its_appeal_deadline_and_a_notice_with_the_familys_rights(
    kind, make, appeal_by, rollover
):
    decision = make()
    assert decision.kind == kind and decision.is_appealable
    assert decision.appeal_deadline == appeal_by
    assert APPEAL_RULE in decision.appeal_deadline_basis
    if rollover:
        assert rollover in decision.appeal_deadline_basis
    notice = decision.notice
    assert (notice.owner_type, notice.owner_id) == ("ehcp.case", str(decision.case_id))
    assert notice.status == GeneratedDocument.Status.QUEUED
    rights = " ".join(notice.context["rights"])
    assert "right to appeal to the First-tier Tribunal" in rights
    assert Decision.APPEAL_GROUNDS[kind] in rights
    assert MEDIATION_OPTIONAL in rights
    assert "SEND Information, Advice and Support Service (SENDIASS)" in rights
    assert {
        "label": "Last day to appeal to the SEND Tribunal",
        "due": f"{appeal_by:%A %-d %B %Y}",
        "basis": decision.appeal_deadline_basis,
    } in notice.context["deadlines"]


@pytest.mark.parametrize(
    "stage, kind", [(Stage.ASSESSING, Decision.Kind.ASSESS), (Stage.DRAFTING, Decision.Kind.ISSUE)]
)
def test_a_decision_in_the_familys_favour_has_a_notice_but_no_appeal(stage, kind):
    decision = case_at(stage).decisions.get(kind=kind)
    assert not decision.is_appealable
    assert (decision.appeal_deadline, decision.appeal_deadline_basis) == (None, "")
    assert decision.notice.context["deadlines"] == []
    assert "appeal" not in " ".join(decision.notice.context["rights"])


@pytest.mark.parametrize(
    "stage, kind, opening, appeal_by",
    [
        (
            Stage.NOT_ASSESSED,
            Decision.Kind.NOT_ASSESS,
            "has decided not to carry out an education, health and care (EHC) needs assessment",
            "Monday 8 June 2026",
        ),
        (
            Stage.NOT_ISSUED,
            Decision.Kind.NOT_ISSUE,
            "has decided not to issue an EHC plan",
            "Monday 13 July 2026",
        ),
        (
            Stage.FINAL_ISSUED,
            Decision.Kind.FINAL_PLAN,
            "has issued the final EHC plan",
            "Tuesday 1 September 2026",
        ),
    ],
    ids=["not_assess", "not_issue", "final_plan"],
)
def test_appeal_letter_pdf_states_the_right_to_appeal_mediation_the_deadline_and_sendiass(
    stage, kind, opening, appeal_by, django_capture_on_commit_callbacks
):
    Organisation.objects.create(
        kind=Organisation.Kind.SENDIASS,
        name="Essex SENDIASS",
        local_authority=la("881"),
        telephone="0333 000 0000",
    )
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        case = case_at(stage)
    assert callbacks, "letters are queued to render after the transaction commits"
    decision = case.decisions.get(kind=kind)
    render_document.apply(args=[decision.notice_id]).get()  # what the worker does
    text = pdf_text(decision.notice)
    assert f"{opening} for {case.child.full_name}" in text
    if decision.reasons:
        assert f"Our reasons: {decision.reasons}" in text
    assert "You have the right to appeal to the First-tier Tribunal" in text
    assert Decision.APPEAL_GROUNDS[kind] in text
    assert "Mediation is optional" in text
    assert appeal_by in text
    assert "Essex SENDIASS gives free, confidential and independent advice" in text
    assert "0333 000 0000" in text


def test_a_decision_not_to_assess_closes_the_case_and_tells_the_family_how_to_appeal():
    child = ChildFactory(first_name="Sam")
    parent = parent_of(child)
    case = case_at(Stage.CONSIDERING, child=child)
    inbox = Inbox(parent)
    decision = workflow.decide_whether_to_assess(
        actor=case.caseworker,
        case_id=case.pk,
        assess=False,
        decided_on=date(2026, 4, 14),
        notice_sent_on=date(2026, 4, 15),
        reasons="The school can meet the needs.",
    )
    case.refresh_from_db()
    assert (case.stage, case.closed_on, case.next_due_on) == (
        Stage.NOT_ASSESSED,
        date(2026, 4, 14),
        None,
    )
    assert decision.appeal_deadline == date(2026, 6, 15)
    decided = event(case, CaseEvent.Kind.DECIDED_NOT_TO_ASSESS)
    assert decided.legal_basis.startswith("SEND Regulations 2014 reg 5(1)")
    assert "appeal by 15 June 2026" in decided.detail
    told = inbox.one_new()
    assert told.subject == "Decision: no EHC needs assessment for Sam"
    assert "Reasons: The school can meet the needs." in told.what_happened
    assert "mediation itself is optional" in told.what_to_do
    assert told.due_date == date(2026, 6, 15)
    assert APPEAL_RULE in told.legal_basis


def test_a_decision_not_to_issue_closes_the_case_with_the_16_week_basis():
    case = case_at(Stage.NOT_ISSUED)
    assert case.closed_on == day(case, "plan_decided")
    decided = event(case, CaseEvent.Kind.DECIDED_NOT_TO_ISSUE)
    assert (
        decided.legal_basis
        == "SEND Regulations 2014 reg 10(1); Children and Families Act 2014 s36(9)"
    )


def test_a_late_decision_to_assess_is_recorded_as_late_against_the_6_week_limit():
    case = case_at(Stage.CONSIDERING)
    workflow.decide_whether_to_assess(
        actor=case.caseworker,
        case_id=case.pk,
        assess=True,
        decided_on=date(2026, 4, 14),
        notice_sent_on=date(2026, 4, 14),
    )
    assert event(case, CaseEvent.Kind.DECIDED_TO_ASSESS).detail == (
        "Letter sent 14 April 2026 (after the 6-week time limit)."
    )


# ---- the representations window (reg 13(1)) -------------------------------------------------


def _issue(case, on, **kwargs):
    return workflow.issue_final_plan(
        actor=case.caseworker,
        case_id=case.pk,
        issued_on=on,
        notice_sent_on=on,
        setting_type=kwargs.pop("setting_type", PLACEMENT_TYPE),
        **kwargs,
    )


def test_final_plan_refused_while_representations_window_open():
    case = case_at(Stage.DRAFT_SERVED)  # served Monday 25 May 2026
    last_day = date(2026, 6, 8)  # 15 days beginning with 25 May
    with refused(case, InvalidTransition, "can still comment on the draft until 8 June 2026"):
        _issue(case, last_day)
    with refused(case, InvalidTransition, r"reg 13\(1\)"):
        _issue(case, date(2026, 5, 26))


def test_final_plan_allowed_the_day_after_the_representations_window_closes():
    case = case_at(Stage.DRAFT_SERVED)
    plan = _issue(case, date(2026, 6, 9))
    case.refresh_from_db()
    assert case.stage == Stage.FINAL_ISSUED
    assert (plan.status, plan.section_i_type) == (Plan.Status.FINAL, PLACEMENT_TYPE)


def test_final_plan_allowed_early_once_the_family_say_they_have_no_further_representations():
    child = ChildFactory()
    parent = parent_of(child)
    case = case_at(Stage.DRAFT_SERVED, child=child)
    workflow.record_representations(
        actor=parent,
        case_id=case.pk,
        received_on=date(2026, 5, 28),
        comments="We are happy with the draft.",
        no_further_representations=True,
    )
    case.refresh_from_db()
    assert case.no_further_representations_on == date(2026, 5, 28)
    with refused(case, InvalidTransition, "until 8 June 2026"):
        _issue(case, date(2026, 5, 27))  # before they said so
    _issue(case, date(2026, 5, 28))
    case.refresh_from_db()
    assert case.stage == Stage.FINAL_ISSUED


def test_a_meeting_request_is_recorded_with_the_familys_views():
    child = ChildFactory()
    parent = parent_of(child)
    case = case_at(Stage.DRAFT_SERVED, child=child)
    rep = workflow.record_representations(
        actor=parent,
        case_id=case.pk,
        received_on=date(2026, 5, 27),
        comments="Please add speech therapy.",
        meeting_requested=True,
    )
    assert rep.made_by == parent and rep.meeting_requested
    assert event(case, CaseEvent.Kind.REPRESENTATIONS).detail == (
        "Please add speech therapy. A meeting with a council officer was requested."
    )


# ---- section I (CFA 2014 ss38-39) -----------------------------------------------------------


def test_a_draft_plan_cannot_name_a_setting_s38_5():
    case = case_at(Stage.DRAFT_SERVED)
    draft = case.plans.get()
    with refused(case, InvalidTransition, r"Children and Families Act 2014 s38\(5\)"):
        workflow.name_setting_in_plan(
            actor=case.caseworker, plan_id=draft.pk, setting=SettingFactory(), setting_type="x"
        )


def test_section_i_of_a_final_plan_is_changed_only_by_amending_the_plan():
    case = case_at(Stage.FINAL_ISSUED)
    final = case.plans.get(status=Plan.Status.FINAL)
    with refused(case, InvalidTransition, "amending the plan"):
        workflow.name_setting_in_plan(actor=case.caseworker, plan_id=final.pk, setting=None)


def test_the_database_refuses_a_draft_plan_with_section_i_filled():
    case = case_at(Stage.DRAFTING)
    with pytest.raises(IntegrityError), transaction.atomic():
        Plan.objects.create(case=case, version=1, section_i_type="Special school")
    with pytest.raises(IntegrityError), transaction.atomic():
        Plan.objects.create(case=case, version=1, section_i_setting=SettingFactory())
    draft = workflow.serve_draft_plan(
        actor=case.caseworker, case_id=case.pk, served_on=day(case, "draft_served")
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        Plan.objects.filter(pk=draft.pk).update(section_i_type="Mainstream school")
    assert Plan.objects.get(pk=draft.pk).section_i_type == ""


def _consulted_request(case) -> SettingRequest:
    return case.setting_requests.get(status=SettingRequest.Status.CONSULTED)


def test_refusing_to_name_a_setting_needs_a_ground_in_s39_4_and_reasons():
    case = case_at(Stage.CONSULTING)
    request = _consulted_request(case)
    with refused(case, DomainError, r"s39\(4\)") as info:
        workflow.decide_placement(
            actor=case.caseworker,
            setting_request_id=request.pk,
            name_it=False,
            decided_on=day(case, "placement_decided"),
            reasons="Too far away.",
        )
    assert info.value.field == "refusal_ground"
    with refused(case, DomainError, "Enter the reasons"):
        workflow.decide_placement(
            actor=case.caseworker,
            setting_request_id=request.pk,
            name_it=False,
            decided_on=day(case, "placement_decided"),
            refusal_ground=SettingRequest.RefusalGround.RESOURCES,
            reasons=" ",
        )
    request = workflow.decide_placement(
        actor=case.caseworker,
        setting_request_id=request.pk,
        name_it=False,
        decided_on=day(case, "placement_decided"),
        refusal_ground=SettingRequest.RefusalGround.RESOURCES,
        reasons="A place would cost twice a suitable local school's.",
    )
    assert (request.status, request.refusal_ground) == ("refused", "s39_4_b_ii")
    decided = event(case, CaseEvent.Kind.PLACEMENT_DECIDED)
    assert decided.legal_basis == "Children and Families Act 2014 s39(3)-(4)"
    assert "efficient use of resources" in decided.detail


def test_a_setting_cannot_be_named_before_it_is_consulted():
    case = case_at(Stage.DRAFT_SERVED)
    request = workflow.request_setting(
        actor=case.caseworker,
        case_id=case.pk,
        requested_on=day(case, "setting_requested"),
        setting_name="St Mary's Independent Special School",
    )
    with refused(case, InvalidTransition, "Consult St Mary's Independent Special School"):
        workflow.decide_placement(
            actor=case.caseworker,
            setting_request_id=request.pk,
            name_it=True,
            decided_on=day(case, "placement_decided"),
        )


def test_final_plan_refused_while_a_requested_setting_is_undecided():
    case = case_at(Stage.CONSULTING)
    name = _consulted_request(case).display_name
    with refused(case, InvalidTransition, f"Decide about every requested setting first: {name}"):
        _issue(case, day(case, "final_issued"))


def test_final_plan_refused_without_anything_in_section_i():
    case = case_at(Stage.DRAFT_SERVED)
    with refused(case, DomainError, "Section I must name"):
        _issue(case, day(case, "final_issued"), setting_type=" ")


def test_after_refusing_the_requested_school_the_final_plan_names_the_type_the_council_chose():
    case = case_at(Stage.CONSULTING)
    workflow.decide_placement(
        actor=case.caseworker,
        setting_request_id=_consulted_request(case).pk,
        name_it=False,
        decided_on=day(case, "placement_decided"),
        refusal_ground=SettingRequest.RefusalGround.UNSUITABLE,
        reasons="It cannot meet the child's sensory needs.",
    )
    plan = _issue(
        case, day(case, "final_issued"), setting_type="Maintained or academy special school"
    )
    assert (plan.section_i_setting, plan.section_i_type) == (
        None,
        "Maintained or academy special school",
    )


def test_a_final_plan_cannot_be_issued_naming_a_type_that_is_free_text():
    """CFA 2014 s40(2), Code of Practice 9.79: with no school named, section I names a type of
    school or institution; text such as a town ("Lexden") is neither, and the plan would be
    defective."""
    case = case_at(Stage.CONSULTING)
    workflow.decide_placement(
        actor=case.caseworker,
        setting_request_id=_consulted_request(case).pk,
        name_it=False,
        decided_on=day(case, "placement_decided"),
        refusal_ground=SettingRequest.RefusalGround.UNSUITABLE,
        reasons="It cannot meet the child's sensory needs.",
    )
    with refused(case, DomainError, "not a school or college in the settings directory"):
        _issue(case, day(case, "final_issued"), setting_type="Lexden")


def test_a_setting_asked_for_by_name_is_found_in_the_directory_before_it_is_consulted_and_named():
    """CFA 2014 s38(3): the family may ask for any institution the law allows, so one they cannot
    find in the directory is recorded by the name they gave; but it is consulted (s39(2)) and
    named in section I only once the council has found it in the settings directory, so the
    school's SENCo is asked and section I never holds free text."""
    case = case_at(Stage.DRAFT_SERVED)
    request = workflow.request_setting(
        actor=case.caseworker,
        case_id=case.pk,
        requested_on=day(case, "setting_requested"),
        setting_name="Hill House School (s41 approved)",
    )
    assert request.setting is None
    with refused(
        case, InvalidTransition, "Find .Hill House School .s41 approved.. in the settings"
    ):
        workflow.consult_setting(
            actor=case.caseworker,
            setting_request_id=request.pk,
            consulted_on=day(case, "consulted"),
        )
    hill_house = SettingFactory(
        name="Hill House School", setting_type="Other independent special school"
    )
    workflow.match_setting_request(
        actor=case.caseworker, setting_request_id=request.pk, setting=hill_house
    )
    request.refresh_from_db()
    assert (request.setting, request.setting_name) == (
        hill_house,
        "Hill House School (s41 approved)",
    )
    workflow.consult_setting(
        actor=case.caseworker, setting_request_id=request.pk, consulted_on=day(case, "consulted")
    )
    workflow.decide_placement(
        actor=case.caseworker,
        setting_request_id=request.pk,
        name_it=True,
        decided_on=day(case, "placement_decided"),
    )
    plan = _issue(case, day(case, "final_issued"), setting_type="")
    assert (plan.section_i_setting, plan.section_i_type) == (
        hill_house,
        "Other independent special school",
    )


def test_the_same_school_cannot_be_requested_twice():
    case = case_at(Stage.CONSULTING)
    school = _consulted_request(case).setting
    with refused(
        case,
        InvalidTransition,
        "already been requested and is being consulted: the council asked it on",
    ):
        workflow.request_setting(
            actor=case.caseworker, case_id=case.pk, requested_on=TODAY, setting=school
        )


def test_only_the_council_can_propose_a_setting_of_its_own():
    """CFA 2014 s39(4) and s40: the council names a school it thinks appropriate; a parent asks
    for one (s38(2)(b)) but cannot record the council's proposal."""
    from django.core.exceptions import PermissionDenied

    from tests.ehcp.factories import parent_of

    case = case_at(Stage.DRAFT_SERVED)
    parent = parent_of(case.child)
    with refused(case, PermissionDenied, "Only a caseworker or SEND manager"):
        workflow.request_setting(
            actor=parent,
            case_id=case.pk,
            requested_on=TODAY,
            setting=SettingFactory(),
            by_family=False,
        )
    proposed = workflow.request_setting(
        actor=case.caseworker,
        case_id=case.pk,
        requested_on=TODAY,
        setting=SettingFactory(),
        by_family=False,
    )
    assert not proposed.requested_by_family
    event = case.events.filter(kind=CaseEvent.Kind.SETTING_REQUESTED).latest("pk")
    assert event.title.startswith("The council proposes")
    assert event.legal_basis == "Children and Families Act 2014 s39(4) and s40"


def test_only_one_setting_can_be_named():
    case = case_at(Stage.CONSULTING)
    first = _consulted_request(case)
    second = workflow.request_setting(
        actor=case.caseworker, case_id=case.pk, requested_on=TODAY, setting=SettingFactory()
    )
    workflow.consult_setting(
        actor=case.caseworker, setting_request_id=second.pk, consulted_on=TODAY
    )
    workflow.decide_placement(
        actor=case.caseworker, setting_request_id=first.pk, name_it=True, decided_on=TODAY
    )
    with refused(case, InvalidTransition, "already been chosen"):
        workflow.decide_placement(
            actor=case.caseworker, setting_request_id=second.pk, name_it=True, decided_on=TODAY
        )


# ---- decisions and the panel ----------------------------------------------------------------


def test_deciding_whether_to_assess_twice_is_refused():
    case = case_at(Stage.ASSESSING)
    with refused(case, InvalidTransition, "cannot decide whether to assess now"):
        workflow.decide_whether_to_assess(
            actor=case.caseworker,
            case_id=case.pk,
            assess=False,
            decided_on=TODAY,
            notice_sent_on=TODAY,
            reasons="Changed our mind.",
        )
    assert list(case.decisions.values_list("kind", flat=True)) == ["assess"]


def test_a_second_decision_of_the_same_kind_is_refused_even_if_the_stage_allowed_it():
    case = case_at(Stage.CONSIDERING)
    Decision.objects.create(case=case, kind=Decision.Kind.ASSESS, decided_on=RECEIVED)
    with refused(case, InvalidTransition, "already been made"):
        workflow.decide_whether_to_assess(
            actor=case.caseworker,
            case_id=case.pk,
            assess=True,
            decided_on=TODAY,
            notice_sent_on=TODAY,
        )


@pytest.mark.parametrize("reasons", ["", "   "])
def test_deciding_not_to_assess_without_reasons_is_refused(reasons):
    case = case_at(Stage.CONSIDERING)
    with refused(case, DomainError, "Enter the reasons for deciding not to assess") as info:
        workflow.decide_whether_to_assess(
            actor=case.caseworker,
            case_id=case.pk,
            assess=False,
            decided_on=day(case, "assess_decided"),
            notice_sent_on=day(case, "assess_decided"),
            reasons=reasons,
        )
    assert info.value.field == "reasons"


def test_deciding_not_to_issue_without_reasons_is_refused():
    case = case_at(Stage.PANEL)
    item = case.panel_items.get()
    workflow.record_panel_recommendation(
        actor=item.meeting.members.get(),
        item_id=item.pk,
        recommendation=PanelAgendaItem.Recommendation.NOT_ISSUE,
        reasons="SEN support.",
        on=day(case, "panel"),
    )
    with refused(case, DomainError, "Enter the reasons for deciding not to issue"):
        workflow.decide_whether_to_issue(
            actor=case.caseworker,
            case_id=case.pk,
            issue=False,
            decided_on=day(case, "plan_decided"),
            notice_sent_on=day(case, "plan_notice"),
        )


def _meeting(case):
    return panel_meeting(case.local_authority, day(case, "panel"))


def test_referring_to_panel_refused_while_advice_is_outstanding():
    case = case_at(Stage.ASSESSING)
    workflow.request_advice(
        actor=case.caseworker,
        case_id=case.pk,
        advice_type=AdviceRequest.AdviceType.HEALTH,
        requested_on=day(case, "advice_requested"),
        adviser_name="Dr Patel, community paediatrician",
    )
    with refused(case, InvalidTransition, r"Advice is still outstanding: Medical advice"):
        workflow.refer_to_panel(
            actor=case.caseworker,
            case_id=case.pk,
            meeting_id=_meeting(case).pk,
            summary="Summary",
            on=day(case, "referred"),
        )


def test_referring_to_panel_refused_before_any_advice_was_asked_for():
    case = case_at(Stage.ASSESSING)
    with refused(case, InvalidTransition, "Ask for advice before referring"):
        workflow.refer_to_panel(
            actor=case.caseworker,
            case_id=case.pk,
            meeting_id=_meeting(case).pk,
            summary="Summary",
            on=day(case, "referred"),
        )


def test_referring_to_another_councils_panel_is_refused():
    case = case_at(Stage.ASSESSING)
    workflow.reuse_existing_advice(
        actor=case.caseworker,
        case_id=case.pk,
        advice_type=AdviceRequest.AdviceType.EDUCATIONAL_PSYCHOLOGIST,
        reused_from="EP report of 3 February 2026",
        agreed_by_council=True,
        agreed_by_adviser=True,
        agreed_by_family=True,
        on=day(case, "advice_requested"),
    )
    thurrock_panel = panel_meeting(la("883"), day(case, "panel"))
    with refused(case, DomainError, "panel meeting of the child's council"):
        workflow.refer_to_panel(
            actor=case.caseworker,
            case_id=case.pk,
            meeting_id=thurrock_panel.pk,
            summary="Summary",
            on=day(case, "referred"),
        )


def test_deciding_whether_to_issue_refused_without_a_panel_recommendation():
    case = case_at(Stage.PANEL)
    with refused(case, InvalidTransition, "Record the panel's recommendation before deciding"):
        workflow.decide_whether_to_issue(
            actor=case.caseworker,
            case_id=case.pk,
            issue=True,
            decided_on=day(case, "plan_decided"),
            notice_sent_on=day(case, "plan_notice"),
        )


def test_a_panel_recommendation_is_recorded_once():
    case = case_at(Stage.DRAFTING)
    item = case.panel_items.get()
    with refused(case, InvalidTransition, "already been recorded"):
        workflow.record_panel_recommendation(
            actor=item.meeting.members.get(),
            item_id=item.pk,
            recommendation=PanelAgendaItem.Recommendation.NOT_ISSUE,
            reasons="Second thoughts.",
            on=TODAY,
        )


def test_a_panel_recommendation_cannot_be_recorded_once_the_case_is_withdrawn():
    case = case_at(Stage.PANEL)
    workflow.withdraw_request(actor=case.caseworker, case_id=case.pk, on=TODAY, reason="Moved")
    item = case.panel_items.get()
    with refused(case, InvalidTransition, "Request withdrawn"):
        workflow.record_panel_recommendation(
            actor=item.meeting.members.get(),
            item_id=item.pk,
            recommendation=PanelAgendaItem.Recommendation.ISSUE,
            reasons="Needs are complex.",
            on=TODAY,
        )


def test_a_reply_cannot_be_recorded_for_a_withdrawn_case():
    case = case_at(Stage.CONSULTING)
    request = _consulted_request(case)
    workflow.withdraw_request(actor=case.caseworker, case_id=case.pk, on=TODAY, reason="Moved")
    with refused(case, InvalidTransition, "Request withdrawn"):
        workflow.record_setting_response(
            actor=case.caseworker,
            setting_request_id=request.pk,
            response=SettingRequest.Response.CAN_MEET,
            responded_on=TODAY,
        )


# ---- advice (regs 6-8) ----------------------------------------------------------------------


@pytest.mark.parametrize("missing", ["agreed_by_council", "agreed_by_adviser", "agreed_by_family"])
def test_existing_advice_is_used_only_if_council_adviser_and_family_all_agree_reg_6_4(missing):
    case = case_at(Stage.ASSESSING)
    agreements = {"agreed_by_council": True, "agreed_by_adviser": True, "agreed_by_family": True}
    agreements[missing] = False
    with refused(case, DomainError, r"all agree it is enough \(SEND Regulations 2014 reg 6\(4\)\)"):
        workflow.reuse_existing_advice(
            actor=case.caseworker,
            case_id=case.pk,
            advice_type=AdviceRequest.AdviceType.EDUCATIONAL_PSYCHOLOGIST,
            reused_from="EP report of 3 February 2026",
            on=day(case, "advice_requested"),
            **agreements,
        )


def test_existing_advice_agreed_by_all_three_counts_as_advice_received():
    case = case_at(Stage.ASSESSING)
    advice = workflow.reuse_existing_advice(
        actor=case.caseworker,
        case_id=case.pk,
        advice_type=AdviceRequest.AdviceType.EDUCATIONAL_PSYCHOLOGIST,
        reused_from="EP report of 3 February 2026",
        agreed_by_council=True,
        agreed_by_adviser=True,
        agreed_by_family=True,
        on=day(case, "advice_requested"),
    )
    assert advice.status == AdviceRequest.Status.REUSED and not advice.is_outstanding
    assert (advice.reuse_agreed_by_council, advice.reuse_agreed_by_adviser) == (True, True)
    assert advice.reuse_agreed_by_family
    assert event(case, CaseEvent.Kind.ADVICE_REUSED).legal_basis == "SEND Regulations 2014 reg 6(4)"


def test_unknown_advice_type_is_refused_when_reusing_advice():
    case = case_at(Stage.ASSESSING)
    with refused(case, DomainError, "Select the type of advice"):
        workflow.reuse_existing_advice(
            actor=case.caseworker,
            case_id=case.pk,
            advice_type="horoscope",
            reused_from="A report",
            agreed_by_council=True,
            agreed_by_adviser=True,
            agreed_by_family=True,
            on=day(case, "advice_requested"),
        )


def test_advice_is_recorded_once():
    case = case_at(Stage.PANEL)
    advice = case.advice_requests.get()
    with refused(case, InvalidTransition, "already been recorded"):
        workflow.record_advice_received(
            actor=case.caseworker, advice_id=advice.pk, received_on=TODAY
        )


def test_late_advice_is_recorded_as_late():
    case = case_at(Stage.ASSESSING)
    advice = workflow.request_advice(
        actor=case.caseworker,
        case_id=case.pk,
        advice_type=AdviceRequest.AdviceType.SOCIAL_CARE,
        requested_on=date(2026, 4, 7),
        adviser_name="Children's social care",
    )
    workflow.record_advice_received(
        actor=case.caseworker, advice_id=advice.pk, received_on=date(2026, 5, 20)
    )
    assert event(case, CaseEvent.Kind.ADVICE_RECEIVED).detail == (
        "From Children's social care, after it was due on 19 May 2026."
    )


# ---- dates ----------------------------------------------------------------------------------

TOMORROW = TODAY + timedelta(days=1)


def _at(stage):
    return lambda: case_at(stage)


def _with_outstanding_advice():
    case = case_at(Stage.ASSESSING)
    workflow.request_advice(
        actor=case.caseworker,
        case_id=case.pk,
        advice_type=AdviceRequest.AdviceType.HEALTH,
        requested_on=day(case, "advice_requested"),
        adviser_name="Dr Patel",
    )
    return case


def _with_advice_in():
    case = _with_outstanding_advice()
    advice = case.advice_requests.get()
    workflow.record_advice_received(
        actor=case.caseworker, advice_id=advice.pk, received_on=day(case, "advice_received")
    )
    return case


def _with_requested_setting():
    case = case_at(Stage.DRAFT_SERVED)
    workflow.request_setting(
        actor=case.caseworker,
        case_id=case.pk,
        requested_on=day(case, "setting_requested"),
        setting=SettingFactory(),
    )
    return case


def _with_recommendation():
    case = case_at(Stage.PANEL)
    workflow.record_panel_recommendation(
        actor=case.caseworker,
        item_id=case.panel_items.get().pk,
        recommendation=PanelAgendaItem.Recommendation.ISSUE,
        reasons="Complex needs.",
        on=day(case, "panel"),
    )
    return case


def _with_task():
    case = case_at(Stage.ASSESSING)
    workflow.add_task(actor=case.caseworker, case_id=case.pk, title="Chase the EP")
    return case


def _wf(name, **kwargs):
    return lambda case: getattr(workflow, name)(actor=case.caseworker, case_id=case.pk, **kwargs)


#: (set-up, step, the date a person gives) for steps refused with a date in the future.
FUTURE = {
    "allocate_caseworker": (
        _at(Stage.CONSIDERING),
        lambda case: workflow.allocate_caseworker(
            actor=manager_of(case), case_id=case.pk, caseworker=caseworker(), on=TOMORROW
        ),
    ),
    "start_considering": (
        _at(Stage.REQUEST_RECEIVED),
        _wf("start_considering", notified_on=TOMORROW),
    ),
    "decide_whether_to_assess (decision)": (
        _at(Stage.CONSIDERING),
        _wf("decide_whether_to_assess", assess=True, decided_on=TOMORROW, notice_sent_on=TOMORROW),
    ),
    "decide_whether_to_assess (letter)": (
        _at(Stage.CONSIDERING),
        _wf("decide_whether_to_assess", assess=True, decided_on=TODAY, notice_sent_on=TOMORROW),
    ),
    "request_advice": (
        _at(Stage.ASSESSING),
        _wf("request_advice", advice_type="health", requested_on=TOMORROW, adviser_name="Dr P"),
    ),
    "record_advice_received": (
        _with_outstanding_advice,
        lambda case: workflow.record_advice_received(
            actor=case.caseworker, advice_id=case.advice_requests.get().pk, received_on=TOMORROW
        ),
    ),
    "reuse_existing_advice": (
        _at(Stage.ASSESSING),
        _wf(
            "reuse_existing_advice",
            advice_type="ep",
            reused_from="EP report",
            agreed_by_council=True,
            agreed_by_adviser=True,
            agreed_by_family=True,
            on=TOMORROW,
        ),
    ),
    "refer_to_panel": (
        _with_advice_in,
        lambda case: workflow.refer_to_panel(
            actor=case.caseworker,
            case_id=case.pk,
            meeting_id=_meeting(case).pk,
            summary="Summary",
            on=TOMORROW,
        ),
    ),
    "record_panel_recommendation": (
        _at(Stage.PANEL),
        lambda case: workflow.record_panel_recommendation(
            actor=case.caseworker,
            item_id=case.panel_items.get().pk,
            recommendation="issue",
            reasons="Complex needs.",
            on=TOMORROW,
        ),
    ),
    "serve_draft_plan": (_at(Stage.DRAFTING), _wf("serve_draft_plan", served_on=TOMORROW)),
    "record_representations": (
        _at(Stage.DRAFT_SERVED),
        _wf("record_representations", received_on=TOMORROW, comments="Views"),
    ),
    "request_setting": (
        _at(Stage.DRAFT_SERVED),
        _wf("request_setting", requested_on=TOMORROW, setting_name="Hill House School"),
    ),
    "consult_setting": (
        _with_requested_setting,
        lambda case: workflow.consult_setting(
            actor=case.caseworker,
            setting_request_id=case.setting_requests.get().pk,
            consulted_on=TOMORROW,
        ),
    ),
    "record_setting_response": (
        _at(Stage.CONSULTING),
        lambda case: workflow.record_setting_response(
            actor=case.caseworker,
            setting_request_id=case.setting_requests.get().pk,
            response="can_meet",
            responded_on=TOMORROW,
        ),
    ),
    "decide_placement": (
        _at(Stage.CONSULTING),
        lambda case: workflow.decide_placement(
            actor=case.caseworker,
            setting_request_id=case.setting_requests.get().pk,
            name_it=True,
            decided_on=TOMORROW,
        ),
    ),
    "issue_final_plan": (
        _at(Stage.DRAFT_SERVED),
        _wf("issue_final_plan", issued_on=TOMORROW, notice_sent_on=TOMORROW, setting_type="x"),
    ),
    "record_exception": (
        _at(Stage.ASSESSING),
        _wf(
            "record_exception",
            reason="10_4_c",
            applies_to="final_plan",
            starts_on=TOMORROW,
            evidence="Hospital stay",
        ),
    ),
    "withdraw_request": (
        _at(Stage.ASSESSING),
        _wf("withdraw_request", on=TOMORROW, reason="Moved"),
    ),
    "complete_task": (
        _with_task,
        lambda case: workflow.complete_task(
            actor=case.caseworker, task_id=case.tasks.get().pk, on=TOMORROW
        ),
    ),
}


@pytest.mark.parametrize("step", sorted(FUTURE))
def test_a_date_in_the_future_is_refused(step):
    setup, call = FUTURE[step]
    case = setup()
    with refused(case, DomainError, "must be today or in the past"):
        call(case)


def test_a_request_received_in_the_future_is_refused():
    worker = caseworker()
    with pytest.raises(DomainError, match="must be today or in the past"):
        workflow.receive_request(
            actor=worker, child=ChildFactory(), received_on=TOMORROW, source=RequestSource.FAMILY
        )
    assert not Case.objects.exists()


BEFORE = date(2026, 3, 1)  # the day before the default request

#: Steps refused with a date before the step they follow.
TOO_EARLY = {
    "considering before the request": (
        _at(Stage.REQUEST_RECEIVED),
        _wf("start_considering", notified_on=BEFORE),
        "on or after the date the request was received",
    ),
    "decision before the request": (
        _at(Stage.CONSIDERING),
        _wf("decide_whether_to_assess", assess=True, decided_on=BEFORE, notice_sent_on=TODAY),
        "on or after the date the request was received",
    ),
    "letter before the decision": (
        _at(Stage.CONSIDERING),
        _wf(
            "decide_whether_to_assess",
            assess=True,
            decided_on=date(2026, 4, 6),
            notice_sent_on=date(2026, 4, 5),
        ),
        "on or after the decision date",
    ),
    "allocation before the request": (
        _at(Stage.REQUEST_RECEIVED),
        lambda case: workflow.allocate_caseworker(
            actor=manager_of(case), case_id=case.pk, caseworker=caseworker(), on=BEFORE
        ),
        "on or after the date the request was received",
    ),
    "advice asked for before the decision to assess": (
        _at(Stage.ASSESSING),
        _wf("request_advice", advice_type="health", requested_on=BEFORE, adviser_name="Dr P"),
        "on or after the decision to assess",
    ),
    "existing advice before the decision to assess": (
        _at(Stage.ASSESSING),
        _wf(
            "reuse_existing_advice",
            advice_type="ep",
            reused_from="EP report",
            agreed_by_council=True,
            agreed_by_adviser=True,
            agreed_by_family=True,
            on=BEFORE,
        ),
        "on or after the decision to assess",
    ),
    "advice received before it was asked for": (
        _with_outstanding_advice,
        lambda case: workflow.record_advice_received(
            actor=case.caseworker, advice_id=case.advice_requests.get().pk, received_on=BEFORE
        ),
        "on or after the date it was asked for",
    ),
    "referral before the decision to assess": (
        _with_advice_in,
        lambda case: workflow.refer_to_panel(
            actor=case.caseworker,
            case_id=case.pk,
            meeting_id=_meeting(case).pk,
            summary="Summary",
            on=day(case, "assess_decided") - timedelta(days=1),
        ),
        "on or after the decision to assess",
    ),
    "issue decision before the assessment decision": (
        _with_recommendation,
        _wf("decide_whether_to_issue", issue=True, decided_on=BEFORE, notice_sent_on=TODAY),
        "on or after the decision to assess",
    ),
    "draft before the decision to issue": (
        _at(Stage.DRAFTING),
        _wf("serve_draft_plan", served_on=BEFORE),
        "on or after the decision to issue",
    ),
    "views before the draft": (
        _at(Stage.DRAFT_SERVED),
        _wf("record_representations", received_on=BEFORE, comments="Views"),
        "on or after the date the draft was sent",
    ),
    "school asked for before the draft": (
        _at(Stage.DRAFT_SERVED),
        _wf("request_setting", requested_on=BEFORE, setting_name="Hill House School"),
        "on or after the date the draft was sent",
    ),
    "consultation before the request for the school": (
        _with_requested_setting,
        lambda case: workflow.consult_setting(
            actor=case.caseworker,
            setting_request_id=case.setting_requests.get().pk,
            consulted_on=BEFORE,
        ),
        "on or after the date it was requested",
    ),
    "reply before the consultation": (
        _at(Stage.CONSULTING),
        lambda case: workflow.record_setting_response(
            actor=case.caseworker,
            setting_request_id=case.setting_requests.get().pk,
            response="can_meet",
            responded_on=BEFORE,
        ),
        "on or after the consultation date",
    ),
    "naming before the consultation": (
        _at(Stage.CONSULTING),
        lambda case: workflow.decide_placement(
            actor=case.caseworker,
            setting_request_id=case.setting_requests.get().pk,
            name_it=True,
            decided_on=BEFORE,
        ),
        "on or after the consultation date",
    ),
    "final plan letter before the issue date": (
        _at(Stage.DRAFT_SERVED),
        _wf(
            "issue_final_plan",
            issued_on=date(2026, 6, 15),
            notice_sent_on=date(2026, 6, 14),
            setting_type="x",
        ),
        "on or after the issue date",
    ),
    "withdrawal before the request": (
        _at(Stage.ASSESSING),
        _wf("withdraw_request", on=BEFORE, reason="Moved"),
        "on or after the date the request was received",
    ),
}


def manager_of(case):
    return person_with_role(Role.SEND_MANAGER, case.local_authority)


@pytest.mark.parametrize("step", sorted(TOO_EARLY))
def test_a_date_before_the_step_it_follows_is_refused(step):
    setup, call, message = TOO_EARLY[step]
    case = setup()
    with refused(case, DomainError, message):
        call(case)


# ---- exceptions (reg 10(4), reg 8(2)) -------------------------------------------------------


def test_an_exception_never_moves_a_statutory_date():
    child = ChildFactory()
    parent = parent_of(child)
    case = case_at(Stage.ASSESSING, child=child)
    inbox = Inbox(parent)
    before = (case.next_due_key, case.next_due_on, case.statutory_timetable)
    rows_before = [(r.deadline.key, r.deadline.due) for r in case_deadlines(case, today=TODAY)]

    exception = workflow.record_exception(
        actor=case.caseworker,
        case_id=case.pk,
        reason=deadlines.ExceptionReason.ABSENT_FROM_AREA,
        applies_to="final_plan",
        starts_on=date(2026, 4, 20),
        ends_on=date(2026, 5, 31),
        evidence="Family abroad caring for a relative, 20 April to 31 May.",
    )
    case.refresh_from_db()
    assert (case.next_due_key, case.next_due_on, case.statutory_timetable) == before
    assert case.has_exception and case.twenty_week_exception_applies  # SEN2 Week20
    assert exception.basis == "SEND Regulations 2014 reg 13(3), applying reg 10(4)(d)"
    recorded = event(case, CaseEvent.Kind.EXCEPTION_RECORDED)
    assert recorded.legal_basis == "SEND Regulations 2014 reg 13(3), applying reg 10(4)(d)"
    assert deadlines.EXCEPTION_NOTE in recorded.detail
    told = inbox.one_new()
    assert "The legal date has not changed" in told.what_to_do
    assert told.due_date is None
    rows = case_deadlines(case, today=TODAY)
    assert [(r.deadline.key, r.deadline.due) for r in rows] == rows_before
    final = next(r for r in rows if r.deadline.key == "final_plan")
    assert "SEND Regulations 2014 reg 13(3), applying reg 10(4)(d)" in final.exception
    assert all(not r.exception for r in rows if r.deadline.key != "final_plan")


def test_a_late_final_plan_with_an_exception_is_still_late_and_says_an_exception_applies():
    case = case_at(Stage.DRAFT_SERVED, received_on=date(2026, 1, 5))  # 20 weeks: 25 May 2026
    workflow.record_exception(
        actor=case.caseworker,
        case_id=case.pk,
        reason=deadlines.ExceptionReason.PERSONAL_CIRCUMSTANCES,
        applies_to="final_plan",
        starts_on=date(2026, 4, 1),
        evidence="Bereavement in the family.",
    )
    _issue(case, date(2026, 6, 1))
    case.refresh_from_db()
    assert case.has_exception
    assert "Issued in week 21 (after the 20-week time limit; an exception was recorded)." in (
        event(case, CaseEvent.Kind.FINAL_ISSUED).detail
    )
    final = next(r for r in case_deadlines(case, today=TODAY) if r.deadline.key == "final_plan")
    assert (final.deadline.due, final.status) == (date(2026, 5, 25), "met_late")
    assert "reg 10(4)(c)" in final.exception


@pytest.mark.parametrize(
    "reason, applies_to",
    [
        ("8_2_a", "final_plan"),  # an advice exception does not excuse the 20-week limit
        ("8_2_c", "decision_to_assess"),  # a missed appointment only excuses late advice
        ("10_4_z", "final_plan"),  # no such reason
    ],
)
def test_an_exception_the_law_does_not_allow_for_that_time_limit_is_refused(reason, applies_to):
    case = case_at(Stage.ASSESSING)
    with refused(case, DomainError, "Select an exception that the law allows") as info:
        workflow.record_exception(
            actor=case.caseworker,
            case_id=case.pk,
            reason=reason,
            applies_to=applies_to,
            starts_on=TODAY,
            evidence="Evidence",
        )
    assert info.value.field == "reason"


def test_an_advice_exception_reg_8_2_c_is_recorded_against_the_advice_and_week20_stays_false():
    """Reg 8(2)(c): the 6 weeks for advice need not be met if the child "fails to keep an
    appointment for an examination or test" in them. It is recorded against the request for
    advice and never makes SEN2's Week20 (the 20-week exception, reg 13(3)) true."""
    case = case_at(Stage.PANEL)
    advice = case.advice_requests.get()
    with refused(case, DomainError, "Select the request for advice") as info:
        workflow.record_exception(
            actor=case.caseworker,
            case_id=case.pk,
            reason=deadlines.ExceptionReason.ADVICE_MISSED_APPOINTMENT,
            applies_to="advice_due",
            starts_on=TODAY,
            evidence="Missed the EP appointment.",
        )
    assert info.value.field == "advice_request"
    exception = workflow.record_exception(
        actor=case.caseworker,
        case_id=case.pk,
        reason=deadlines.ExceptionReason.ADVICE_MISSED_APPOINTMENT,
        applies_to="advice_due",
        starts_on=TODAY,
        evidence="Missed the EP appointment.",
        advice_request_id=advice.pk,
    )
    case.refresh_from_db()
    advice.refresh_from_db()
    assert (exception.advice_request, exception.basis) == (
        advice,
        "SEND Regulations 2014 reg 8(2)(c)",
    )
    assert advice.exception_reason == "8_2_c"
    assert case.has_exception and not case.twenty_week_exception_applies


def test_an_exception_to_the_6_week_decision_cites_reg_5_4_and_leaves_week20_false():
    """Reg 5(4): the 6-week limit for the decision whether to assess need not be met in the
    circumstances the regulation lists. It is not an exception to the 20-week limit."""
    case = case_at(Stage.CONSIDERING)
    exception = workflow.record_exception(
        actor=case.caseworker,
        case_id=case.pk,
        reason=deadlines.ExceptionReason.PERSONAL_CIRCUMSTANCES,
        applies_to="decision_to_assess",
        starts_on=case.received_on,
        evidence="Hospital admission.",
    )
    case.refresh_from_db()
    assert exception.basis == "SEND Regulations 2014 reg 5(4)(c)"
    assert event(case, CaseEvent.Kind.EXCEPTION_RECORDED).legal_basis == exception.basis
    assert case.has_exception and not case.twenty_week_exception_applies


def test_an_exception_needs_evidence_and_an_open_case():
    case = case_at(Stage.ASSESSING)
    with refused(case, DomainError, "Enter the evidence"):
        workflow.record_exception(
            actor=case.caseworker,
            case_id=case.pk,
            reason="10_4_c",
            applies_to="final_plan",
            starts_on=TODAY,
            evidence=" ",
        )
    closed = case_at(Stage.FINAL_ISSUED)
    with refused(closed, InvalidTransition, "only be recorded while the case is open"):
        workflow.record_exception(
            actor=closed.caseworker,
            case_id=closed.pk,
            reason="10_4_c",
            applies_to="final_plan",
            starts_on=TODAY,
            evidence="Hospital stay",
        )
    assert not StatutoryException.objects.exists()


# ---- withdrawal, notes and tasks -------------------------------------------------------------


def test_withdrawing_closes_an_open_request_and_a_closed_one_cannot_be_withdrawn():
    case = case_at(Stage.ASSESSING)
    workflow.withdraw_request(
        actor=case.caseworker, case_id=case.pk, on=date(2026, 4, 20), reason="Family moved away"
    )
    case.refresh_from_db()
    assert (case.stage, case.closed_on, case.next_due_on) == (
        Stage.WITHDRAWN,
        date(2026, 4, 20),
        None,
    )
    assert event(case, CaseEvent.Kind.WITHDRAWN).detail == "Family moved away"
    with refused(case, InvalidTransition, "Only an open request"):
        workflow.withdraw_request(actor=case.caseworker, case_id=case.pk, on=TODAY, reason="Again")


def test_notes_and_tasks_are_kept_on_the_case_and_a_task_is_done_once():
    case = case_at(Stage.ASSESSING)
    note = workflow.add_note(actor=case.caseworker, case_id=case.pk, text="Called the school.")
    assert note.author == case.caseworker
    task = workflow.add_task(
        actor=case.caseworker, case_id=case.pk, title="Chase the EP", due_on=date(2026, 5, 19)
    )
    assert task.assignee == case.caseworker
    workflow.complete_task(actor=case.caseworker, task_id=task.pk, on=TODAY)
    task.refresh_from_db()
    assert task.done_on == TODAY
    with pytest.raises(InvalidTransition, match="already done"):
        workflow.complete_task(actor=case.caseworker, task_id=task.pk, on=TODAY)


def test_a_task_can_only_be_given_to_staff_of_the_childs_council():
    case = case_at(Stage.ASSESSING)
    colleague = caseworker()
    task = workflow.add_task(
        actor=case.caseworker, case_id=case.pk, title="Visit school", assignee=colleague
    )
    assert task.assignee == colleague
    with refused(case, DomainError, "not a caseworker at"):
        workflow.add_task(
            actor=case.caseworker, case_id=case.pk, title="Visit", assignee=caseworker("883")
        )


# ---- panels: a recommendation belongs to a held meeting; its choices follow the question -------


def test_a_recommendation_is_refused_before_the_panel_has_met():
    case = case_at(Stage.ASSESSING)
    workflow.reuse_existing_advice(
        actor=case.caseworker,
        case_id=case.pk,
        advice_type=AdviceRequest.AdviceType.EDUCATIONAL_PSYCHOLOGIST,
        reused_from="EP report of March 2026",
        agreed_by_council=True,
        agreed_by_adviser=True,
        agreed_by_family=True,
        on=day(case, "advice_received"),
    )
    member = person_with_role(Role.PANEL_MEMBER, case.local_authority)
    next_week = panel_meeting(case.local_authority, TODAY + timedelta(days=7), member)
    item = workflow.refer_to_panel(
        actor=case.caseworker, case_id=case.pk, meeting_id=next_week.pk, summary="S", on=TODAY
    )
    with refused(case, InvalidTransition, "The panel meets on 29 November 2026"):
        workflow.record_panel_recommendation(
            actor=member,
            item_id=item.pk,
            recommendation=PanelAgendaItem.Recommendation.ISSUE,
            reasons="Complex needs.",
            on=TODAY,
        )


def test_the_panel_asked_whether_to_issue_a_plan_cannot_recommend_an_assessment():
    case = case_at(Stage.PANEL)
    item = case.panel_items.get()
    assert item.decision_point == PanelAgendaItem.DecisionPoint.PLANNING
    assert [value for value, _ in item.recommendation_choices] == [
        "issue",
        "not_issue",
        "more_information",
    ]
    with refused(case, DomainError, "Select the panel's recommendation: issue a plan"):
        workflow.record_panel_recommendation(
            actor=item.meeting.members.get(),
            item_id=item.pk,
            recommendation=PanelAgendaItem.Recommendation.ASSESS,
            reasons="Assess.",
            on=day(case, "panel"),
        )


def test_a_case_cannot_be_referred_to_a_panel_that_has_already_met():
    case = case_at(Stage.ASSESSING)
    workflow.reuse_existing_advice(
        actor=case.caseworker,
        case_id=case.pk,
        advice_type=AdviceRequest.AdviceType.EDUCATIONAL_PSYCHOLOGIST,
        reused_from="EP report of March 2026",
        agreed_by_council=True,
        agreed_by_adviser=True,
        agreed_by_family=True,
        on=day(case, "advice_received"),
    )
    held = panel_meeting(case.local_authority, TODAY - timedelta(days=1))
    with refused(case, DomainError, "The panel on 21 November 2026 has already met"):
        workflow.refer_to_panel(
            actor=case.caseworker, case_id=case.pk, meeting_id=held.pk, summary="S", on=TODAY
        )


def test_a_request_goes_to_the_panel_to_ask_whether_to_assess_and_stays_being_considered():
    case = case_at(Stage.CONSIDERING)
    member = person_with_role(Role.PANEL_MEMBER, case.local_authority)
    meeting = panel_meeting(case.local_authority, day(case, "considering") + timedelta(days=7))
    meeting.members.add(member)
    item = workflow.refer_to_panel(
        actor=case.caseworker,
        case_id=case.pk,
        meeting_id=meeting.pk,
        summary="Request from the family with the school's SEN Support plan.",
        on=day(case, "considering"),
    )
    case.refresh_from_db()
    assert case.stage == Stage.CONSIDERING
    assert item.decision_point == PanelAgendaItem.DecisionPoint.REQUEST
    assert "whether to assess" in event(case, CaseEvent.Kind.REFERRED_TO_PANEL).detail
    with refused(case, DomainError, "Select the panel's recommendation: assess, do not assess"):
        workflow.record_panel_recommendation(
            actor=member,
            item_id=item.pk,
            recommendation=PanelAgendaItem.Recommendation.ISSUE,
            reasons="Issue.",
            on=meeting.meets_on,
        )
    with refused(case, InvalidTransition, "already on a panel's agenda for this decision"):
        workflow.refer_to_panel(
            actor=case.caseworker,
            case_id=case.pk,
            meeting_id=meeting.pk,
            summary="Again",
            on=day(case, "considering"),
        )
    workflow.record_panel_recommendation(
        actor=member,
        item_id=item.pk,
        recommendation=PanelAgendaItem.Recommendation.ASSESS,
        reasons="The evidence suggests needs beyond SEN Support.",
        on=meeting.meets_on,
    )
    item.refresh_from_db()
    assert item.recommendation == PanelAgendaItem.Recommendation.ASSESS
