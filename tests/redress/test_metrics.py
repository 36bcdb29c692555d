"""Dashboard figures on a small hand-built data set, with the answers worked out by hand.

Period: 1 October to 30 November 2026; councils: Essex only.

Essex cases
  A  not to assess, sent 19 Oct   mediation held 5 Nov, certificate 6 Nov, appeal 10 Nov
  B  not to assess, sent 19 Oct   mediation held 6 Nov, no appeal
  C  final plan, sent 16 Nov      appeal (section I) 18 Nov, allowed 20 Nov
  D  not to issue, sent 14 Oct    appeal 20 Oct (Tribunal allowed it without a certificate),
                                  withdrawn 25 Oct
  F  not to assess, sent 7 Sep    mediation held 15 Sep, appeal 20 Sep (all before the period)
Thurrock case
  E  not to assess, sent 19 Oct   appeal 21 Oct (another council: never counted)

Appealable decisions sent in the period (Essex): A, B, C, D = 4 (C's and D's earlier decisions
to assess or issue carry no appeal). Appeals registered in the period: A, C, D = 3, so
3 / 4 x 100 = 75.0 per 100. Mediations held in the period: A, B = 2; followed by an appeal:
A = 1, so 50.0%. Outcomes decided in the period: allowed 1 (C), withdrawn 1 (D).

Complaints (Essex): X received 1 Oct, closed 13 Oct (12 days, stage 1); Y received 1 Sep
(before the period), closed 21 Oct (50 days); Z received 5 Oct, now at stage 2; W received
10 Nov, at stage 1; Thurrock T received 10 Oct (not counted). Received in the period: X, Z, W =
3 (stage 1: 2, stage 2: 1); closed in the period: X, Y = 2; median days to close (12, 50) = 31.
"""

from __future__ import annotations

from datetime import date

import pytest

from ehcp.redress import metrics
from ehcp.redress.models import Matter
from ehcp.redress.services import appeals, complaints, mediation
from send_portal.models import Organisation, Role
from tests.factories import la, person_with_role
from tests.redress.helpers import final_plan, mediator, not_assessed, not_issued

pytestmark = pytest.mark.django_db

START, END = date(2026, 10, 1), date(2026, 11, 30)


def _mediate(fam, *, told, held, certificate=None):
    m = mediation.open_mediation_case(
        actor=fam.parent, decision_id=fam.decision.pk, contacted_on=told
    )
    mediation.record_mediation_choice(
        actor=fam.parent,
        mediation_id=m.pk,
        wishes_to_mediate=True,
        told_on=told,
        issues=[Matter.REFUSAL_TO_ASSESS],
    )
    med = mediator()
    mediation.arrange_mediation(
        actor=fam.worker, mediation_id=m.pk, arranged_for=held, mediator=med
    )
    mediation.record_session(actor=med, mediation_id=m.pk, held_on=held, format="in_person")
    if certificate:
        mediation.conclude_mediation(
            actor=med, mediation_id=m.pk, concluded_on=held, outcome="not_agreed"
        )
        mediation.issue_certificate(actor=med, mediation_id=m.pk, issued_on=certificate)
    return m


def _appeal(fam, on, matters, **kwargs):
    return appeals.register_appeal(
        actor=fam.worker, decision_id=fam.decision.pk, registered_on=on, matters=matters, **kwargs
    )


def _complaint(worker, council, received):
    return complaints.record_complaint(
        actor=worker,
        local_authority=council,
        received_on=received,
        complainant_name="A parent",
        category="delay",
        summary=f"Complaint received {received}",
        responsible="council",
    )


@pytest.fixture
def data():
    a = not_assessed()
    _mediate(a, told=date(2026, 10, 20), held=date(2026, 11, 5), certificate=date(2026, 11, 6))
    _appeal(a, date(2026, 11, 10), [Matter.REFUSAL_TO_ASSESS])
    b = not_assessed()
    _mediate(b, told=date(2026, 10, 20), held=date(2026, 11, 6))
    c = final_plan()
    appeal_c = _appeal(c, date(2026, 11, 18), [Matter.SECTION_I])
    appeals.record_appeal_decision(
        actor=c.worker, appeal_id=appeal_c.pk, outcome="allowed", decided_on=date(2026, 11, 20)
    )
    d = not_issued()
    appeal_d = _appeal(
        d, date(2026, 10, 20), [Matter.REFUSAL_TO_ISSUE], without_certificate_permission=True
    )
    appeals.record_appeal_decision(
        actor=d.worker, appeal_id=appeal_d.pk, outcome="withdrawn", decided_on=date(2026, 10, 25)
    )
    f = not_assessed(received_on=date(2026, 8, 3))
    _mediate(f, told=date(2026, 9, 8), held=date(2026, 9, 15), certificate=date(2026, 9, 16))
    _appeal(f, date(2026, 9, 20), [Matter.REFUSAL_TO_ASSESS])
    e = not_assessed(la_code="883")
    _appeal(e, date(2026, 10, 21), [Matter.REFUSAL_TO_ASSESS], without_certificate_permission=True)

    essex, thurrock = la("881"), la("883")
    worker = person_with_role(Role.CASEWORKER, essex)
    x = _complaint(worker, essex, date(2026, 10, 1))
    complaints.record_response(
        actor=worker, complaint_id=x.pk, responded_on=date(2026, 10, 8), outcome="upheld"
    )
    complaints.close_complaint(
        actor=worker, complaint_id=x.pk, closed_on=date(2026, 10, 13), outcome="upheld"
    )
    y = _complaint(worker, essex, date(2026, 9, 1))
    complaints.record_response(
        actor=worker, complaint_id=y.pk, responded_on=date(2026, 10, 20), outcome="not_upheld"
    )
    complaints.close_complaint(
        actor=worker, complaint_id=y.pk, closed_on=date(2026, 10, 21), outcome="not_upheld"
    )
    z = _complaint(worker, essex, date(2026, 10, 5))
    complaints.record_response(
        actor=worker, complaint_id=z.pk, responded_on=date(2026, 10, 12), outcome="not_upheld"
    )
    complaints.escalate_complaint(
        actor=worker, complaint_id=z.pk, to_stage="la_stage_2", escalated_on=date(2026, 10, 15)
    )
    _complaint(worker, essex, date(2026, 11, 10))
    _complaint(person_with_role(Role.CASEWORKER, thurrock), thurrock, date(2026, 10, 10))
    return Organisation.objects.filter(pk=essex.pk)


def test_mediations_held_and_followed_by_an_appeal(data):
    figures = metrics.mediation_figures(data, START, END)
    assert (figures.held, figures.followed_by_appeal, figures.percent_followed_by_appeal) == (
        2,
        1,
        50.0,
    )


def test_appeals_per_100_appealable_decisions(data):
    rate = metrics.appeal_rate(data, START, END)
    assert (rate.appealable_decisions, rate.appeals_registered) == (4, 3)
    assert rate.per_100_appealable_decisions == 75.0


def test_tribunal_outcomes(data):
    assert metrics.tribunal_outcomes(data, START, END) == {
        "allowed": 1,
        "partly_allowed": 0,
        "dismissed": 0,
        "withdrawn": 1,
        "conceded": 0,
    }


def test_complaints_by_stage_and_time_taken(data):
    figures = metrics.complaint_figures(data, START, END)
    assert figures.by_stage == {
        "setting": 0,
        "la_stage_1": 2,
        "la_stage_2": 1,
        "icb": 0,
        "lgsco": 0,
        "phso": 0,
    }
    assert (figures.received, figures.closed, figures.median_days_to_close) == (3, 2, 31.0)


def test_both_councils_together_add_thurrock(data):
    both = Organisation.objects.filter(la_code__in=["881", "883"], kind="la")
    rate = metrics.appeal_rate(both, START, END)
    assert (rate.appealable_decisions, rate.appeals_registered) == (5, 4)
    assert rate.per_100_appealable_decisions == 80.0
    assert metrics.complaint_figures(both, START, END).received == 4


def test_nothing_to_divide_by_gives_none_not_zero(db):
    nobody = Organisation.objects.filter(la_code="882", kind="la")
    assert metrics.mediation_figures(nobody, START, END).percent_followed_by_appeal is None
    assert metrics.appeal_rate(nobody, START, END).per_100_appealable_decisions is None
    assert metrics.complaint_figures(nobody, START, END).median_days_to_close is None


def test_summary_for_the_dashboards(data):
    summary = metrics.summary(data, START, END)
    assert summary["mediations_held"] == 2
    assert summary["percent_mediations_followed_by_appeal"] == 50.0
    assert summary["appeals_per_100_appealable_decisions"] == 75.0
    assert summary["complaints_by_stage"]["la_stage_2"] == 1
    assert summary["period"] == {"start": "2026-10-01", "end": "2026-11-30"}
