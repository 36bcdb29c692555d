"""Demo EHC needs assessment cases in every stage, built through the real workflow services.

Dates are relative to today so the demo always shows live deadlines: some on track, some due
soon, one overdue, one with an exception. Idempotent: a child who already has a case is skipped.
"""

from __future__ import annotations

from datetime import date, timedelta

from django.db import transaction

from send_portal.models import Organisation

from .models import AdviceRequest, Child, ChildRelationship, PanelMeeting, RequestSource, Stage
from .selectors import today
from .services import workflow

# (first name, last name, date of birth offset in years, sex, primary need, target stage,
#  days ago the request was received, family key)
CASES = [
    ("Alex", "Taylor", 9, "M", "ASD", Stage.CONSULTING, 105, "parent"),
    ("Jordan", "Okafor", 17, "F", "SLCN", Stage.DRAFT_SERVED, 100, "young.person"),
    ("Mia", "Robinson", 6, "F", "SLCN", Stage.REQUEST_RECEIVED, 3, None),
    ("Noah", "Patel", 11, "M", "SEMH", Stage.CONSIDERING, 36, None),
    ("Isla", "Hughes", 4, "F", "PD", Stage.ASSESSING, 60, None),
    ("Leo", "Wright", 13, "M", "SPLD", Stage.PANEL, 95, None),
    ("Ava", "Ahmed", 8, "F", "MLD", Stage.DRAFTING, 90, None),
    ("Oliver", "Green", 7, "M", "ASD", Stage.FINAL_ISSUED, 150, None),
    ("Freya", "Khan", 10, "F", "SEMH", Stage.NOT_ASSESSED, 70, None),
    ("Harry", "Evans", 12, "M", "MLD", Stage.NOT_ISSUED, 130, None),
    ("Ella", "Morris", 5, "F", "HI", Stage.CONSIDERING, 50, None),  # overdue decision
]

ORDER = [
    Stage.REQUEST_RECEIVED,
    Stage.CONSIDERING,
    Stage.ASSESSING,
    Stage.PANEL,
    Stage.DRAFTING,
    Stage.DRAFT_SERVED,
    Stage.CONSULTING,
    Stage.FINAL_ISSUED,
]


def _reached(target: str, stage: str) -> bool:
    if target in (Stage.NOT_ASSESSED,):
        return stage in (Stage.REQUEST_RECEIVED, Stage.CONSIDERING)
    if target == Stage.NOT_ISSUED:
        return stage in ORDER[:4]
    return stage in ORDER and ORDER.index(stage) <= ORDER.index(target)


def _panel(ctx, la: Organisation, on: date) -> PanelMeeting:
    meeting, created = PanelMeeting.objects.get_or_create(
        local_authority=la, meets_on=on, defaults={"title": "EHC multi-agency panel"}
    )
    if created and "panel" in ctx.people:
        meeting.members.add(ctx.people["panel"])
    return meeting


def _drive(ctx, child: Child, target: str, received: date, worker, school) -> None:
    def day(n: int) -> date:
        return min(received + timedelta(days=n), today())

    case = workflow.receive_request(
        actor=worker,
        child=child,
        received_on=received,
        source=RequestSource.FAMILY,
        requested_by_name="Parent",
        caseworker=worker,
    )
    if not _reached(target, Stage.CONSIDERING) and target != Stage.NOT_ASSESSED:
        return
    workflow.start_considering(actor=worker, case_id=case.pk, notified_on=day(2))
    if target == Stage.CONSIDERING:
        if child.first_name == "Ella":
            workflow.record_exception(
                actor=worker,
                case_id=case.pk,
                reason="10_4_c",
                applies_to="decision_to_assess",
                starts_on=day(10),
                evidence="Family bereavement; parent asked for time to send "
                "views (email of 14 March on file).",
            )
        return
    if target == Stage.NOT_ASSESSED:
        workflow.decide_whether_to_assess(
            actor=worker,
            case_id=case.pk,
            assess=False,
            decided_on=day(38),
            notice_sent_on=day(39),
            reasons="The school's SEN Support plan is new and should be reviewed first.",
        )
        return
    workflow.decide_whether_to_assess(
        actor=worker, case_id=case.pk, assess=True, decided_on=day(35), notice_sent_on=day(36)
    )
    ep = ctx.people.get("ep")
    advice = workflow.request_advice(
        actor=worker,
        case_id=case.pk,
        advice_type=AdviceRequest.AdviceType.EDUCATIONAL_PSYCHOLOGIST,
        requested_on=day(37),
        adviser=ep,
    )
    health = workflow.request_advice(
        actor=worker,
        case_id=case.pk,
        advice_type=AdviceRequest.AdviceType.HEALTH,
        requested_on=day(37),
        adviser=ctx.people.get("health"),
    )
    if target == Stage.ASSESSING:
        return
    workflow.record_advice_received(
        actor=worker,
        advice_id=advice.pk,
        received_on=day(70),
        summary="Significant needs in social communication.",
    )
    workflow.record_advice_received(
        actor=worker,
        advice_id=health.pk,
        received_on=day(72),
        summary="No health needs beyond the paediatric review.",
    )
    meeting = _panel(ctx, child.local_authority, day(80))
    item = workflow.refer_to_panel(
        actor=worker,
        case_id=case.pk,
        meeting_id=meeting.pk,
        summary=f"{child.full_name}: advice gathered from EP and health.",
        on=day(75),
    )
    if target == Stage.PANEL:
        return
    workflow.record_panel_recommendation(
        actor=worker,
        item_id=item.pk,
        recommendation="not_issue" if target == Stage.NOT_ISSUED else "issue",
        reasons="Needs can be met through SEN Support with the EP's recommendations."
        if target == Stage.NOT_ISSUED
        else "Needs require provision beyond SEN Support.",
        on=day(80),
    )
    if target == Stage.NOT_ISSUED:
        workflow.decide_whether_to_issue(
            actor=worker,
            case_id=case.pk,
            issue=False,
            decided_on=day(82),
            notice_sent_on=day(83),
            reasons="Needs can be met from the school's resources with SEN Support.",
        )
        return
    workflow.decide_whether_to_issue(
        actor=worker, case_id=case.pk, issue=True, decided_on=day(82), notice_sent_on=day(83)
    )
    if target == Stage.DRAFTING:
        return
    served = day(97) if target != Stage.FINAL_ISSUED else day(95)
    workflow.serve_draft_plan(actor=worker, case_id=case.pk, served_on=served)
    if target == Stage.DRAFT_SERVED:
        return
    request = workflow.request_setting(
        actor=worker, case_id=case.pk, requested_on=served + timedelta(days=3), setting=school
    )
    workflow.consult_setting(
        actor=worker, setting_request_id=request.pk, consulted_on=served + timedelta(days=4)
    )
    if target == Stage.CONSULTING:
        return
    workflow.record_setting_response(
        actor=worker,
        setting_request_id=request.pk,
        response="can_meet",
        responded_on=day(115),
        detail="We can meet Oliver's needs with the provision in F.",
    )
    workflow.decide_placement(
        actor=worker, setting_request_id=request.pk, name_it=True, decided_on=day(118)
    )
    workflow.issue_final_plan(
        actor=worker, case_id=case.pk, issued_on=day(125), notice_sent_on=day(125)
    )


@transaction.atomic
def build(ctx) -> None:
    essex = ctx.las["881"]
    worker = ctx.people["caseworker"]
    school = ctx.orgs["senco_school"]
    now = today()
    for first, last, age, sex, need, target, days_ago, family_key in CASES:
        dob = date(now.year - age, 3, 14)
        child, _ = Child.objects.get_or_create(
            local_authority=essex,
            first_name=first,
            last_name=last,
            date_of_birth=dob,
            defaults={
                "sex": sex,
                "primary_need": need,
                "current_setting": school,
                "postcode": "CM1 1AA",
                "ethnicity": "WBRI",
            },
        )
        if family_key and family_key in ctx.people:
            kind = (
                ChildRelationship.Kind.YOUNG_PERSON
                if family_key == "young.person"
                else ChildRelationship.Kind.PARENT
            )
            workflow.link_family_member(
                actor=worker, child=child, user=ctx.people[family_key], kind=kind
            )
        if child.cases.exists():
            continue
        _drive(ctx, child, target, now - timedelta(days=days_ago), worker, school)
