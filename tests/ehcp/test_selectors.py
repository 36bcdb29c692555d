"""Who sees which case (shared/domain/ROLES.md): access follows relationships, not just roles.

``selectors.cases_visible_to`` is used by views and the API for lists and detail pages alike, so
a case missing here is a 404 for that person.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ehcp import selectors
from ehcp.models import (
    AdviceRequest,
    CaseEvent,
    Child,
    ChildRelationship,
    RequestSource,
    SettingRequest,
    Stage,
    end_of_compulsory_school_age,
)
from ehcp.services import workflow
from ehcp.services.family import family_members
from send_portal.models import ADVISER_ROLES, Role, RoleAssignment
from tests.ehcp.factories import (
    RECEIVED,
    TODAY,
    ChildFactory,
    case_at,
    caseworker,
    day,
    fresh,
    manager,
    panel_meeting,
    parent_of,
    young_person_child,
    young_person_of,
)
from tests.factories import SettingFactory, UserFactory, la, organisation_for_role, person_with_role

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _today(monkeypatch):
    monkeypatch.setattr(selectors, "today", lambda: TODAY)


def sees(user, case) -> bool:
    return selectors.cases_visible_to(fresh(user)).filter(pk=case.pk).exists()


# ---- by role alone ------------------------------------------------------------------------------

#: The only roles that see a child's case without a relationship to it: the council's own staff.
COUNCIL_STAFF = {Role.CASEWORKER, Role.SEND_MANAGER}


@pytest.mark.parametrize("role", list(Role))
def test_by_role_alone_only_the_childs_council_staff_see_the_case(role):
    case = case_at(Stage.ASSESSING)
    person = person_with_role(role, organisation_for_role(role, "881"))
    assert sees(person, case) == (role in COUNCIL_STAFF)


@pytest.mark.parametrize("role", list(Role))
def test_no_one_at_another_council_sees_the_case(role):
    case = case_at(Stage.ASSESSING)
    person = person_with_role(role, organisation_for_role(role, "883"))
    assert not sees(person, case)


def test_staff_see_every_case_of_their_council_and_none_of_another():
    essex_case = case_at(Stage.ASSESSING)
    thurrock_case = case_at(Stage.ASSESSING, child=ChildFactory(local_authority=la("883")))
    visible = set(selectors.cases_visible_to(fresh(caseworker())))
    assert essex_case in visible and thurrock_case not in visible


@pytest.mark.parametrize(
    "role",
    [
        Role.PANEL_MEMBER,
        Role.BOARD_MEMBER,
        Role.BOARD_CHAIR,
        Role.REGIONS_GROUP_OFFICER,
        Role.MEDIATOR,
        Role.DFE_ANALYST,
        Role.SYSTEM_ADMIN,
    ],
)
def test_roles_without_case_access_see_no_case_at_all(role):
    case_at(Stage.ASSESSING)
    case_at(Stage.FINAL_ISSUED)
    person = person_with_role(role, organisation_for_role(role, "881"))
    assert not selectors.cases_visible_to(fresh(person)).exists()


def test_anonymous_and_inactive_people_see_nothing():
    from django.contrib.auth.models import AnonymousUser

    case_at(Stage.ASSESSING)
    assert not selectors.cases_visible_to(AnonymousUser()).exists()
    assert not selectors.cases_visible_to(None).exists()
    worker = caseworker()
    worker.is_active = False
    assert not selectors.cases_visible_to(worker).exists()


# ---- panels -------------------------------------------------------------------------------------


def test_a_panel_member_sees_the_agenda_of_their_panel_but_not_the_case_record():
    case = case_at(Stage.PANEL)
    item = case.panel_items.get()
    member = item.meeting.members.get()
    outsider = person_with_role(Role.PANEL_MEMBER, la("881"))
    panel_meeting(la("881"), TODAY, outsider)
    assert list(selectors.agenda_items_visible_to(fresh(member))) == [item]
    assert not selectors.agenda_items_visible_to(fresh(outsider)).exists()
    assert not sees(member, case)
    assert item.meeting in selectors.panels_visible_to(fresh(caseworker()))
    assert item.meeting not in selectors.panels_visible_to(fresh(caseworker("883")))


# ---- families -----------------------------------------------------------------------------------


def test_a_parent_sees_their_own_childs_case_and_not_someone_elses():
    case = case_at(Stage.ASSESSING)
    other = case_at(Stage.ASSESSING)
    parent = parent_of(case.child)
    assert list(selectors.cases_visible_to(parent)) == [case]
    assert not sees(parent, other)


def test_a_parent_whose_link_was_ended_no_longer_sees_the_case():
    case = case_at(Stage.ASSESSING)
    parent = parent_of(case.child)
    ChildRelationship.objects.filter(user=parent).update(is_active=False)
    assert not sees(parent, case)


def test_the_parent_of_a_young_person_does_not_see_the_case_unless_the_young_person_shares_it():
    child = young_person_child()
    case = case_at(Stage.ASSESSING, child=child)
    parent = parent_of(child)
    young_person = young_person_of(child)
    assert child.is_young_person_on(TODAY)
    assert sees(young_person, case)
    assert not sees(parent, case)
    parent_of(child, parent, shared_by_young_person=True)
    assert sees(parent, case)


def test_a_representative_of_a_young_person_sees_the_case():
    child = young_person_child()
    case = case_at(Stage.ASSESSING, child=child)
    representative = parent_of(child, UserFactory())
    ChildRelationship.objects.filter(user=representative).update(
        kind=ChildRelationship.Kind.REPRESENTATIVE
    )
    assert sees(representative, case)


def test_a_parent_sees_the_case_until_the_last_friday_in_june_then_rights_pass_on(monkeypatch):
    child = ChildFactory(date_of_birth=date(2010, 8, 31))
    case = case_at(Stage.ASSESSING, child=child)
    parent = parent_of(child)
    last_day = end_of_compulsory_school_age(child.date_of_birth)
    assert last_day == date(2026, 6, 26)
    monkeypatch.setattr(selectors, "today", lambda: last_day)
    assert sees(parent, case)
    assert family_members(case, last_day) == [parent]
    monkeypatch.setattr(selectors, "today", lambda: last_day + timedelta(days=1))
    assert not sees(parent, case)
    assert family_members(case, last_day + timedelta(days=1)) == []


def test_the_family_timeline_hides_what_is_for_professionals_only():
    case = case_at(Stage.DRAFTING)
    parent = parent_of(case.child)
    family_view = selectors.timeline_for(fresh(parent), case)
    staff_view = selectors.timeline_for(fresh(caseworker()), case)
    assert not family_view.filter(kind=CaseEvent.Kind.PANEL_RECOMMENDATION).exists()
    assert staff_view.filter(kind=CaseEvent.Kind.PANEL_RECOMMENDATION).exists()
    assert staff_view.count() == family_view.count() + 1


# ---- advisers and settings ----------------------------------------------------------------------


@pytest.mark.parametrize("role", sorted(ADVISER_ROLES))
def test_an_adviser_sees_a_case_only_while_their_advice_request_is_open(role):
    case = case_at(Stage.ASSESSING)
    adviser = person_with_role(role, organisation_for_role(role, "881"))
    colleague = person_with_role(role, organisation_for_role(role, "881"))
    assert not sees(adviser, case)
    advice = workflow.request_advice(
        actor=case.caseworker,
        case_id=case.pk,
        advice_type=AdviceRequest.AdviceType.EDUCATIONAL,
        requested_on=day(case, "advice_requested"),
        adviser=adviser,
    )
    assert sees(adviser, case)
    assert not sees(colleague, case)
    assert list(selectors.advice_requests_for_adviser(adviser)) == [advice]
    workflow.record_advice_received(
        actor=adviser, advice_id=advice.pk, received_on=day(case, "advice_received")
    )
    assert not sees(adviser, case)


def test_a_senco_sees_a_case_only_while_their_settings_consultation_is_open():
    school = SettingFactory(local_authority=la("881"))
    senco = person_with_role(Role.SENCO, school)
    other_senco = person_with_role(Role.SENCO, SettingFactory(local_authority=la("881")))
    case = case_at(Stage.DRAFT_SERVED)
    request = workflow.request_setting(
        actor=case.caseworker, case_id=case.pk, requested_on=TODAY, setting=school
    )
    assert not sees(senco, case)  # asked for, not yet consulted
    workflow.consult_setting(
        actor=case.caseworker, setting_request_id=request.pk, consulted_on=TODAY
    )
    assert sees(senco, case)
    workflow.record_setting_response(
        actor=senco,
        setting_request_id=request.pk,
        response=SettingRequest.Response.CAN_MEET,
        responded_on=TODAY,
    )
    assert sees(senco, case)  # replied; the council has not decided yet
    assert not sees(other_senco, case)
    workflow.decide_placement(
        actor=case.caseworker, setting_request_id=request.pk, name_it=True, decided_on=TODAY
    )
    assert not sees(senco, case)


# ---- the compulsory school age boundary ---------------------------------------------------------


@pytest.mark.parametrize(
    "on, born_before",
    [
        (date(2026, 1, 1), date(2009, 9, 1)),
        (date(2026, 6, 26), date(2009, 9, 1)),  # the last Friday in June 2026
        (date(2026, 6, 27), date(2010, 9, 1)),  # the day after: the 2009/10 cohort has left
        (date(2026, 8, 31), date(2010, 9, 1)),
        (date(2026, 12, 31), date(2010, 9, 1)),
        (date(2028, 6, 30), date(2011, 9, 1)),  # 30 June 2028 is itself the last Friday
        (date(2028, 7, 1), date(2012, 9, 1)),
    ],
)
def test_young_person_born_before_moves_on_the_day_after_the_last_friday_in_june(on, born_before):
    assert selectors.young_person_born_before(on) == born_before


def test_young_person_born_before_agrees_with_each_childs_own_school_leaving_date():
    births = [date(2009, 8, 31), date(2009, 9, 1), date(2010, 2, 28), date(2010, 8, 31)]
    births += [date(2010, 9, 1), date(2008, 2, 29), date(2011, 12, 31)]
    days = [date(2025, 6, 26) + timedelta(days=n) for n in range(0, 800, 3)]
    days += [end_of_compulsory_school_age(b) + timedelta(days=d) for b in births for d in (0, 1)]
    for born in births:
        child = Child(date_of_birth=born)
        for on in days:
            assert child.is_young_person_on(on) == (
                born < selectors.young_person_born_before(on)
            ), (
                born,
                on,
            )


# ---- the caseload -------------------------------------------------------------------------------


def _open_cases(n: int, workers) -> None:
    for i in range(n):
        workflow.receive_request(
            actor=workers[0],
            child=ChildFactory(),
            received_on=RECEIVED + timedelta(days=i % 20),
            source=RequestSource.FAMILY,
            caseworker=workers[i % len(workers)] if i % 3 else None,
        )


def _read_caseload(user) -> list:
    return [
        (case.reference, case.child.full_name, case.caseworker and case.caseworker.display_name)
        for case in selectors.caseload(user, scope="team")
    ]


def test_the_team_caseload_takes_the_same_number_of_queries_for_30_or_60_cases(
    django_assert_num_queries,
):
    workers = [caseworker(), caseworker(), manager()]
    _open_cases(30, workers)
    user = fresh(workers[0])
    with CaptureQueriesContext(connection) as thirty:
        assert len(_read_caseload(user)) == 30
    _open_cases(30, workers)
    user = fresh(workers[0])
    with django_assert_num_queries(len(thirty.captured_queries)):
        assert len(_read_caseload(user)) == 60


def test_caseload_scopes_mine_team_and_all():
    worker = caseworker()
    mine = case_at(Stage.ASSESSING, actor=worker)
    colleagues = case_at(Stage.CONSIDERING)
    closed = case_at(Stage.NOT_ASSESSED, actor=worker)
    thurrock = case_at(Stage.ASSESSING, child=ChildFactory(local_authority=la("883")))
    worker = fresh(worker)
    assert set(selectors.caseload(worker, scope="mine")) == {mine, closed}
    assert set(selectors.caseload(worker, scope="team")) == {mine, colleagues}
    assert set(selectors.caseload(worker, scope="all")) == {mine, colleagues, closed}
    assert thurrock not in set(selectors.caseload(worker, scope="all"))
    assert not selectors.caseload(fresh(parent_of(mine.child)), scope="all").exists()


# ---- limited to one council (a council's API token) ---------------------------------------------


def test_cases_visible_in_a_council_are_those_of_that_council_only():
    """A token reads one council's cases even when its user works for two; ``None`` is no
    further limit than :func:`cases_visible_to`."""
    essex_case = case_at(Stage.ASSESSING)
    thurrock_case = case_at(Stage.ASSESSING, child=ChildFactory(local_authority=la("883")))
    person = person_with_role(Role.CASEWORKER, la("881"))
    RoleAssignment.objects.create(user=person, role=Role.CASEWORKER, organisation=la("883"))
    person = fresh(person)
    assert set(selectors.cases_visible_in_council(person, None)) == {essex_case, thurrock_case}
    assert list(selectors.cases_visible_in_council(person, la("883").pk)) == [thurrock_case]
    assert not selectors.cases_visible_in_council(fresh(parent_of(essex_case.child)), la("883").pk)


def test_open_advice_requests_in_a_council_are_those_of_its_cases_only():
    case = case_at(Stage.ASSESSING)
    adviser = person_with_role(Role.EDUCATIONAL_PSYCHOLOGIST, case.local_authority)
    advice = workflow.request_advice(
        actor=case.caseworker,
        case_id=case.pk,
        advice_type=AdviceRequest.AdviceType.EDUCATIONAL_PSYCHOLOGIST,
        requested_on=day(case, "advice_requested"),
        adviser=adviser,
    )
    adviser = fresh(adviser)
    assert list(selectors.open_advice_requests_in_council(adviser, None)) == [advice]
    assert list(selectors.open_advice_requests_in_council(adviser, case.local_authority_id)) == [
        advice
    ]
    assert not selectors.open_advice_requests_in_council(adviser, la("883").pk).exists()
