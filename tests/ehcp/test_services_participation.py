"""The family's part (ehcp.services.participation): views for section A, comments on a draft
section by section within the window (SEND Regulations 2014 reg 13(1)(a)), a meeting (reg
13(1)(b)), a personal budget (CFA 2014 s49; SEN (Personal Budgets) Regulations 2014 reg 4), and
messages with the council. Each step tells the other side specifically what happened."""

from __future__ import annotations

from datetime import date

import pytest

from ehcp import selectors
from ehcp.errors import DomainError, InvalidTransition
from ehcp.models import CaseEvent, Message, PlanComment, Stage
from ehcp.services import participation, plans
from send_portal.models import Notification, Role
from send_portal.permissions import PermissionDenied
from tests.ehcp.factories import (
    TODAY,
    ChildFactory,
    case_at,
    manager,
    parent_of,
    young_person_child,
    young_person_of,
)
from tests.ehcp.plan_helpers import serve, written_draft
from tests.factories import person_with_role

pytestmark = pytest.mark.django_db

SERVED = date(2026, 5, 25)  # the factories serve the draft on day 84
WINDOW_LAST_DAY = date(2026, 6, 8)  # 15 days beginning with the day it was served


@pytest.fixture(autouse=True)
def _today(monkeypatch):
    monkeypatch.setattr(selectors, "today", lambda: TODAY)


def _last(person) -> Notification:
    return Notification.objects.filter(recipient=person).latest("pk")


def _family_draft():
    child = ChildFactory()
    parent = parent_of(child)
    plan, items = written_draft(child=child)
    serve(plan)
    return plan, parent


# ---- section A ----------------------------------------------------------------------------------


def test_views_for_section_a_go_into_a_draft_that_has_none_and_the_caseworker_is_told():
    child = ChildFactory()
    parent = parent_of(child)
    case = case_at(Stage.DRAFTING, child=child)
    draft = plans.start_draft(actor=case.caseworker, case_id=case.pk)
    participation.contribute_views(
        actor=parent,
        case_id=case.pk,
        made_on=date(2026, 5, 14),
        data={
            "child_friends": "Sam and Priya.",
            "child_how_captured": "He told me while we looked at photos.",
            "easy_read": True,
            "parent_aspirations": "Secondary school with his friends.",
        },
    )
    draft.views.refresh_from_db()
    assert draft.views.child_friends == "Sam and Priya." and draft.views.easy_read
    event = case.events.get(kind=CaseEvent.Kind.VIEWS_GIVEN)
    assert event.visible_to_family
    assert event.detail == (
        "Includes the child's or young person's own views, given with the easy read questions."
    )
    told = _last(case.caseworker)
    assert told.subject == (
        f"New views for section A from {parent.display_name} for {child.full_name} "
        f"({case.reference})"
    )
    assert "including the child's own views" in told.what_happened
    assert "put into the draft you are writing" in told.what_happened


def test_views_do_not_overwrite_a_section_a_the_caseworker_has_written():
    plan, _ = written_draft()
    parent = parent_of(plan.case.child)
    participation.contribute_views(
        actor=parent, case_id=plan.case_id, made_on=date(2026, 5, 14), data={"child_interests": "x"}
    )
    plan.views.refresh_from_db()
    assert (
        plan.views.child_interests == "" and plan.views.child_strengths == "I am good at drawing."
    )
    assert "Read them and use them in section A" in _last(plan.case.caseworker).what_to_do


def test_views_need_an_answer_and_an_open_case():
    child = ChildFactory()
    parent = parent_of(child)
    case = case_at(Stage.ASSESSING, child=child)
    with pytest.raises(DomainError, match="Answer at least one question"):
        participation.contribute_views(actor=parent, case_id=case.pk, made_on=TODAY, data={})
    closed = case_at(Stage.NOT_ISSUED, child=ChildFactory())
    other_parent = parent_of(closed.child)
    with pytest.raises(InvalidTransition, match="closed"):
        participation.contribute_views(
            actor=other_parent, case_id=closed.pk, made_on=TODAY, data={"child_interests": "x"}
        )


# ---- comments on the draft, section by section --------------------------------------------------


def test_a_comment_on_a_section_within_the_window_is_recorded_and_the_caseworker_told():
    plan, parent = _family_draft()
    comment = participation.comment_on_plan(
        actor=parent,
        plan_id=plan.pk,
        section="F",
        text="Speech therapy should be twice a week.",
        made_on=WINDOW_LAST_DAY,
    )
    assert PlanComment.objects.get() == comment
    event = plan.case.events.get(kind=CaseEvent.Kind.PLAN_COMMENT)
    assert event.title == "Comment on Section F of the draft plan (version 1)"
    assert event.legal_basis.startswith("SEND Regulations 2014 reg 13(1)(a)")
    told = _last(plan.case.caseworker)
    assert told.subject.startswith(f"{parent.display_name} commented on Section F of the draft")
    assert "Speech therapy should be twice a week." in told.what_happened
    assert "section F: Special educational provision of version 1" in told.what_happened
    assert (told.due_date, told.legal_basis) == (
        date(2026, 7, 20),
        "SEND Regulations 2014 reg 13(2)",
    )
    assert told.link.endswith("#section-F")


def test_a_comment_after_the_window_is_refused_with_the_date():
    plan, parent = _family_draft()
    with pytest.raises(InvalidTransition, match="ended on 8 June 2026") as error:
        participation.comment_on_plan(
            actor=parent, plan_id=plan.pk, section="B", text="x", made_on=date(2026, 6, 9)
        )
    assert "reg 13(1)(a)" in error.value.message
    assert not PlanComment.objects.exists()


def test_only_the_latest_version_sent_takes_comments():
    plan, parent = _family_draft()
    plans.start_revised_draft(actor=plan.case.caseworker, plan_id=plan.pk)
    # The revised draft is not sent: comments still go on version 1.
    participation.comment_on_plan(
        actor=parent, plan_id=plan.pk, section="A", text="Add his love of trains.", made_on=SERVED
    )
    unsent, _ = written_draft()
    with pytest.raises(InvalidTransition, match="not open for comments"):
        participation.comment_on_plan(
            actor=unsent.case.caseworker, plan_id=unsent.pk, section="A", text="x", made_on=SERVED
        )


def test_a_young_person_comments_in_their_own_name_and_a_parent_only_if_shared():
    child = young_person_child()
    young_person = young_person_of(child)
    parent = parent_of(child)  # not shared by the young person
    plan, _ = written_draft(child=child)
    serve(plan)
    participation.comment_on_plan(
        actor=young_person,
        plan_id=plan.pk,
        section="E",
        text="I want to go to college.",
        made_on=SERVED,
    )
    with pytest.raises(PermissionDenied):
        participation.comment_on_plan(
            actor=parent, plan_id=plan.pk, section="E", text="x", made_on=SERVED
        )


# ---- meetings and personal budgets --------------------------------------------------------------


def test_a_meeting_while_the_draft_is_out_is_a_right_under_reg_13_1_b():
    plan, parent = _family_draft()
    event = participation.request_meeting(
        actor=parent, case_id=plan.case_id, on=SERVED, about="Section F and the school."
    )
    assert event.legal_basis == "SEND Regulations 2014 reg 13(1)(b)"
    told = _last(plan.case.caseworker)
    assert told.subject.startswith(f"{parent.display_name} asked for a meeting about")
    assert "Section F and the school." in told.what_happened
    assert "the family has the right to this meeting" in told.what_to_do


def test_a_personal_budget_can_be_asked_for_during_the_assessment_or_while_the_plan_is_prepared():
    child = ChildFactory()
    parent = parent_of(child)
    considering = case_at(Stage.CONSIDERING, child=child)
    with pytest.raises(InvalidTransition, match=r"Personal Budgets\) Regulations 2014 reg 4"):
        participation.request_personal_budget(
            actor=parent, case_id=considering.pk, on=TODAY, detail=""
        )
    other = ChildFactory()
    other_parent = parent_of(other)
    case = case_at(Stage.ASSESSING, child=other)
    event = participation.request_personal_budget(
        actor=other_parent, case_id=case.pk, on=date(2026, 4, 20), detail="For speech therapy."
    )
    assert event.legal_basis == (
        "Children and Families Act 2014 s49; SEN (Personal Budgets) Regulations 2014 reg 4"
    )
    assert "must prepare a personal budget" in _last(case.caseworker).what_to_do
    assert _last(other_parent).subject == (
        f"Your request for a personal budget for {other.known_as} was sent"
    )


# ---- messages -----------------------------------------------------------------------------------


def test_messages_go_both_ways_and_tell_the_other_side_what_was_said():
    plan, parent = _family_draft()
    case = plan.case
    participation.send_message(actor=parent, case_id=case.pk, text="Can we meet on Tuesday?")
    told = _last(case.caseworker)
    assert told.subject == (
        f"New message from {parent.display_name} about {case.child.full_name} ({case.reference})"
    )
    assert "\u201cCan we meet on Tuesday?\u201d" in told.what_happened
    participation.send_message(actor=case.caseworker, case_id=case.pk, text="Yes, at 10am.")
    told = _last(parent)
    assert told.subject == (
        f"New message from {case.local_authority.name} about {case.child.known_as}'s case"
    )
    assert told.link.endswith(f"/cases/{case.reference}/messages/")
    assert list(Message.objects.values_list("from_council", "text")) == [
        (False, "Can we meet on Tuesday?"),
        (True, "Yes, at 10am."),
    ]


def test_a_message_on_an_unallocated_case_goes_to_the_councils_send_managers():
    child = ChildFactory()
    parent = parent_of(child)
    case = case_at(Stage.ASSESSING, child=child, allocated=False)
    boss = manager()
    participation.send_message(actor=parent, case_id=case.pk, text="Who is our caseworker?")
    assert "Who is our caseworker?" in _last(boss).what_happened


def test_an_adviser_cannot_join_the_familys_messages():
    plan, _ = _family_draft()
    ep = person_with_role(Role.EDUCATIONAL_PSYCHOLOGIST, plan.case.local_authority)
    with pytest.raises(PermissionDenied):
        participation.send_message(actor=ep, case_id=plan.case_id, text="Hello")
    with pytest.raises(DomainError, match="Enter your message"):
        participation.send_message(actor=plan.case.caseworker, case_id=plan.case_id, text=" ")


def test_a_send_manager_whose_role_has_ended_hears_nothing_of_an_unallocated_case():
    """ROLES.md: an ended role grants nothing, so its holder is no longer one of the council's
    SEND managers and is not told about the family's steps."""
    child = ChildFactory()
    parent = parent_of(child)
    case = case_at(Stage.ASSESSING, child=child, allocated=False)
    ended, current = manager(), manager()
    ended.role_assignments.update(is_active=False)
    participation.send_message(actor=parent, case_id=case.pk, text="Who is our caseworker?")
    assert not Notification.objects.filter(recipient=ended).exists()
    assert "Who is our caseworker?" in _last(current).what_happened


def test_a_send_manager_of_a_deactivated_council_hears_nothing_of_its_cases():
    """A deactivated organisation grants nothing to the roles held in it (ROLES.md)."""
    child = ChildFactory()
    parent_of(child)
    case = case_at(Stage.ASSESSING, child=child, allocated=False)
    boss = manager()
    assert participation.council_contacts(case) == [boss]
    case.local_authority.is_active = False
    case.local_authority.save(update_fields=["is_active"])
    case.refresh_from_db()
    assert participation.council_contacts(case) == []
