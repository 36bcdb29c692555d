"""Each SEN2 validation rule (ehcp/returns/validation.py): a valid person passes every rule,
and one change makes exactly that rule fail."""

import copy
from datetime import date

import pytest

from ehcp.returns import validation
from ehcp.returns.sen2 import Person
from tests.ehcp.returns.helpers import valid_upn

CENSUS = date(2026, 1, 15)


def person() -> Person:
    return Person(
        child_id=1,
        name="Sam Test",
        items={
            "Surname": "Test",
            "Forename": "Sam",
            "PersonBirthDate": "2015-03-01",
            "Sex": "M",
            "Ethnicity": "WBRI",
            "PostCode": "CM1 1AA",
            "UPN": valid_upn(7),
        },
        requests=[
            {
                "items": {
                    "ReceivedDate": "2024-01-08",
                    "RequestSource": "1",
                    "RYA": "0",
                    "RequestOutcomeDate": "2024-02-05",
                    "RequestOutcome": "Y",
                    "RequestMediation": "0",
                    "RequestTribunal": "0",
                },
                "assessment": {
                    "items": {
                        "AssessmentOutcome": "Y",
                        "AssessmentOutcomeDate": "2024-05-20",
                        "Week20": "0",
                    },
                    "named_plan": {
                        "items": {"StartDate": "2024-05-20", "PB": "0", "OA": "0", "DP": "0"},
                        "plan_details": [{"URN": "100001", "PlacementRank": "1"}],
                    },
                },
                "active_plans": {
                    "items": {"ReviewMeeting": "2025-05-01", "ReviewOutcome": "M",
                              "LastReview": "2025-05-20"},
                    "placements": [
                        {"URN": "100001", "PlacementRank": "1", "EntryDate": "2024-05-20"}
                    ],
                    "needs": [{"SENtype": "ASD", "SENtypeRank": "1"}],
                },
            }
        ],
    )  # fmt: skip


def rules_broken(p: Person) -> set[str]:
    found = set()
    validation.check_person(p, CENSUS, lambda rule, message, **_: found.add(rule.code))
    return found


def test_a_complete_person_passes_every_rule():
    assert rules_broken(person()) == set()


def _req(p):
    return p.requests[0]


def _named(p):
    return _req(p)["assessment"]["named_plan"]


def _active(p):
    return _req(p)["active_plans"]


CASES = {
    "SEN2-P01": lambda p: p.items.update(Surname=""),
    "SEN2-P02": lambda p: p.items.update(Forename=" "),
    "SEN2-P03": lambda p: p.items.update(PersonBirthDate="2026-02-01"),
    "SEN2-P04": lambda p: p.items.update(PersonBirthDate="1999-01-01"),
    "SEN2-P05": lambda p: p.items.update(Sex="U"),
    "SEN2-P06": lambda p: p.items.update(Ethnicity="XXXX"),
    "SEN2-P07": lambda p: p.items.update(PostCode="NOT A CODE"),
    "SEN2-P08": lambda p: p.items.update(UPN="A881000000070"),
    "SEN2-P09": lambda p: p.items.update(UniqueLearnerNumber="12345"),
    "SEN2-P10": lambda p: p.items.update(UPN=""),
    "SEN2-R01": lambda p: _req(p)["items"].update(ReceivedDate="2026-02-01"),
    "SEN2-R02": lambda p: _req(p)["items"].update(RequestSource="7"),
    "SEN2-R03": lambda p: _req(p)["items"].update(RequestOutcome="Q"),
    "SEN2-R04": lambda p: _req(p)["items"].update(RequestOutcomeDate=""),
    "SEN2-R05": lambda p: _req(p)["items"].update(RequestOutcomeDate="2023-12-01"),
    "SEN2-R06": lambda p: _req(p).update(assessment=None, active_plans=None),
    "SEN2-R07": lambda p: _req(p)["items"].update(RequestOutcome="N"),
    "SEN2-A01": lambda p: _req(p)["assessment"]["items"].update(AssessmentOutcome="Q"),
    "SEN2-A02": lambda p: _req(p)["assessment"]["items"].update(AssessmentOutcomeDate=""),
    "SEN2-A03": lambda p: _req(p)["assessment"]["items"].update(AssessmentOutcomeDate="2024-01-20"),
    "SEN2-A04": lambda p: _req(p)["assessment"]["items"].update(AssessmentOutcome="N"),
    "SEN2-N01": lambda p: _named(p)["items"].update(StartDate="2023-01-01"),
    "SEN2-N02": lambda p: _named(p)["items"].update(CeaseDate="2024-12-01"),
    "SEN2-N03": lambda p: _named(p)["items"].update(CeaseDate="2024-01-01", CeaseReason="2"),
    "SEN2-N04": lambda p: _named(p)["items"].update(PlanRes="C"),
    "SEN2-N05": lambda p: _named(p)["items"].update(DP="1"),
    "SEN2-N06": lambda p: _named(p)["plan_details"][0].update(URN=""),
    "SEN2-N07": lambda p: _named(p)["plan_details"][0].update(SENSetting="XYZ"),
    "SEN2-N08": lambda p: _named(p)["items"].update(CeaseDate="2024-12-01", CeaseReason="12"),
    "SEN2-T01": lambda p: _active(p)["needs"][0].update(SENtypeRank="2"),
    "SEN2-T02": lambda p: _active(p)["needs"][0].update(SENtype="ADHD"),
    "SEN2-T03": lambda p: _active(p).update(placements=[]),
    "SEN2-T04": lambda p: _active(p)["placements"][0].update(URN=""),
    "SEN2-T05": lambda p: _active(p)["placements"][0].update(LeavingDate="2024-01-01"),
    "SEN2-T06": lambda p: _active(p)["placements"][0].update(SENSetting="SCHOOL"),
    "SEN2-T07": lambda p: _active(p)["placements"][0].update(RES="Z"),
    "SEN2-T08": lambda p: _active(p)["items"].update(ReviewOutcome="X"),
    "SEN2-T09": lambda p: _active(p)["items"].update(LastReview="2025-04-01"),
    "SEN2-T10": lambda p: _active(p)["items"].update(TransferLA="ESSEX"),
    "SEN2-T11": lambda p: _req(p)["assessment"].update(named_plan=None),
    "SEN2-F01": lambda p: _req(p)["items"].update(RYA="yes"),
}


def test_every_rule_has_a_test():
    assert set(CASES) == set(validation.RULES)


@pytest.mark.parametrize("code", sorted(CASES))
def test_each_rule_catches_its_own_problem(code):
    p = copy.deepcopy(person())
    CASES[code](p)
    assert code in rules_broken(p)


def test_upn_check_letter_follows_cbds_n00001():
    upn = valid_upn(42)
    assert validation.upn_is_valid(upn)
    wrong = ("B" if upn[0] != "B" else "C") + upn[1:]
    assert not validation.upn_is_valid(wrong)


def _pending_request(p):
    _req(p)["items"].update(RequestOutcome="A", RequestOutcomeDate="")
    _req(p).update(assessment=None, active_plans=None)


def test_undecided_request_is_a_with_no_date_guide_items_2_3_and_2_4():
    p = copy.deepcopy(person())
    _pending_request(p)
    assert rules_broken(p) == set()
    _req(p)["items"].update(RequestOutcomeDate="2024-02-05")
    assert "SEN2-R04" in rules_broken(p)


def test_request_outcome_must_be_present_a_while_undecided_item_2_4():
    p = copy.deepcopy(person())
    _pending_request(p)
    _req(p)["items"].update(RequestOutcome="")
    assert "SEN2-R03" in rules_broken(p)


def test_withdrawn_and_historical_requests_need_no_date_item_2_3():
    for outcome in ("W", "H"):
        p = copy.deepcopy(person())
        _pending_request(p)
        _req(p)["items"].update(RequestOutcome=outcome)
        assert rules_broken(p) == set(), outcome


def test_historical_request_and_assessment_still_carry_the_active_plan_item_3_1():
    p = copy.deepcopy(person())
    _req(p)["items"].update(RequestOutcome="H", RequestOutcomeDate="")
    _req(p)["assessment"]["items"].update(AssessmentOutcome="H", AssessmentOutcomeDate="")
    assert rules_broken(p) == set()


def test_decided_to_issue_but_not_yet_issued_leaves_the_date_blank_item_3_2():
    p = copy.deepcopy(person())
    _req(p)["assessment"].update(named_plan=None)
    _req(p)["assessment"]["items"].update(AssessmentOutcomeDate="")
    _req(p).update(active_plans=None)
    assert rules_broken(p) == set()


def test_decision_not_to_issue_needs_the_date_the_family_was_told_item_3_2():
    p = copy.deepcopy(person())
    _req(p)["assessment"].update(named_plan=None)
    _req(p).update(active_plans=None)
    _req(p)["assessment"]["items"].update(AssessmentOutcome="N", AssessmentOutcomeDate="")
    assert "SEN2-A02" in rules_broken(p)


def test_undecided_assessment_is_a_with_no_date_item_3_1():
    p = copy.deepcopy(person())
    _req(p)["assessment"].update(named_plan=None)
    _req(p).update(active_plans=None)
    _req(p)["assessment"]["items"].update(AssessmentOutcome="A", AssessmentOutcomeDate="")
    assert rules_broken(p) == set()
    _req(p)["assessment"]["items"].update(AssessmentOutcomeDate="2024-04-01")
    assert "SEN2-A02" in rules_broken(p)
