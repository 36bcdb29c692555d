"""Demo EHC needs assessment cases in every stage, built through the real workflow services.

Dates are relative to today so the demo always shows live deadlines: some on track, some due
soon, one overdue, one with an exception. Idempotent: a child who already has a case is skipped.

The educational psychologist's advice is structured (needs, outcomes, provision with quantities).
Every case that reached a draft has a full plan written through the plan services (section A in
the child's own words and the parents', needs by area, linked outcomes, quantified provision,
health provision agreed by the ICB; preparing for adulthood for the young person), and the
parent of the case at consultation has commented on the draft and has a message thread with the
caseworker.
"""

from __future__ import annotations

from datetime import date, timedelta

from django.db import transaction

from send_portal.models import Organisation

from .models import (
    AdviceItem,
    AdviceRequest,
    Child,
    ChildRelationship,
    PanelMeeting,
    Plan,
    RequestSource,
    Stage,
)
from .selectors import today
from .services import participation, plans, workflow

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
        summary=f"I saw {child.known_as} twice in school and once at home, and talked with "
        "the family and the class teacher. There are significant needs in social communication "
        "and in managing anxiety; the needs, outcomes and provision I recommend are below.",
        items=_ep_advice(child),
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
    _write_plan(ctx, case, worker, on=day(90))
    workflow.serve_draft_plan(actor=worker, case_id=case.pk, served_on=served)
    _family_talks(ctx, case, served, worker)
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


def _ep_advice(child: Child) -> list[dict]:
    """The educational psychologist's structured advice."""
    name = child.known_as
    return [
        {
            "kind": AdviceItem.Kind.NEED,
            "area": "communication",
            "description": f"{name} finds it hard to follow spoken instructions of more than two "
            "steps in a busy classroom and often watches other children to work out what to do.",
            "evidence": "Classroom observation and the CELF-5 receptive language subtests.",
        },
        {
            "kind": AdviceItem.Kind.NEED,
            "area": "semh",
            "description": f"{name} becomes anxious at transitions, especially at the start of "
            "the day, and has refused to go into class on 11 mornings this term.",
            "evidence": "Attendance records and discussion with the family.",
        },
        {
            "kind": AdviceItem.Kind.NEED,
            "area": "sensory_physical",
            "description": f"{name} is very sensitive to noise: the hall and the dining room "
            "cause distress.",
            "evidence": "Sensory profile completed with the family.",
        },
        {
            "kind": AdviceItem.Kind.OUTCOME,
            "description": f"{name} will follow a three-step classroom instruction without adult "
            "help in 4 out of 5 observed lessons.",
            "by_when": "By the end of the school year",
        },
        {
            "kind": AdviceItem.Kind.OUTCOME,
            "description": f"{name} will go into class at the start of the day with a named "
            "adult on at least 9 days out of 10.",
            "by_when": "By the end of next term",
        },
        {
            "kind": AdviceItem.Kind.PROVISION,
            "description": "Individual speech and language therapy on understanding "
            "instructions, with a programme for class staff to use every day.",
            "delivered_by": "Speech and language therapist",
            "expertise": "HCPC-registered speech and language therapist",
            "group_size": "1:1",
            "frequency": "Once a week, 39 weeks a year",
            "duration": "45 minutes",
        },
        {
            "kind": AdviceItem.Kind.PROVISION,
            "description": "A planned arrival routine: a named adult meets them at the gate and "
            "goes into class with them before the bell.",
            "delivered_by": "Named key adult (teaching assistant)",
            "expertise": "Trained in the child's anxiety plan by the educational psychologist",
            "group_size": "1:1",
            "frequency": "Every school day",
            "duration": "15 minutes",
        },
        {
            "kind": AdviceItem.Kind.PROVISION,
            "description": "A quiet, low-noise place to eat lunch, with ear defenders available "
            "in the hall.",
            "delivered_by": "Lunchtime supervisor",
            "expertise": "Briefed by the SENCo on the sensory profile",
            "group_size": "Group of no more than 6",
            "frequency": "Every school day",
            "duration": "Lunchtime (45 minutes)",
        },
    ]


def _lock(plan: Plan) -> int:
    return Plan.objects.values_list("version_lock", flat=True).get(pk=plan.pk)


def _write_plan(ctx, case, worker, *, on: date) -> Plan:
    """Write the draft through the plan services, from the EP's structured advice."""
    child = case.child
    name = child.known_as
    young_person = child.age_on(on) >= 16
    plan = plans.start_draft(actor=worker, case_id=case.pk)
    plans.save_views(
        actor=worker,
        plan_id=plan.pk,
        expected_lock=_lock(plan),
        data={
            "child_strengths": "I am good at drawing and I know a lot about animals. My "
            "teacher says I am kind.",
            "child_interests": "Drawing, swimming, and looking after our dog.",
            "child_friends": "My best friend is Sam. I like my grandma.",
            "child_important": "Knowing what is going to happen. Having somewhere quiet.",
            "child_communication": "Give me time to answer. Show me, do not just tell me.",
            "child_aspirations": "I want to work with animals."
            if not young_person
            else "I want to go to college to study animal care and then get a job at a zoo.",
            "child_how_captured": f"Talked with {name} at school with their teaching assistant "
            "using picture cards.",
            "easy_read": not young_person,
            "parent_views": ""
            if young_person
            else f"{name} is a kind, funny child who finds busy places really hard. Mornings "
            "are the hardest part of the day. When staff know them well and plan ahead, they "
            "do really well.",
            "parent_aspirations": ""
            if young_person
            else f"We want {name} to be happy at school and to have friends.",
        },
    )
    for item in AdviceItem.objects.filter(advice__case=case).order_by("kind", "position"):
        plans.pull_advice_item(
            actor=worker, plan_id=plan.pk, expected_lock=_lock(plan), advice_item_id=item.pk
        )
    reading = plans.save_item(
        actor=worker,
        plan_id=plan.pk,
        expected_lock=_lock(plan),
        kind="need",
        data={
            "section": "B",
            "area": "cognition",
            "description": f"{name}'s reading is about 18 months below what is expected; "
            "decoding longer words is slow.",
            "evidence": "School reading assessments, autumn and spring terms.",
        },
    )
    plans.save_item(
        actor=worker,
        plan_id=plan.pk,
        expected_lock=_lock(plan),
        kind="provision",
        data={
            "section": "F",
            "description": "Structured phonics and reading programme, with progress checked "
            "every six weeks.",
            "delivered_by": "Specialist teacher",
            "expertise": "Qualified teacher with a specialist qualification in specific "
            "learning difficulties",
            "group_size": "Group of no more than 3",
            "frequency": "4 times a week",
            "duration": "30 minutes",
            "starts_on": on,
            "review_on": on + timedelta(days=180),
            "needs": [reading.pk],
        },
    )
    plans.save_item(
        actor=worker,
        plan_id=plan.pk,
        expected_lock=_lock(plan),
        kind="need",
        data={
            "section": "C",
            "description": "Mild asthma: needs an inhaler before PE.",
            "evidence": "GP letter",
        },
    )
    plans.save_item(
        actor=worker,
        plan_id=plan.pk,
        expected_lock=_lock(plan),
        kind="provision",
        data={
            "section": "G",
            "description": "Paediatric review of the sensory profile and sleep, with advice "
            "to school.",
            "delivered_by": "Community paediatrician",
            "expertise": "Consultant community paediatrician",
            "group_size": "1:1",
            "frequency": "Every 6 months",
            "duration": "30 minutes",
        },
    )
    if young_person:
        plans.save_item(
            actor=worker,
            plan_id=plan.pk,
            expected_lock=_lock(plan),
            kind="outcome",
            data={
                "description": f"{name} will travel to college on the bus on their own.",
                "by_when": "By the end of the first term at college",
                "preparation_for_adulthood": "independent_living",
                "needs": [n.pk for n in plan.needs.filter(area="semh")],
            },
        )
        plans.save_item(
            actor=worker,
            plan_id=plan.pk,
            expected_lock=_lock(plan),
            kind="provision",
            data={
                "section": "F",
                "description": "Travel training on the bus route to college, until the young "
                "person travels on their own.",
                "delivered_by": "Independent travel trainer",
                "expertise": "Council-trained travel trainer",
                "group_size": "1:1",
                "frequency": "Twice a week for 8 weeks",
                "duration": "1 hour",
                "needs": [n.pk for n in plan.needs.filter(area="semh")],
            },
        )
    icb = ctx.orgs.get("icb")
    plans.record_health_agreement(
        actor=worker,
        plan_id=plan.pk,
        expected_lock=_lock(plan),
        agreed_by="Designated clinical officer",
        icb=icb,
        agreed_on=on,
    )
    return plan


def _family_talks(ctx, case, served: date, worker) -> None:
    """The parent of the case at consultation comments on the draft and messages the team."""
    parent = ctx.people.get("parent")
    if parent is None or not case.child.relationships.filter(user=parent).exists():
        return
    draft = case.plans.get(status=Plan.Status.DRAFT)
    participation.comment_on_plan(
        actor=parent,
        plan_id=draft.pk,
        section="F",
        text="Speech and language therapy once a week is not enough: the therapist's report "
        "recommended twice a week.",
        made_on=served + timedelta(days=2),
    )
    participation.send_message(
        actor=parent,
        case_id=case.pk,
        text="Hello, could we talk about section F before the final plan? Mornings are still "
        "very hard for Alex.",
    )
    participation.send_message(
        actor=worker,
        case_id=case.pk,
        text="Thank you. I have read your comment on section F and asked the speech and "
        "language therapist. Could you do a call on Thursday at 10am?",
    )
    participation.send_message(
        actor=parent, case_id=case.pk, text="Thursday at 10am is fine. Thank you."
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
        family = ctx.people.get(family_key) if family_key else None
        if family is not None:
            kind = (
                ChildRelationship.Kind.YOUNG_PERSON
                if family_key == "young.person"
                else ChildRelationship.Kind.PARENT
            )
            if not ChildRelationship.objects.filter(
                child=child, user=family, kind=kind, is_active=True, shared_by_young_person=False
            ).exists():
                workflow.link_family_member(actor=worker, child=child, user=family, kind=kind)
        if child.cases.exists():
            continue
        _drive(ctx, child, target, now - timedelta(days=days_ago), worker, school)
