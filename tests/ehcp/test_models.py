"""The EHC models: who is a young person, what the database itself refuses, and the small facts
the pages and SEN2 read from each record."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import IntegrityError, transaction

from ehcp import deadlines, selectors
from ehcp.errors import DomainError
from ehcp.models import (
    OPEN_STAGES,
    AdviceRequest,
    Case,
    CaseEvent,
    Child,
    ChildRelationship,
    Decision,
    Plan,
    SettingRequest,
    Stage,
    end_of_compulsory_school_age,
)
from ehcp.services import workflow
from tests.ehcp.factories import (
    RECEIVED,
    TODAY,
    ChildFactory,
    case_at,
    caseworker,
    parent_of,
)
from tests.factories import OrganisationFactory, SettingFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _today(monkeypatch):
    monkeypatch.setattr(selectors, "today", lambda: TODAY)


# ---- compulsory school age (Education Act 1996 s8; CFA 2014 s80) -------------------------------


@pytest.mark.parametrize(
    "born, last_day",
    [
        (date(2010, 8, 31), date(2026, 6, 26)),  # youngest of the year group
        (date(2010, 9, 1), date(2027, 6, 25)),  # oldest of the next year group
        (date(2009, 9, 1), date(2026, 6, 26)),  # oldest of the same year group as 31 Aug 2010
        (date(2010, 1, 1), date(2026, 6, 26)),
        (date(2008, 2, 29), date(2024, 6, 28)),  # a leap-day birthday
        (date(2012, 2, 29), date(2028, 6, 30)),  # 30 June 2028 is itself a Friday
        (date(2011, 12, 31), date(2028, 6, 30)),
    ],
)
def test_compulsory_school_age_ends_on_the_last_friday_in_june_of_the_year_they_turn_16(
    born, last_day
):
    assert last_day.weekday() == 4 and last_day.month == 6 and last_day.day > 23
    assert end_of_compulsory_school_age(born) == last_day


def test_a_child_becomes_a_young_person_the_day_after_the_school_leaving_date():
    child = Child(date_of_birth=date(2010, 8, 31))
    assert not child.is_young_person_on(date(2026, 6, 26))
    assert child.is_young_person_on(date(2026, 6, 27))
    younger = Child(date_of_birth=date(2010, 9, 1))
    assert not younger.is_young_person_on(date(2026, 6, 27))


def test_age_on_counts_whole_years_with_a_leap_day_birthday_turning_on_1_march():
    child = Child(date_of_birth=date(2008, 2, 29))
    assert child.age_on(date(2026, 2, 28)) == 17
    assert child.age_on(date(2026, 3, 1)) == 18
    assert child.age_on(date(2028, 2, 29)) == 20


def test_a_child_is_known_by_their_preferred_name():
    child = Child(first_name="Alexander", preferred_name="Alex", last_name="Taylor")
    assert (child.full_name, child.known_as, str(child)) == ("Alex Taylor", "Alex", "Alex Taylor")
    child.preferred_name = ""
    assert child.full_name == "Alexander Taylor"


# ---- what the database refuses ------------------------------------------------------------------


def test_a_case_has_at_most_one_decision_of_each_kind():
    case = case_at(Stage.ASSESSING)
    with pytest.raises(IntegrityError), transaction.atomic():
        Decision.objects.create(case=case, kind=Decision.Kind.ASSESS, decided_on=TODAY)
    Decision.objects.create(case=case, kind=Decision.Kind.NOT_ISSUE, decided_on=TODAY)


def test_a_final_plan_may_name_a_setting_but_a_draft_may_not():
    case = case_at(Stage.DRAFTING)
    school = SettingFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Plan.objects.create(case=case, status=Plan.Status.DRAFT, section_i_setting=school)
    plan = Plan.objects.create(
        case=case, status=Plan.Status.FINAL, section_i_setting=school, section_i_type="Academy"
    )
    assert plan.section_i_setting == school


def test_plan_versions_are_unique_per_case():
    case = case_at(Stage.DRAFT_SERVED)
    with pytest.raises(IntegrityError), transaction.atomic():
        Plan.objects.create(case=case, version=1)


def test_a_person_has_one_relationship_with_a_child():
    child = ChildFactory()
    parent = parent_of(child)
    with pytest.raises(IntegrityError), transaction.atomic():
        ChildRelationship.objects.create(
            child=child, user=parent, kind=ChildRelationship.Kind.REPRESENTATIVE
        )


def test_linking_a_family_member_twice_updates_the_one_relationship():
    child = ChildFactory()
    parent = parent_of(child)
    parent_of(child, parent, shared_by_young_person=True)
    rel = ChildRelationship.objects.get(child=child, user=parent)
    assert rel.shared_by_young_person
    assert parent.has_role("parent")


def test_linking_refuses_an_unknown_kind_of_relationship():
    child = ChildFactory()
    with pytest.raises(DomainError, match="Select how the person is related"):
        workflow.link_family_member(
            actor=caseworker(), child=child, user=UserFactory(), kind="neighbour"
        )
    assert not ChildRelationship.objects.exists()


# ---- facts read from the records ----------------------------------------------------------------


@pytest.mark.parametrize("stage", list(Stage))
def test_a_case_is_open_only_while_the_statutory_clock_runs(stage):
    case = case_at(stage)
    assert case.is_open == (stage in OPEN_STAGES)
    assert (case.closed_on is None) == (stage in OPEN_STAGES)


def test_the_statutory_timetable_and_week20_flag_come_from_the_case():
    """SEN2 Week20 ("20-week time limit exceptions apply") follows only an exception to the
    20-week limit (reg 13(3)); an exception to another time limit alone does not set it."""
    case = case_at(Stage.ASSESSING)
    assert case.statutory_timetable == deadlines.assessment_timetable(received=RECEIVED)
    assert not case.twenty_week_exception_applies
    Case.objects.filter(pk=case.pk).update(has_exception=True)
    case.refresh_from_db()
    assert not case.twenty_week_exception_applies
    Case.objects.filter(pk=case.pk).update(twenty_week_exception=True)
    case.refresh_from_db()
    assert case.twenty_week_exception_applies


def test_the_timeline_lists_the_newest_event_first():
    case = case_at(Stage.ASSESSING)
    dates = list(CaseEvent.objects.filter(case=case).values_list("occurred_on", flat=True))
    assert dates == sorted(dates, reverse=True)
    assert str(case.events.first()).startswith("2026-04-06 ")


def test_an_advice_request_is_due_6_weeks_after_it_is_made_and_names_its_adviser():
    case = case_at(Stage.ASSESSING)
    advice = AdviceRequest(case=case, advice_type="ep", requested_on=date(2026, 4, 7))
    assert advice.deadline.due == date(2026, 5, 19)
    assert advice.deadline.basis.startswith("SEND Regulations 2014 reg 8(1)")
    assert advice.adviser_display == "Not yet chosen"
    advice.adviser_organisation = OrganisationFactory(name="Essex EP Service")
    assert advice.adviser_display == "Essex EP Service"
    advice.adviser_name = "Dr Patel"
    assert advice.adviser_display == "Dr Patel"
    advice.adviser = UserFactory(first_name="Sam", last_name="Lee")
    assert advice.adviser_display == "Sam Lee"
    assert advice.is_outstanding
    advice.status = AdviceRequest.Status.RECEIVED
    assert not advice.is_outstanding


def test_a_setting_request_is_open_until_the_council_names_or_refuses_it():
    request = SettingRequest(setting_name="Hill House School", requested_on=TODAY)
    assert request.display_name == "Hill House School"
    for status in ["requested", "consulted", "responded"]:
        request.status = status
        assert request.is_open
    for status in ["named", "refused"]:
        request.status = status
        assert not request.is_open
    school = SettingFactory(name="Riverside Primary School")
    assert SettingRequest(setting=school, setting_name="").display_name == school.name


def test_an_exception_to_the_final_plan_carries_reg_13_3_applying_its_reg_10_4_reason():
    """Reg 13(3): the 20-week limit need not be complied with in "the circumstances referred to
    in regulation 10(4)(a) to (d)": the basis names reg 13(3), not reg 10(4) alone."""
    case = case_at(Stage.ASSESSING)
    exception = workflow.record_exception(
        actor=case.caseworker,
        case_id=case.pk,
        reason="10_4_a",
        applies_to="final_plan",
        starts_on=date(2026, 7, 10),
        evidence="School asked for advice a week before the summer closure.",
    )
    assert exception.basis == "SEND Regulations 2014 reg 13(3), applying reg 10(4)(a)"
    assert exception.get_applies_to_display() == "Final plan (20 weeks)"


def test_appealable_decisions_are_exactly_the_ones_with_a_s51_ground():
    assert set(Decision.APPEAL_GROUNDS) == Decision.APPEALABLE
    assert {Decision(kind=k).is_appealable for k in Decision.APPEALABLE} == {True}
    assert not Decision(kind=Decision.Kind.ASSESS).is_appealable
    assert not Decision(kind=Decision.Kind.ISSUE).is_appealable
