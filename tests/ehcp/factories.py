"""Factories for the EHC needs assessment domain.

Cases are never built by writing rows: :func:`case_at` drives a case to a stage through the
workflow services, so every test starts from a state the real transitions can reach. The dates
are fixed offsets from the request (day 0), all in the past, and all within the time limits.
"""

from __future__ import annotations

from datetime import date, timedelta

import factory
from factory.django import DjangoModelFactory

from ehcp.models import (
    AdviceRequest,
    Case,
    Child,
    ChildRelationship,
    ContactMethod,
    FamilyContact,
    PanelAgendaItem,
    PanelMeeting,
    RequestSource,
    SettingRequest,
    Stage,
)
from ehcp.services import workflow
from send_portal.models import Organisation, Role, User
from tests.factories import SettingFactory, UserFactory, la, person_with_role

#: "Today" for the EHC tests (tests pin ``ehcp.selectors.today`` to it).
TODAY = date(2026, 11, 22)
#: Day 0 of the default case: a Monday in the past.
RECEIVED = date(2026, 3, 2)

#: Days after the request on which ``case_at`` takes each step.
DAYS = {
    "considering": 2,
    "assess_decided": 35,  # within 6 weeks (day 42)
    "advice_requested": 36,
    "advice_received": 57,  # within 6 weeks of the advice request
    "referred": 64,
    "panel": 70,
    "plan_decided": 71,
    "plan_notice": 72,  # within 16 weeks (day 112)
    "draft_served": 84,  # by week 14 (day 98)
    "setting_requested": 88,
    "consulted": 89,
    "setting_responded": 97,
    "placement_decided": 98,
    "final_issued": 105,  # after the 15-day window (draft + 14), within 20 weeks (day 140)
}

PLACEMENT_TYPE = "Mainstream primary school"


def day(case_or_received: Case | date, step: str) -> date:
    received = getattr(case_or_received, "received_on", case_or_received)
    return received + timedelta(days=DAYS[step])


class ChildFactory(DjangoModelFactory):
    """A child of Essex (881) of primary school age in 2026."""

    class Meta:
        model = Child

    local_authority = factory.LazyFunction(lambda: la("881"))
    first_name = factory.Faker("first_name", locale="en_GB")
    last_name = factory.Faker("last_name", locale="en_GB")
    date_of_birth = date(2016, 5, 14)


class FamilyContactFactory(DjangoModelFactory):
    """A father recorded at intake with no account, who hears by post at a Witham address."""

    class Meta:
        model = FamilyContact

    child = factory.SubFactory(ChildFactory)
    first_name = "Lee"
    last_name = "Fletcher"
    relationship = FamilyContact.Relationship.FATHER
    preferred_contact = ContactMethod.POST
    address_line_1 = "4 Mill Lane"
    town = "Witham"
    postcode = "CM8 2AB"


# ---- people -------------------------------------------------------------------------------------


def staff(role: str = Role.CASEWORKER, la_code: str = "881", **kwargs) -> User:
    """A caseworker (or SEND manager) of a council."""
    return person_with_role(role, la(la_code), **kwargs)


def caseworker(la_code: str = "881", **kwargs) -> User:
    return staff(Role.CASEWORKER, la_code, **kwargs)


def manager(la_code: str = "881", **kwargs) -> User:
    return staff(Role.SEND_MANAGER, la_code, **kwargs)


def fresh(user: User) -> User:
    """The same person re-read (their roles are cached per instance)."""
    return User.objects.get(pk=user.pk)


def link(
    child: Child, kind: str, user: User | None = None, *, shared_by_young_person: bool = False
) -> User:
    """Link someone to the child through the service, as a caseworker of the child's council."""
    actor = person_with_role(Role.CASEWORKER, child.local_authority)
    user = user or UserFactory()
    workflow.link_family_member(
        actor=actor,
        child=child,
        user=user,
        kind=kind,
        shared_by_young_person=shared_by_young_person,
    )
    return fresh(user)


def parent_of(child: Child, user: User | None = None, **kwargs) -> User:
    """A parent with parental responsibility."""
    return link(child, ChildRelationship.Kind.PARENT, user, **kwargs)


def young_person_of(child: Child, user: User | None = None) -> User:
    return link(child, ChildRelationship.Kind.YOUNG_PERSON, user)


def young_person_child(on: date = TODAY, **kwargs) -> Child:
    """A child who is over compulsory school age on ``on`` (rights are their own): 17 years old."""
    return ChildFactory(date_of_birth=date(on.year - 17, 3, 10), **kwargs)


def panel_meeting(local_authority: Organisation, meets_on: date, *members: User) -> PanelMeeting:
    meeting = PanelMeeting.objects.create(local_authority=local_authority, meets_on=meets_on)
    meeting.members.add(*members)
    return meeting


# ---- cases driven through the workflow ----------------------------------------------------------

_PATH = [
    Stage.REQUEST_RECEIVED,
    Stage.CONSIDERING,
    Stage.ASSESSING,
    Stage.PANEL,
    Stage.DRAFTING,
    Stage.DRAFT_SERVED,
    Stage.CONSULTING,
    Stage.FINAL_ISSUED,
]
#: Closed stages and the open stage they branch from.
_BRANCHES = {
    Stage.WITHDRAWN: Stage.REQUEST_RECEIVED,
    Stage.NOT_ASSESSED: Stage.CONSIDERING,
    Stage.NOT_ISSUED: Stage.PANEL,
}


def case_at(
    stage: str,
    *,
    child: Child | None = None,
    actor: User | None = None,
    received_on: date = RECEIVED,
    allocated: bool = True,
    setting: Organisation | None = None,
) -> Case:
    """A case of ``child`` (a new Essex child by default) taken to ``stage`` by the services.

    ``actor`` (a new caseworker of the child's council by default) takes every step and is the
    allocated caseworker unless ``allocated=False``. On the way to CONSULTING and FINAL_ISSUED the
    family asks for ``setting`` (a new Essex school by default), which is consulted, replies that
    it can meet the child's needs and is named.
    """
    child = child or ChildFactory()
    actor = actor or caseworker(child.local_authority.la_code)
    target = _BRANCHES.get(stage, stage)
    steps = _PATH[: _PATH.index(target) + 1]

    case = workflow.receive_request(
        actor=actor,
        child=child,
        received_on=received_on,
        source=RequestSource.FAMILY,
        requested_by_name="A parent",
        caseworker=actor if allocated else None,
    )
    for step in steps[1:]:
        _STEPS[step](case, actor, setting)
    if stage == Stage.WITHDRAWN:
        workflow.withdraw_request(
            actor=actor, case_id=case.pk, on=received_on + timedelta(days=1), reason="Moved away"
        )
    elif stage == Stage.NOT_ASSESSED:
        workflow.decide_whether_to_assess(
            actor=actor,
            case_id=case.pk,
            assess=False,
            decided_on=day(case, "assess_decided"),
            notice_sent_on=day(case, "assess_decided"),
            reasons="Needs can be met from the school's own resources.",
        )
    elif stage == Stage.NOT_ISSUED:
        _recommend(case, actor, PanelAgendaItem.Recommendation.NOT_ISSUE)
        workflow.decide_whether_to_issue(
            actor=actor,
            case_id=case.pk,
            issue=False,
            decided_on=day(case, "plan_decided"),
            notice_sent_on=day(case, "plan_notice"),
            reasons="Needs can be met through SEN support.",
        )
    case.refresh_from_db()
    assert case.stage == stage, (case.stage, stage)
    return case


def _considering(case, actor, setting):
    workflow.start_considering(actor=actor, case_id=case.pk, notified_on=day(case, "considering"))


def _assessing(case, actor, setting):
    workflow.decide_whether_to_assess(
        actor=actor,
        case_id=case.pk,
        assess=True,
        decided_on=day(case, "assess_decided"),
        notice_sent_on=day(case, "assess_decided"),
    )


def _panel(case, actor, setting):
    adviser = person_with_role(Role.EDUCATIONAL_PSYCHOLOGIST, case.local_authority)
    advice = workflow.request_advice(
        actor=actor,
        case_id=case.pk,
        advice_type=AdviceRequest.AdviceType.EDUCATIONAL_PSYCHOLOGIST,
        requested_on=day(case, "advice_requested"),
        adviser=adviser,
    )
    workflow.record_advice_received(
        actor=adviser,
        advice_id=advice.pk,
        received_on=day(case, "advice_received"),
        summary="Needs in communication and interaction.",
    )
    panel_member = person_with_role(Role.PANEL_MEMBER, case.local_authority)
    meeting = panel_meeting(case.local_authority, day(case, "panel"), panel_member)
    workflow.refer_to_panel(
        actor=actor,
        case_id=case.pk,
        meeting_id=meeting.pk,
        summary="All advice received; recommends a plan.",
        on=day(case, "referred"),
    )


def _recommend(case, actor, recommendation):
    item = case.panel_items.get()
    member = item.meeting.members.first()
    workflow.record_panel_recommendation(
        actor=member,
        item_id=item.pk,
        recommendation=recommendation,
        reasons="The advice shows needs that SEN support cannot meet."
        if recommendation == PanelAgendaItem.Recommendation.ISSUE
        else "The school can meet the needs through SEN support.",
        on=day(case, "panel"),
    )


def _drafting(case, actor, setting):
    _recommend(case, actor, PanelAgendaItem.Recommendation.ISSUE)
    workflow.decide_whether_to_issue(
        actor=actor,
        case_id=case.pk,
        issue=True,
        decided_on=day(case, "plan_decided"),
        notice_sent_on=day(case, "plan_notice"),
    )


def _draft_served(case, actor, setting):
    workflow.serve_draft_plan(actor=actor, case_id=case.pk, served_on=day(case, "draft_served"))


def _consulting(case, actor, setting):
    setting = setting or SettingFactory(local_authority=case.local_authority)
    request = workflow.request_setting(
        actor=actor,
        case_id=case.pk,
        requested_on=day(case, "setting_requested"),
        setting=setting,
    )
    workflow.consult_setting(
        actor=actor, setting_request_id=request.pk, consulted_on=day(case, "consulted")
    )


def _final_issued(case, actor, setting):
    request = case.setting_requests.get(status=SettingRequest.Status.CONSULTED)
    workflow.record_setting_response(
        actor=actor,
        setting_request_id=request.pk,
        response=SettingRequest.Response.CAN_MEET,
        responded_on=day(case, "setting_responded"),
    )
    workflow.decide_placement(
        actor=actor,
        setting_request_id=request.pk,
        name_it=True,
        decided_on=day(case, "placement_decided"),
    )
    workflow.issue_final_plan(
        actor=actor,
        case_id=case.pk,
        issued_on=day(case, "final_issued"),
        notice_sent_on=day(case, "final_issued"),
    )


_STEPS = {
    Stage.CONSIDERING: _considering,
    Stage.ASSESSING: _assessing,
    Stage.PANEL: _panel,
    Stage.DRAFTING: _drafting,
    Stage.DRAFT_SERVED: _draft_served,
    Stage.CONSULTING: _consulting,
    Stage.FINAL_ISSUED: _final_issued,
}
