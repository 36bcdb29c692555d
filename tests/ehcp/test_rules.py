"""Who may take each step (shared/domain/ROLES.md): the permission rules, and every workflow
service refusing people outside the child's council or relationships while changing nothing."""

from __future__ import annotations

import inspect
from dataclasses import dataclass
from datetime import date

import pytest
from django.core.exceptions import PermissionDenied

from ehcp import selectors
from ehcp.errors import DomainError
from ehcp.models import (
    AdviceRequest,
    Case,
    CaseEvent,
    CaseNote,
    CaseTask,
    Child,
    ChildRelationship,
    Decision,
    PanelAgendaItem,
    Plan,
    Representation,
    SettingRequest,
    Stage,
    StatutoryException,
)
from ehcp.services import workflow
from send_portal import permissions
from send_portal.models import Notification, Role, User
from tests.ehcp.factories import (
    TODAY,
    ChildFactory,
    case_at,
    caseworker,
    day,
    fresh,
    manager,
    panel_meeting,
    parent_of,
)
from tests.factories import SettingFactory, UserFactory, la, person_with_role

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _today(monkeypatch):
    monkeypatch.setattr(selectors, "today", lambda: TODAY)


# ---- one scenario per service: an Essex case ready for that step ----------------------------


@dataclass
class Scenario:
    child: Child
    call: object  # (actor) -> result
    case: Case | None = None


def _case(stage) -> Case:
    return case_at(stage)


def _on_case(stage, name, **kwargs):
    def build():
        case = _case(stage)
        return Scenario(
            case.child,
            lambda actor: getattr(workflow, name)(actor=actor, case_id=case.pk, **kwargs),
            case,
        )

    return build


def _register_child():
    child = ChildFactory()
    return Scenario(
        child,
        lambda actor: workflow.register_child(
            actor=actor,
            local_authority=child.local_authority,
            first_name="Sam",
            last_name="Lee",
            date_of_birth=date(2015, 1, 1),
        ),
    )


def _link_family_member():
    child = ChildFactory()
    return Scenario(
        child,
        lambda actor: workflow.link_family_member(
            actor=actor, child=child, user=UserFactory(), kind=ChildRelationship.Kind.PARENT
        ),
    )


def _receive_request():
    child = ChildFactory()
    return Scenario(
        child,
        lambda actor: workflow.receive_request(
            actor=actor, child=child, received_on=TODAY, source="1"
        ),
    )


def _allocate_caseworker():
    case = case_at(Stage.REQUEST_RECEIVED, allocated=False)
    return Scenario(
        case.child,
        lambda actor: workflow.allocate_caseworker(
            actor=actor, case_id=case.pk, caseworker=actor, on=TODAY
        ),
        case,
    )


def _with_outstanding_advice():
    case = _case(Stage.ASSESSING)
    advice = workflow.request_advice(
        actor=case.caseworker,
        case_id=case.pk,
        advice_type=AdviceRequest.AdviceType.HEALTH,
        requested_on=day(case, "advice_requested"),
        adviser=person_with_role(Role.HEALTH_ADVISER),
    )
    return Scenario(
        case.child,
        lambda actor: workflow.record_advice_received(
            actor=actor, advice_id=advice.pk, received_on=TODAY
        ),
        case,
    )


def _refer_to_panel():
    case = _case(Stage.ASSESSING)
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
    meeting = panel_meeting(case.local_authority, day(case, "panel"))
    return Scenario(
        case.child,
        lambda actor: workflow.refer_to_panel(
            actor=actor, case_id=case.pk, meeting_id=meeting.pk, summary="Summary", on=TODAY
        ),
        case,
    )


def _record_panel_recommendation():
    case = _case(Stage.PANEL)
    item = case.panel_items.get()
    return Scenario(
        case.child,
        lambda actor: workflow.record_panel_recommendation(
            actor=actor, item_id=item.pk, recommendation="issue", reasons="Complex.", on=TODAY
        ),
        case,
    )


def _decide_whether_to_issue():
    case = _case(Stage.PANEL)
    item = case.panel_items.get()
    workflow.record_panel_recommendation(
        actor=case.caseworker,
        item_id=item.pk,
        recommendation=PanelAgendaItem.Recommendation.ISSUE,
        reasons="Complex.",
        on=day(case, "panel"),
    )
    return Scenario(
        case.child,
        lambda actor: workflow.decide_whether_to_issue(
            actor=actor, case_id=case.pk, issue=True, decided_on=TODAY, notice_sent_on=TODAY
        ),
        case,
    )


def _name_setting_in_plan():
    case = _case(Stage.DRAFT_SERVED)
    draft = case.plans.get()
    return Scenario(
        case.child,
        lambda actor: workflow.name_setting_in_plan(actor=actor, plan_id=draft.pk, setting=None),
        case,
    )


def _consult_setting():
    case = _case(Stage.DRAFT_SERVED)
    request = workflow.request_setting(
        actor=case.caseworker, case_id=case.pk, requested_on=TODAY, setting=SettingFactory()
    )
    return Scenario(
        case.child,
        lambda actor: workflow.consult_setting(
            actor=actor, setting_request_id=request.pk, consulted_on=TODAY
        ),
        case,
    )


def _match_setting_request():
    case = _case(Stage.DRAFT_SERVED)
    request = workflow.request_setting(
        actor=case.caseworker,
        case_id=case.pk,
        requested_on=TODAY,
        setting_name="Hill House School, Colchester",
    )
    setting = SettingFactory()
    return Scenario(
        case.child,
        lambda actor: workflow.match_setting_request(
            actor=actor, setting_request_id=request.pk, setting=setting
        ),
        case,
    )


def _record_setting_response():
    case = _case(Stage.CONSULTING)
    request = case.setting_requests.get()
    return Scenario(
        case.child,
        lambda actor: workflow.record_setting_response(
            actor=actor,
            setting_request_id=request.pk,
            response=SettingRequest.Response.CAN_MEET,
            responded_on=TODAY,
        ),
        case,
    )


def _decide_placement():
    case = _case(Stage.CONSULTING)
    request = case.setting_requests.get()
    return Scenario(
        case.child,
        lambda actor: workflow.decide_placement(
            actor=actor, setting_request_id=request.pk, name_it=True, decided_on=TODAY
        ),
        case,
    )


def _complete_task():
    case = _case(Stage.ASSESSING)
    task = workflow.add_task(actor=case.caseworker, case_id=case.pk, title="Chase the EP")
    return Scenario(
        case.child,
        lambda actor: workflow.complete_task(actor=actor, task_id=task.pk, on=TODAY),
        case,
    )


SCENARIOS = {
    "register_child": _register_child,
    "link_family_member": _link_family_member,
    "receive_request": _receive_request,
    "allocate_caseworker": _allocate_caseworker,
    "start_considering": _on_case(Stage.REQUEST_RECEIVED, "start_considering", notified_on=TODAY),
    "decide_whether_to_assess": _on_case(
        Stage.CONSIDERING,
        "decide_whether_to_assess",
        assess=True,
        decided_on=TODAY,
        notice_sent_on=TODAY,
    ),
    "request_advice": _on_case(
        Stage.ASSESSING,
        "request_advice",
        advice_type="health",
        requested_on=TODAY,
        adviser_name="Dr Patel",
    ),
    "record_advice_received": _with_outstanding_advice,
    "reuse_existing_advice": _on_case(
        Stage.ASSESSING,
        "reuse_existing_advice",
        advice_type="ep",
        reused_from="EP report of 3 February 2026",
        agreed_by_council=True,
        agreed_by_adviser=True,
        agreed_by_family=True,
        on=TODAY,
    ),
    "refer_to_panel": _refer_to_panel,
    "record_panel_recommendation": _record_panel_recommendation,
    "decide_whether_to_issue": _decide_whether_to_issue,
    "serve_draft_plan": _on_case(Stage.DRAFTING, "serve_draft_plan", served_on=TODAY),
    "name_setting_in_plan": _name_setting_in_plan,
    "record_representations": _on_case(
        Stage.DRAFT_SERVED, "record_representations", received_on=TODAY, comments="Our views."
    ),
    "request_setting": _on_case(
        Stage.DRAFT_SERVED, "request_setting", requested_on=TODAY, setting_name="Hill House School"
    ),
    "consult_setting": _consult_setting,
    "match_setting_request": _match_setting_request,
    "record_setting_response": _record_setting_response,
    "decide_placement": _decide_placement,
    "issue_final_plan": _on_case(
        Stage.DRAFT_SERVED,
        "issue_final_plan",
        issued_on=TODAY,
        notice_sent_on=TODAY,
        setting_type="Mainstream primary school",
    ),
    "record_exception": _on_case(
        Stage.ASSESSING,
        "record_exception",
        reason="10_4_c",
        applies_to="final_plan",
        starts_on=TODAY,
        evidence="Hospital stay.",
    ),
    "withdraw_request": _on_case(Stage.ASSESSING, "withdraw_request", on=TODAY, reason="Moved"),
    "add_note": _on_case(Stage.ASSESSING, "add_note", text="Called the school."),
    "add_task": _on_case(Stage.ASSESSING, "add_task", title="Chase the EP"),
    "complete_task": _complete_task,
}

#: What a parent with parental responsibility may do on their own child's case.
FAMILY_STEPS = {"record_representations", "request_setting"}


def world() -> dict:
    """Everything a refused step must leave alone."""
    return {
        "children": Child.objects.count(),
        "relationships": ChildRelationship.objects.count(),
        "cases": list(Case.objects.values_list("pk", "stage", "caseworker", "version")),
        "events": CaseEvent.objects.count(),
        "decisions": Decision.objects.count(),
        "plans": Plan.objects.count(),
        "advice": list(AdviceRequest.objects.values_list("status", flat=True)),
        "panel": list(PanelAgendaItem.objects.values_list("recommendation", flat=True)),
        "settings": list(SettingRequest.objects.values_list("status", flat=True)),
        "representations": Representation.objects.count(),
        "exceptions": StatutoryException.objects.count(),
        "notes": CaseNote.objects.count(),
        "tasks": list(CaseTask.objects.values_list("done_on", flat=True)),
        "notifications": Notification.objects.count(),
    }


def test_every_workflow_service_has_a_permission_scenario():
    """Every public function of every stage module (ehcp/services/request.py, assessment.py, ...
    listed in ``workflow.STAGES``) is a step with a scenario, and the facade exports each."""
    services = {
        name
        for module in workflow.STAGES
        for name, fn in vars(module).items()
        if inspect.isfunction(fn) and fn.__module__ == module.__name__ and name[0] != "_"
    }
    assert services == set(SCENARIOS)
    assert all(getattr(workflow, name).__module__ != workflow.__name__ for name in services)
    exported = {
        name
        for name, fn in vars(workflow).items()
        if inspect.isfunction(fn) and name[0] != "_" and name != "next_due"
    }
    assert exported == services


@pytest.mark.parametrize("role", [Role.CASEWORKER, Role.SEND_MANAGER])
@pytest.mark.parametrize("service", sorted(SCENARIOS))
def test_staff_of_another_council_are_refused_every_step_on_an_essex_case(service, role):
    scenario = SCENARIOS[service]()
    thurrock = person_with_role(role, la("883"))
    before = world()
    with pytest.raises(PermissionDenied):
        scenario.call(thurrock)
    assert world() == before


@pytest.mark.parametrize("service", sorted(set(SCENARIOS) - FAMILY_STEPS))
def test_a_parent_cannot_run_the_workflow_even_on_their_own_childs_case(service):
    scenario = SCENARIOS[service]()
    parent = parent_of(scenario.child)
    before = world()
    with pytest.raises(PermissionDenied):
        scenario.call(parent)
    assert world() == before


@pytest.mark.parametrize("service", sorted(FAMILY_STEPS))
def test_a_parent_may_give_views_and_ask_for_a_school_on_their_own_childs_case(service):
    scenario = SCENARIOS[service]()
    parent = parent_of(scenario.child)
    result = scenario.call(parent)
    assert result.case == scenario.case
    assert scenario.case.events.filter(actor=parent).exists()


@pytest.mark.parametrize("service", sorted(FAMILY_STEPS))
def test_a_parent_cannot_give_views_or_ask_for_a_school_on_another_childs_case(service):
    scenario = SCENARIOS[service]()
    someone_else = parent_of(ChildFactory())
    before = world()
    with pytest.raises(PermissionDenied, match="Only the parent or young person"):
        scenario.call(someone_else)
    assert world() == before


@pytest.mark.parametrize("service", sorted(FAMILY_STEPS))
def test_a_young_person_gives_their_own_views_and_their_parent_may_not_unless_they_share(service):
    child = ChildFactory(date_of_birth=date(2009, 3, 10))  # over compulsory school age since 2025
    young_person = UserFactory()
    workflow.link_family_member(
        actor=caseworker(), child=child, user=young_person, kind="young_person"
    )
    parent = parent_of(child)
    case = case_at(Stage.DRAFT_SERVED, child=child)
    call = {
        "record_representations": lambda actor: workflow.record_representations(
            actor=actor, case_id=case.pk, received_on=TODAY, comments="My views."
        ),
        "request_setting": lambda actor: workflow.request_setting(
            actor=actor, case_id=case.pk, requested_on=TODAY, setting_name="Sixth form college"
        ),
    }[service]
    with pytest.raises(PermissionDenied):
        call(parent)
    call(fresh(young_person))
    workflow.link_family_member(
        actor=caseworker(), child=child, user=parent, kind="parent", shared_by_young_person=True
    )
    call(fresh(parent))


# ---- SENCos, panel members, advisers ----------------------------------------------------------


def test_a_senco_may_reply_only_to_a_consultation_of_their_own_setting():
    school = SettingFactory(local_authority=la("881"))
    case = case_at(Stage.CONSULTING, setting=school)
    request = case.setting_requests.get()
    other_senco = person_with_role(Role.SENCO, SettingFactory(local_authority=la("881")))
    before = world()
    with pytest.raises(PermissionDenied, match="Only the school or college consulted"):
        workflow.record_setting_response(
            actor=other_senco,
            setting_request_id=request.pk,
            response=SettingRequest.Response.CANNOT_MEET,
            responded_on=TODAY,
        )
    assert world() == before
    senco = person_with_role(Role.SENCO, school)
    request = workflow.record_setting_response(
        actor=senco,
        setting_request_id=request.pk,
        response=SettingRequest.Response.CAN_MEET,
        responded_on=TODAY,
        detail="We have a place in Year 6.",
    )
    assert (request.status, request.responded_by) == (SettingRequest.Status.RESPONDED, senco)


def test_a_senco_cannot_take_any_other_step_on_the_case_they_were_consulted_about():
    school = SettingFactory(local_authority=la("881"))
    case = case_at(Stage.CONSULTING, setting=school)
    senco = person_with_role(Role.SENCO, school)
    with pytest.raises(PermissionDenied):
        workflow.decide_placement(
            actor=senco,
            setting_request_id=case.setting_requests.get().pk,
            name_it=True,
            decided_on=TODAY,
        )
    with pytest.raises(PermissionDenied):
        workflow.add_note(actor=senco, case_id=case.pk, text="We can meet the needs.")


def test_a_panel_member_records_recommendations_only_for_their_own_panel():
    case = case_at(Stage.PANEL)
    item = case.panel_items.get()
    member = item.meeting.members.get()
    member_of_another_panel = person_with_role(Role.PANEL_MEMBER, la("881"))
    panel_meeting(la("881"), TODAY, member_of_another_panel)
    before = world()
    with pytest.raises(PermissionDenied, match="Only a member of this panel"):
        workflow.record_panel_recommendation(
            actor=member_of_another_panel,
            item_id=item.pk,
            recommendation="issue",
            reasons="Complex.",
            on=TODAY,
        )
    assert world() == before
    item = workflow.record_panel_recommendation(
        actor=member, item_id=item.pk, recommendation="issue", reasons="Complex.", on=TODAY
    )
    assert (item.recommendation, item.recorded_by) == ("issue", member)
    with pytest.raises(PermissionDenied):
        workflow.decide_whether_to_issue(
            actor=member, case_id=case.pk, issue=True, decided_on=TODAY, notice_sent_on=TODAY
        )


def test_only_the_adviser_asked_or_council_staff_record_the_advice():
    case = case_at(Stage.ASSESSING)
    ep = person_with_role(Role.EDUCATIONAL_PSYCHOLOGIST, la("881"))
    advice = workflow.request_advice(
        actor=case.caseworker,
        case_id=case.pk,
        advice_type=AdviceRequest.AdviceType.EDUCATIONAL_PSYCHOLOGIST,
        requested_on=TODAY,
        adviser=ep,
    )
    another_ep = person_with_role(Role.EDUCATIONAL_PSYCHOLOGIST, la("881"))
    with pytest.raises(PermissionDenied, match="Only the adviser"):
        workflow.record_advice_received(actor=another_ep, advice_id=advice.pk, received_on=TODAY)
    advice = workflow.record_advice_received(actor=ep, advice_id=advice.pk, received_on=TODAY)
    assert advice.status == AdviceRequest.Status.RECEIVED


# ---- allocation ---------------------------------------------------------------------------------


def test_a_caseworker_may_take_an_unallocated_case_of_their_council_for_themself():
    case = case_at(Stage.REQUEST_RECEIVED, allocated=False)
    worker = caseworker()
    case = workflow.allocate_caseworker(actor=worker, case_id=case.pk, caseworker=worker, on=TODAY)
    assert case.caseworker == worker


def test_a_caseworker_cannot_allocate_an_unallocated_case_to_a_colleague():
    case = case_at(Stage.REQUEST_RECEIVED, allocated=False)
    before = world()
    with pytest.raises(PermissionDenied, match="Only a SEND manager"):
        workflow.allocate_caseworker(
            actor=caseworker(), case_id=case.pk, caseworker=caseworker(), on=TODAY
        )
    assert world() == before


def test_a_caseworker_cannot_take_a_case_already_allocated_to_someone_else():
    case = case_at(Stage.CONSIDERING)
    worker = caseworker()
    before = world()
    with pytest.raises(PermissionDenied, match="Only a SEND manager"):
        workflow.allocate_caseworker(actor=worker, case_id=case.pk, caseworker=worker, on=TODAY)
    assert world() == before


def test_a_send_manager_reallocates_a_case_within_their_council():
    case = case_at(Stage.CONSIDERING)
    boss, colleague = manager(), caseworker()
    case = workflow.allocate_caseworker(actor=boss, case_id=case.pk, caseworker=colleague, on=TODAY)
    assert case.caseworker == colleague
    assert case.events.filter(kind=CaseEvent.Kind.CASEWORKER_ALLOCATED, actor=boss).exists()
    with pytest.raises(DomainError, match="is not a caseworker at Essex"):
        workflow.allocate_caseworker(
            actor=boss, case_id=case.pk, caseworker=caseworker("883"), on=TODAY
        )


def test_a_request_cannot_name_a_caseworker_of_another_council():
    with pytest.raises(DomainError, match="is not a caseworker at Essex"):
        workflow.receive_request(
            actor=caseworker(),
            child=ChildFactory(),
            received_on=TODAY,
            source="1",
            caseworker=caseworker("883"),
        )
    assert not Case.objects.exists()


# ---- the rules themselves -----------------------------------------------------------------------


def _can(user: User, codename: str, obj=None) -> bool:
    return permissions.can(fresh(user), codename, obj)


def test_run_workflow_follows_the_childs_council_not_just_the_role():
    case = case_at(Stage.ASSESSING)
    assert _can(caseworker(), "ehcp.run_workflow", case)
    assert _can(manager(), "ehcp.run_workflow", case)
    assert not _can(caseworker("883"), "ehcp.run_workflow", case)
    assert not _can(parent_of(case.child), "ehcp.run_workflow", case)
    assert not _can(person_with_role(Role.SYSTEM_ADMIN), "ehcp.run_workflow", case)


def test_receive_request_without_a_council_asks_whether_the_person_is_council_staff():
    assert _can(caseworker("883"), "ehcp.receive_request")
    assert not _can(person_with_role(Role.SENCO, SettingFactory()), "ehcp.receive_request")
    assert not _can(caseworker("883"), "ehcp.receive_request", la("881"))


def test_allocation_by_someone_else_is_for_managers_of_the_council():
    case = case_at(Stage.ASSESSING)
    assert _can(manager(), "ehcp.allocate_caseworker", case)
    assert not _can(caseworker(), "ehcp.allocate_caseworker", case)
    assert not _can(manager("883"), "ehcp.allocate_caseworker", case)


def test_representations_rule_follows_the_child_not_the_role():
    case = case_at(Stage.DRAFT_SERVED)
    assert _can(parent_of(case.child), "ehcp.make_representations", case)
    assert _can(caseworker(), "ehcp.make_representations", case)
    assert not _can(parent_of(ChildFactory()), "ehcp.make_representations", case)
    assert not _can(caseworker("883"), "ehcp.make_representations", case)


def test_rules_refuse_when_there_is_no_object():
    person = caseworker()
    for codename in [
        "ehcp.run_workflow",
        "ehcp.allocate_caseworker",
        "ehcp.make_representations",
        "ehcp.respond_to_consultation",
        "ehcp.record_panel_recommendation",
        "ehcp.submit_advice",
    ]:
        assert not _can(person, codename), codename
