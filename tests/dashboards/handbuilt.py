"""A small data set whose dashboard figures were worked out by hand (reporting year 2025:
census day Thursday 16 January 2025; activity in calendar year 2024).

Rows are written directly (not through the workflow services) because the metrics depend on
exact dates that the services' "today" rules would not allow in the past; the dashboards only
read these tables.

Essex (881):
  A  request 2024-01-08, assess 2024-02-05, final 2024-05-20 (133 days, 19 weeks: within 20)
     ASD, male, born 2015-03-01 (9 on census day: 5 to 10), Community school (mainstream)
  B  request 2024-02-05, final 2024-09-02 (210 days, 30 weeks: 20 to 52), EXCEPTION
     SLCN, female, born 2010-06-01 (14: 11 to 15), Community special school (special)
  C  request 2023-01-02 (not a 2024 request), final 2024-03-04 (427 days, 61 weeks: over 52)
     SEMH, male, born 2007-01-01 (18: 16 to 19), Other independent special school
  D  request 2024-03-04, decided NOT to assess 2024-04-08 (an appealable refusal)
     MLD, female, born 2012-01-01 (no plan)
  E  request 2024-10-07, still being considered (no decision)
  F  request 2019-01-07, final 2019-05-27 (v1 mainstream), amended v2 issued 2023-06-01 naming
     a Pupil referral unit: counted once, as AP. ASD, male, born 2004-02-01 (20: 20 to 25)
  G  council became responsible 2024-06-03, final 2024-07-01: a new plan, but not a request and
     not in the timeliness figures. Section I type "Further education college" (post-16),
     PD, sex not known, born 2020-05-01 (4: under 5)
  H  request 2024-11-04, assess 2024-12-02, final 2025-03-03: after the census day
Thurrock (883):
  T  request 2024-01-15, final 2024-04-15 (91 days: within 20), ASD, male, born 2014-01-01

Redress (Essex): mediation M1 on A's final plan held 2024-07-01, then an appeal registered
2024-08-05 relying on it, allowed on 2024-12-02; mediation M2 on D's refusal held 2024-05-13,
no appeal. Complaint stages: council stage 1 started 2024-02-01 and stage 2 2024-04-01 (one
complaint); an Ombudsman stage of another complaint started 2023-12-01 (outside the year).
"""

from __future__ import annotations

import itertools
from datetime import date

from ehcp.models import Case, Child, Decision, Plan, Stage
from ehcp.redress.models import Complaint, ComplaintStage, MediationCase, TribunalAppeal
from send_portal.models import Organisation
from tests.factories import la

_refs = itertools.count(1)


def setting(council, setting_type: str, name: str) -> Organisation:
    return Organisation.objects.create(
        kind=Organisation.Kind.SETTING,
        name=name,
        setting_type=setting_type,
        urn=str(800000 + next(_refs)),
        local_authority=council,
        region=council.region,
    )


def child(council, need, sex, born, ethnicity="WBRI") -> Child:
    return Child.objects.create(
        local_authority=council,
        first_name="Test",
        last_name=f"Child{next(_refs)}",
        date_of_birth=born,
        sex=sex,
        ethnicity=ethnicity,
        primary_need=need,
        postcode="CM1 1AA",
    )


def case(
    council,
    kid,
    received,
    *,
    stage=Stage.FINAL_ISSUED,
    final=None,
    assessed=None,
    exception=False,
    responsible=False,
) -> Case:
    return Case.objects.create(
        reference=f"HB-{next(_refs)}",
        child=kid,
        local_authority=council,
        stage=stage,
        request_source="1",
        became_responsible=responsible,
        received_on=received,
        assessment_decided_on=assessed if assessed else (received if final else None),
        final_issued_on=final,
        closed_on=final,
        has_exception=exception,
        twenty_week_exception=exception,
    )


def plan(c: Case, issued, *, setting_obj=None, described="", version=1, status="final") -> Plan:
    return Plan.objects.create(
        case=c,
        version=version,
        status=status,
        issued_on=issued,
        served_on=issued,
        section_i_setting=setting_obj,
        section_i_type=described,
    )


def build() -> dict:
    essex, thurrock = la("881"), la("883")
    mainstream = setting(essex, "Community school", "Brook Primary")
    special = setting(essex, "Community special school", "Oak Special")
    independent = setting(essex, "Other independent special school", "Elm House")
    pru = setting(essex, "Pupil referral unit", "Ash PRU")
    thurrock_school = setting(thurrock, "Academy converter", "Grays Academy")

    a = case(
        essex,
        child(essex, "ASD", "M", date(2015, 3, 1)),
        date(2024, 1, 8),
        assessed=date(2024, 2, 5),
        final=date(2024, 5, 20),
    )
    plan(a, date(2024, 5, 20), setting_obj=mainstream)
    b = case(
        essex,
        child(essex, "SLCN", "F", date(2010, 6, 1)),
        date(2024, 2, 5),
        final=date(2024, 9, 2),
        exception=True,
    )
    plan(b, date(2024, 9, 2), setting_obj=special)
    c = case(
        essex, child(essex, "SEMH", "M", date(2007, 1, 1)), date(2023, 1, 2), final=date(2024, 3, 4)
    )
    plan(c, date(2024, 3, 4), setting_obj=independent)
    d = case(
        essex,
        child(essex, "MLD", "F", date(2012, 1, 1)),
        date(2024, 3, 4),
        stage=Stage.NOT_ASSESSED,
        assessed=date(2024, 4, 8),
    )
    refusal = Decision.objects.create(
        case=d, kind=Decision.Kind.NOT_ASSESS, decided_on=date(2024, 4, 8)
    )
    case(
        essex,
        child(essex, "SPLD", "M", date(2013, 1, 1)),
        date(2024, 10, 7),
        stage=Stage.CONSIDERING,
    )
    f = case(
        essex, child(essex, "ASD", "M", date(2004, 2, 1)), date(2019, 1, 7), final=date(2019, 5, 27)
    )
    plan(f, date(2019, 5, 27), setting_obj=mainstream)
    plan(f, date(2023, 6, 1), setting_obj=pru, version=2, status="amended")
    g = case(
        essex,
        child(essex, "PD", "U", date(2020, 5, 1)),
        date(2024, 6, 3),
        final=date(2024, 7, 1),
        responsible=True,
    )
    plan(g, date(2024, 7, 1), described="Further education college")
    h = case(
        essex,
        child(essex, "HI", "F", date(2016, 1, 1)),
        date(2024, 11, 4),
        assessed=date(2024, 12, 2),
        final=date(2025, 3, 3),
    )
    plan(h, date(2025, 3, 3), setting_obj=mainstream)
    t = case(
        thurrock,
        child(thurrock, "ASD", "M", date(2014, 1, 1)),
        date(2024, 1, 15),
        final=date(2024, 4, 15),
    )
    plan(t, date(2024, 4, 15), setting_obj=thurrock_school)

    final_decision = Decision.objects.create(
        case=a, kind=Decision.Kind.FINAL_PLAN, decided_on=date(2024, 5, 20)
    )
    m1 = MediationCase.objects.create(
        case=a,
        decision=final_decision,
        adviser_contacted_on=date(2024, 6, 1),
        held_on=date(2024, 7, 1),
    )
    MediationCase.objects.create(
        case=d, decision=refusal, adviser_contacted_on=date(2024, 4, 20), held_on=date(2024, 5, 13)
    )
    TribunalAppeal.objects.create(
        case=a,
        decision=final_decision,
        mediation=m1,
        registered_on=date(2024, 8, 5),
        outcome="allowed",
        decided_on=date(2024, 12, 2),
    )
    first = Complaint.objects.create(
        local_authority=essex,
        complainant_name="A parent",
        category="delay",
        summary="Late plan",
        responsible="council",
        received_on=date(2024, 2, 1),
        stage="la_stage_2",
    )
    ComplaintStage.objects.create(complaint=first, stage="la_stage_1", started_on=date(2024, 2, 1))
    ComplaintStage.objects.create(complaint=first, stage="la_stage_2", started_on=date(2024, 4, 1))
    other = Complaint.objects.create(
        local_authority=essex,
        complainant_name="B parent",
        category="other",
        summary="Other",
        responsible="council",
        received_on=date(2023, 10, 1),
        stage="lgsco",
    )
    ComplaintStage.objects.create(complaint=other, stage="lgsco", started_on=date(2023, 12, 1))
    return {"essex": essex, "thurrock": thurrock, "cases": {"a": a, "d": d, "f": f, "g": g}}
