"""Quality checks on a plan version (ehcp.plan_quality): warnings that guide the writer, and the
legal rules that block issuing (statutory.md section B)."""

from __future__ import annotations

from datetime import date

import pytest

from ehcp import selectors
from ehcp.models import Plan, Stage
from ehcp.plan_document import with_content
from ehcp.plan_quality import blocking, check, school_year, vague_phrases
from ehcp.services import plans
from tests.ehcp.factories import TODAY, ChildFactory, case_at
from tests.ehcp.plan_helpers import add, lock, written_draft

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _today(monkeypatch):
    monkeypatch.setattr(selectors, "today", lambda: TODAY)


def findings(plan: Plan, **kwargs):
    return check(with_content(Plan.objects.filter(pk=plan.pk)).get(), **kwargs)


def rules(plan: Plan, **kwargs) -> dict[str, list]:
    found: dict[str, list] = {}
    for finding in findings(plan, **kwargs):
        found.setdefault(finding.rule, []).append(finding)
    return found


def test_an_empty_draft_is_warned_about_every_empty_section_but_nothing_blocks():
    case = case_at(Stage.DRAFTING)
    plan = plans.start_draft(actor=case.caseworker, case_id=case.pk)
    found = rules(plan)
    assert {
        "child_voice_missing",
        "parent_views_missing",
        "no_needs",
        "no_outcomes",
        "no_provision",
    } <= set(found)
    assert blocking(findings(plan)) == []


def test_every_need_in_b_needs_provision_in_f():
    plan, items = written_draft()
    found = rules(plan)["need_without_provision"]
    assert [(f.section, f.item) for f in found] == [("B", "B2")]
    assert "B2 has no provision in section F" in found[0].message
    assert not found[0].blocking


@pytest.mark.parametrize(
    "text, phrase",
    [
        ("Access to a quiet room", "Access to"),
        ("Speech therapy up to 3 times a term", "up to"),
        ("Movement breaks as required", "as required"),
        ("Regular check-ins with a key adult", "Regular"),
        ("Opportunities for social skills work", "Opportunities for"),
    ],
)
def test_vague_provision_is_flagged_with_the_phrase_shown(text, phrase):
    plan, items = written_draft()
    add(plan, "provision", section="F", description=text, needs=[items["worry"].pk])
    found = rules(plan)["vague_provision"]
    assert [f.phrase for f in found] == [phrase]
    assert f'F2 says "{phrase}"' in found[0].message
    assert not found[0].blocking


def test_vague_phrases_are_found_as_words_not_inside_other_words():
    assert vague_phrases("Irregular lessons; up to date; accessibility") == ["up to"]
    assert vague_phrases("Access to x and ACCESS TO y") == ["Access to"]


def test_provision_in_f_should_say_who_what_expertise_how_often_and_how_long():
    plan, items = written_draft()
    add(
        plan,
        "provision",
        section="F",
        description="Touch typing programme",
        frequency="Daily",
        needs=[items["worry"].pk],
    )
    found = rules(plan)["provision_not_quantified"]
    assert found[0].message == (
        "F2 does not say who delivers it, their expertise or how long each time."
    )


def test_each_outcome_links_to_a_need_and_says_by_when():
    plan, _ = written_draft()
    add(plan, "outcome", description="Will read a short book on his own.")
    found = rules(plan)
    assert [f.item for f in found["outcome_without_need"]] == ["E2"]
    assert [f.item for f in found["outcome_without_date"]] == ["E2"]


def test_health_provision_without_the_icbs_agreement_blocks_issuing_reg_12_2():
    plan, _ = written_draft()
    add(plan, "provision", section="G", description="Annual review by the paediatrician.")
    stop = blocking(findings(plan))
    assert [f.rule for f in stop] == ["health_provision_not_agreed"]
    assert "SEND Regulations 2014 reg 12(2)" in stop[0].message
    plans.record_health_agreement(
        actor=plan.case.caseworker,
        plan_id=plan.pk,
        expected_lock=lock(plan),
        agreed_by="DCO",
        icb=None,
        agreed_on=date(2026, 5, 20),
    )
    assert blocking(findings(plan)) == []


def test_section_i_filled_in_a_draft_blocks():
    plan, _ = written_draft()
    plan = with_content(Plan.objects.filter(pk=plan.pk)).get()
    plan.section_i_type = "Special school"  # in memory only: the database refuses it too
    stop = blocking(check(plan))
    assert [f.rule for f in stop] == ["section_i_in_draft"]
    assert "s38(5)" in stop[0].message


def test_from_year_9_the_plan_should_have_preparing_for_adulthood_outcomes_reg_12_3():
    # Born 1 May 2013: 13 on 31 August 2026, so in Year 9 from September 2026.
    child = ChildFactory(date_of_birth=date(2013, 5, 1))
    plan, items = written_draft(child=child)
    found = rules(plan, on=date(2026, 10, 1))["preparation_for_adulthood_missing"]
    assert "SEND Regulations 2014 reg 12(3)" in found[0].message
    assert "preparation_for_adulthood_missing" not in rules(plan, on=date(2026, 7, 1))
    add(
        plan,
        "outcome",
        description="Will travel to school independently by bus.",
        by_when="July 2028",
        preparation_for_adulthood="independent_living",
        needs=[items["worry"].pk],
    )
    assert "preparation_for_adulthood_missing" not in rules(plan, on=date(2026, 10, 1))


def test_school_year_is_the_age_on_31_august_before_the_school_year_minus_4():
    assert school_year(date(2016, 5, 14), date(2026, 11, 22)) == 6
    assert school_year(date(2013, 9, 1), date(2026, 11, 22)) == 8
    assert school_year(date(2013, 8, 31), date(2026, 11, 22)) == 9
    assert school_year(date(2013, 8, 31), date(2026, 8, 31)) == 8


def test_personal_budget_items_need_section_j_and_a_direct_payment_needs_its_needs():
    plan, items = written_draft()
    add(
        plan,
        "provision",
        section="F",
        description="Horse riding therapy",
        personal_budget=True,
        needs=[items["worry"].pk],
    )
    assert "F2 is secured through a personal budget" in (
        rules(plan)["personal_budget_missing"][0].message
    )
    add(plan, "budget", description="Riding lessons", direct_payment=True)
    found = rules(plan)
    assert "personal_budget_missing" not in found
    assert "reg 12(1)(j)" in found["direct_payment_without_needs"][0].message


def test_a_well_written_plan_passes_every_check():
    plan, items = written_draft()
    add(
        plan,
        "provision",
        section="F",
        description="Meets a named adult at the gate and goes in before the bell.",
        delivered_by="Key adult",
        expertise="Trained in his anxiety plan",
        frequency="Every school day",
        duration="10 minutes",
        needs=[items["worry"].pk],
    )
    from ehcp.models import AdviceRequest

    assert AdviceRequest.objects.filter(case=plan.case, status="received").exists()
    assert findings(plan) == []
