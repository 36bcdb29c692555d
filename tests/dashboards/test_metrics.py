"""Each metric on the hand-built data set (tests/dashboards/handbuilt.py has the working)."""

from datetime import date

import pytest

from dashboards import aggregates, summaries
from dashboards.metrics import METRICS_BY_KEY
from dashboards.periods import ReportingYear, census_day
from tests.dashboards import handbuilt

pytestmark = pytest.mark.django_db
YEAR = ReportingYear(2025)


@pytest.fixture
def data():
    return handbuilt.build()


def value(key, counts):
    return METRICS_BY_KEY[key].portal(counts)


def test_census_day_is_the_third_thursday_of_january():
    assert census_day(2025) == date(2025, 1, 16)
    assert census_day(2024) == date(2024, 1, 18)


def test_each_metric_for_essex_matches_the_hand_working(data):
    counts = aggregates.compute(YEAR).area([data["essex"].pk])
    # Plans at 16 Jan 2025: A, B, C, F (once, despite two versions) and G; H is issued later.
    assert value("plans", counts).value == 5
    # Requests in 2024: A, B, D, E, H (C was 2023; G had no request).
    assert value("requests", counts).value == 5
    # Decided to assess: A, B, H -> 3 of 5 = 60%.
    assert value("requests_assessed", counts).value == pytest.approx(60.0)
    # New plans in 2024: A, B, C and G (the council became responsible for G).
    assert value("new_plans", counts).value == 4
    # Issued after a request in 2024: A (133 days), B (210), C (427); within 20 weeks: A.
    assert value("within_20_incl", counts).value == pytest.approx(100 / 3)
    # Without B (exception): A within, C not -> 1 of 2.
    assert value("within_20_excl", counts).value == pytest.approx(50.0)
    # (133 + 210 + 427) / 3 days = 256.67 days = 36.67 weeks.
    assert value("average_weeks", counts).value == pytest.approx(770 / 3 / 7)
    assert value("band_20_52", counts).value == pytest.approx(100 / 3)  # B
    assert value("band_52", counts).value == pytest.approx(100 / 3)  # C
    # Mediations held in 2024: M1 and M2; M1 followed by an appeal -> 50%.
    assert value("mediations", counts).value == 2
    assert value("mediation_appeal", counts).value == pytest.approx(50.0)
    # Appeals: 1. Appealable: refusal D + 5 plans at January = 6 -> 16.67 per 100.
    assert value("appeals", counts).value == 1
    assert value("appeal_rate", counts).value == pytest.approx(100 / 6)
    # Complaint stages started in 2024: council stage 1 and stage 2 (the Ombudsman one was 2023).
    assert value("complaints", counts).value == 2
    assert counts["complaint:la_stage_1"] == 1 and counts["complaint:la_stage_2"] == 1
    assert counts["complaint:lgsco"] == 0
    # Tribunal outcomes decided in 2024: one allowed.
    assert counts["outcome:allowed"] == 1


def test_need_and_placement_mix_for_essex(data):
    counts = aggregates.compute(YEAR).area([data["essex"].pk])
    assert counts["need:ASD"] == 2  # A and F
    assert counts["need:SLCN"] == counts["need:SEMH"] == counts["need:PD"] == 1
    assert counts["placement:mainstream"] == 1  # A (F's mainstream v1 was superseded)
    assert counts["placement:special"] == 1  # B
    assert counts["placement:independent_special"] == 1  # C
    assert counts["placement:ap"] == 1  # F v2
    assert counts["placement:post16"] == 1  # G, from the type written in section I


def test_breakdowns_by_age_sex_and_ethnicity(data):
    result = summaries.breakdowns(YEAR, [data["essex"].pk])
    # Ages on 16 Jan 2025: A 9, B 14, C 18, F 20, G 4.
    assert dict(result["age"]) == {"under_5": 1, "5_10": 1, "11_15": 1, "16_19": 1, "20_25": 1}
    assert result["sex"]["M"] == 3 and result["sex"]["F"] == 1 and result["sex"]["U"] == 1
    assert result["ethnicity"]["WBRI"] == 5


def test_region_is_the_sum_of_its_councils(data):
    figures = aggregates.compute(YEAR)
    both = figures.area([data["essex"].pk, data["thurrock"].pk])
    # Issued after a request: A, B, C, T; within 20 weeks: A and T -> 50%.
    assert value("within_20_incl", both).value == pytest.approx(50.0)
    assert value("plans", both).value == 6


def test_reviews_and_phase_transfers_from_the_reviews_app(data):
    from ehcp.reviews.models import PhaseTransfer, Review

    a, f = data["cases"]["a"], data["cases"]["f"]
    # Annual reviews due in 2024: F's (due 1 June, finished 28 May: on time) and A's (due
    # 30 November, finished 10 December: late); one due in 2025 does not count -> 1 of 2.
    for case, due, done in (
        (f, date(2024, 6, 1), date(2024, 5, 28)),
        (a, date(2024, 11, 30), date(2024, 12, 10)),
        (data["cases"]["g"], date(2025, 5, 20), None),
    ):
        Review.objects.create(
            case=case,
            plan=case.plans.last(),
            due_on=due,
            due_key="annual_review",
            due_basis="SEND Regulations 2014 reg 18",
            completed_on=done,
        )
    # Phase transfers with a deadline in 2024: F's named on 20 March for 31 March (on time),
    # A's not named by 15 February -> 1 of 2.
    PhaseTransfer.objects.create(
        case=f,
        transfer="post16",
        from_phase="Year 11",
        to_phase="College",
        transfer_year=2024,
        deadline_on=date(2024, 3, 31),
        named_on=date(2024, 3, 20),
    )
    PhaseTransfer.objects.create(
        case=a,
        transfer="school",
        from_phase="Year 6",
        to_phase="Year 7",
        transfer_year=2024,
        deadline_on=date(2024, 2, 15),
    )
    counts = aggregates.compute(YEAR).area([data["essex"].pk])
    assert value("reviews_on_time", counts).value == pytest.approx(50.0)
    assert value("phase_transfers", counts).value == pytest.approx(50.0)


def test_a_ceased_plan_is_no_longer_maintained(data):
    from ehcp.reviews.models import Cessation

    # F's plan ceased on 1 December 2024, before the census day: 4 plans, not 5.
    Cessation.objects.create(
        case=data["cases"]["f"],
        ground="not_necessary",
        explanation="Needs met",
        stage="ceased",
        consulted_on=date(2024, 10, 1),
        ceased_on=date(2024, 12, 1),
    )
    counts = aggregates.compute(YEAR).area([data["essex"].pk])
    assert value("plans", counts).value == 4
    assert counts["placement:ap"] == 0


def test_tailored_list_outcomes_come_from_the_pilot_figures(data, monkeypatch):
    from dashboards import optional_sources
    from tailored_lists import selectors as tailored

    seen = {}

    def pilot_outcomes(local_authorities=None):
        seen["las"] = local_authorities
        return {"lists": 4, "first_preference_met": 3, "chose_off_list": 1, "appealed": 0}

    monkeypatch.setattr(tailored, "pilot_outcomes", pilot_outcomes)
    counts = aggregates.compute(YEAR).area([data["essex"].pk])
    counts.values.update(optional_sources.tailored_list_counts([data["essex"].pk]))
    assert seen["las"] == [data["essex"].pk]
    # 3 of the 4 children sent a list had their first preference named.
    assert value("tailored_lists", counts).value == pytest.approx(75.0)


def test_every_metric_documents_itself():
    for metric in METRICS_BY_KEY.values():
        assert metric.definition and metric.numerator and metric.denominator and metric.sources


def test_all_councils_figures_take_a_fixed_number_of_queries(data, django_assert_max_num_queries):
    with django_assert_max_num_queries(9):
        aggregates.compute(YEAR)
