"""Only an exception to the 20-week limit excludes a plan from "within 20 weeks excluding
exceptions" and makes SEN2's Week20 true (SEND Regulations 2014 reg 13(3): the 20-week limit
need not be met in the reg 10(4)(a) to (d) circumstances). An exception to another time limit,
such as the 6-week decision (reg 5(4)), does not."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import date

import pytest

from dashboards import aggregates, sen2
from dashboards.periods import ReportingYear
from ehcp import selectors
from ehcp.deadlines import ExceptionReason
from ehcp.models import Case, Stage
from ehcp.services import workflow
from tests.ehcp.factories import RECEIVED, TODAY, case_at

pytestmark = pytest.mark.django_db

#: 19 weeks after the request of 2 March 2026: within 20 weeks.
ISSUED = date(2026, 7, 13)


@pytest.fixture(autouse=True)
def _today(monkeypatch):
    monkeypatch.setattr(selectors, "today", lambda: TODAY)


def _issued(case: Case) -> Case:
    Case.objects.filter(pk=case.pk).update(
        stage=Stage.FINAL_ISSUED, final_issued_on=ISSUED, closed_on=ISSUED
    )
    case.refresh_from_db()
    return case


def _exception(case: Case, applies_to: str) -> None:
    workflow.record_exception(
        actor=case.caseworker,
        case_id=case.pk,
        reason=ExceptionReason.PERSONAL_CIRCUMSTANCES,
        applies_to=applies_to,
        starts_on=RECEIVED,
        evidence="A long hospital stay.",
    )


def test_a_decision_exception_alone_keeps_the_plan_in_within_20_weeks_excluding_exceptions():
    decision_only = case_at(Stage.CONSIDERING)
    _exception(decision_only, "decision_to_assess")
    twenty_week = case_at(Stage.ASSESSING)
    _exception(twenty_week, "final_plan")
    decision_only, twenty_week = _issued(decision_only), _issued(twenty_week)
    assert not decision_only.twenty_week_exception_applies
    assert twenty_week.twenty_week_exception_applies

    council = decision_only.local_authority_id
    counts = aggregates.compute(ReportingYear(2027), la_ids=[council]).by_la[council]
    assert counts["issued"] == 2
    assert counts["issued_ex"] == 1
    assert counts["issued_ex_within"] == 1


def test_sen2_week20_is_1_only_for_an_exception_to_the_20_week_limit():
    decision_only = case_at(Stage.CONSIDERING)
    _exception(decision_only, "decision_to_assess")
    twenty_week = case_at(Stage.ASSESSING)
    _exception(twenty_week, "final_plan")
    for case in (decision_only, twenty_week):
        Case.objects.filter(pk=case.pk).update(assessment_decided_on=date(2026, 4, 6))
        _issued(case)
    result = sen2.build_return(decision_only.local_authority, ReportingYear(2027))
    root = ET.fromstring(result.xml())  # noqa: S314 - our own output
    week20 = {
        person.findtext("Surname"): person.findtext("Requests/Assessment/Week20")
        for person in root.findall("Persons/Person")
    }
    assert week20[decision_only.child.last_name] == "0"
    assert week20[twenty_week.child.last_name] == "1"
