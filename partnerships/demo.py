"""Demo data for partnerships: the Essex partnership's named roles, approvers and co-production
log, and its local inclusion plan in two versions: version 1 published and signed off by the
DfE Regions Group (so Essex may pilot tailored lists), and version 2 submitted and waiting for
the Regions Group officer. Built through the services, so the timeline, audit log,
notifications and PDFs are real. Idempotent: an existing plan is left as it is.

So that every role can act at every step of a plan's approval (issue 20), the region also holds:
Essex's next plan (2029 to 2032) waiting for its board; Thurrock's plan agreed by the Regions
Group and waiting for sign-off; Southend-on-Sea's plan signed off and waiting for its chair to
publish it. Thurrock's and Southend-on-Sea's chairs are demo logins too.
"""

from __future__ import annotations

from datetime import date

from send_portal.models import OrganisationMembership
from standards import selectors as standards_selectors

from . import services
from .models import ApprovalPolicy, CoproductionEvent, PartnershipProfile, PartnershipRole

PLAN_TITLE = "Essex local inclusion plan 2025 to 2028"

SECTIONS = {
    "needs_assessment": (
        "Around 1 in 6 children in Essex schools has special educational needs, and requests "
        "for EHC needs assessments rose by a third in three years. Speech, language and "
        "communication needs and social, emotional and mental health needs are growing "
        "fastest.\n\nSchool capacity forecasts show a shortfall of specialist places in the "
        "south of the county by 2027, and too many children travel more than an hour to school."
    ),
    "provision": (
        "The partnership will commission the services below, each mapped to the National "
        "Standard it meets. The council and the ICB commission jointly where both pay."
    ),
    "sen_support": (
        "Every Essex school and nursery will publish what it offers at SEN Support, using a "
        "shared template, and review SEN Support plans with families at least three times a "
        "year. The council's inclusion team gives every SENCo termly supervision."
    ),
    "local_offer": (
        "This plan updates the Essex Local Offer: each commitment below will appear there with "
        "how to get it."
    ),
    "sufficiency": (
        "We will open 250 specialist places closer to home by 2027, including two new "
        "resourced provisions in the south, and reduce the use of independent specialist "
        "places. Alternative provision will offer outreach into mainstream schools first."
    ),
    "workforce": (
        "We will train every teaching assistant in evidence-based language interventions, "
        "fund 20 more educational psychology trainee places, and offer a SENCo network in each "
        "quadrant."
    ),
    "coproduction": (
        "The plan was written with Essex Family Forum and young people from the Essex youth "
        "voice group. The co-production log shows what families told us and what we changed."
    ),
}
LOCAL_OFFER_LINKS = [
    {"title": "Essex Local Offer", "url": "https://send.essex.gov.uk/"},
]
COMMITMENTS = [
    (
        "CI-1",
        "Speech and language screening in every funded early years setting",
        "Essex County Council with the ICB",
    ),
    (
        "CI-3",
        "Nuffield Early Language Intervention training for every primary school",
        "Essex County Council",
    ),
    (
        "SE-2",
        "Mental health support teams covering every secondary school",
        "NHS Mid and South Essex ICB",
    ),
    (
        "SP-2",
        "Sensory support service: qualified teachers of the deaf and of vision-impaired children",
        "Essex County Council",
    ),
]
EVENTS = [
    {
        "title": "Family Forum workshop on the draft plan",
        "kind": CoproductionEvent.Kind.FORUM,
        "held_on": date(2025, 3, 12),
        "who_took_part": "38 parents and carers from Essex Family Forum",
        "participants": 38,
        "parents_and_carers": True,
        "you_said": "It is hard to find out what support a school should give before an EHC plan.",
        "we_did": "Every school will publish its SEN Support offer on the Local Offer.",
    },
    {
        "title": "Young people's session at Chelmsford College",
        "kind": CoproductionEvent.Kind.YOUTH_VOICE,
        "held_on": date(2025, 4, 2),
        "who_took_part": "12 young people aged 15 to 19 from the Essex youth voice group",
        "participants": 12,
        "children_and_young_people": True,
        "you_said": "Moving to college was scary and nobody explained the support there.",
        "we_did": "Colleges will run transition days for students with SEN Support plans.",
    },
    {
        "title": "Online survey on specialist places",
        "kind": CoproductionEvent.Kind.SURVEY,
        "held_on": date(2025, 5, 20),
        "who_took_part": "412 parents and carers answered online",
        "participants": 412,
        "parents_and_carers": True,
        "you_said": "Children travel too far to specialist schools.",
        "we_did": "",
    },
]


def _roles(ctx, partnership) -> None:
    chair, member = ctx.people["board.chair"], ctx.people["board.member"]
    icb, sendiass = ctx.orgs.get("icb"), ctx.orgs.get("sendiass")
    essex = ctx.las["881"]
    rows = [
        ("chair", "Catherine Wells", chair, None),
        ("dcs", "Martin Hale", None, essex),
        ("icb_lead", "Dr Sunita Rao", None, icb),
        ("dco_dmo", "Dr Owen Price", None, icb),
        ("dsco", "Janet Moore", None, essex),
        ("pcf", "David Okoro", member, None),
        ("sendiass", "Amira Patel", None, sendiass),
        ("youth_justice", "Kevin Walsh", None, essex),
    ]
    for kind, name, user, organisation in rows:
        PartnershipRole.objects.get_or_create(
            partnership=partnership,
            kind=kind,
            holder_name=name,
            defaults={"holder": user, "organisation": organisation},
        )


def build(ctx) -> None:
    _essex(ctx)
    _plans_at_every_step(ctx)


def _essex(ctx) -> None:
    partnership = ctx.orgs["partnership"]
    chair, member = ctx.people["board.chair"], ctx.people["board.member"]
    officer, analyst = ctx.people["regions.officer"], ctx.people["analyst"]
    if ctx.orgs.get("sendiass") is not None:
        OrganisationMembership.objects.get_or_create(
            group=partnership,
            member=ctx.orgs["sendiass"],
            defaults={"sector": OrganisationMembership.Sector.SENDIASS},
        )
    _roles(ctx, partnership)
    profile = PartnershipProfile.objects.filter(partnership=partnership).first()
    if profile is None or not profile.is_tailored_list_pilot:
        services.set_tailored_list_pilot(
            actor=analyst, partnership_id=partnership.pk, is_pilot=True
        )
    PartnershipProfile.objects.get_or_create(partnership=ctx.orgs["thurrock_partnership"])
    if not ApprovalPolicy.objects.filter(partnership=partnership).exists():
        services.set_approval_policy(
            actor=chair, partnership_id=partnership.pk, approver_ids=[chair.pk, member.pk], quorum=2
        )
    if not partnership.coproduction_events.exists():
        for event in EVENTS:
            services.record_coproduction_event(actor=member, partnership_id=partnership.pk, **event)
    if partnership.inclusion_plans.filter(title=PLAN_TITLE).exists():
        return
    standards = standards_selectors.current_version()
    if standards is None:
        return

    first = services.start_plan(
        actor=chair,
        partnership_id=partnership.pk,
        title=PLAN_TITLE,
        period_start=2025,
        period_end=2028,
    )
    for kind, body in SECTIONS.items():
        services.update_section(
            actor=member,
            version_id=first.pk,
            kind=kind,
            body=body,
            links=LOCAL_OFFER_LINKS if kind == "local_offer" else None,
        )
    entries = {e.code: e for e in standards_selectors.entries_of(standards)}
    for code, description, commissioner in COMMITMENTS:
        services.add_commitment(
            actor=member,
            version_id=first.pk,
            standard_version_id=entries[code].pk,
            description=description,
            commissioner=commissioner,
        )
    services.add_comment(
        actor=chair,
        version_id=first.pk,
        section="sufficiency",
        body="Can we say which areas the new resourced provisions will be in?",
    )
    services.send_for_board_approval(actor=chair, version_id=first.pk)
    services.record_board_decision(
        actor=member, version_id=first.pk, approve=True, comment="Families' points are reflected."
    )
    services.record_board_decision(actor=chair, version_id=first.pk, approve=True)
    services.submit_to_regions_group(actor=chair, version_id=first.pk)
    services.agree_plan(
        actor=officer,
        version_id=first.pk,
        reasons="The plan rests on a joint needs assessment and was co-produced with families.",
    )
    services.sign_off_plan(
        actor=officer,
        version_id=first.pk,
        standards_version_id=standards.pk,
        checks={
            entry.pk: ("in_accordance", "")
            if entry.tier != "specialist"
            else ("not_applicable", "Specialist provision is set out in the council's EHC plans.")
            for entry in entries.values()
        },
        reasons="Quality assured against every standard: commitments cover early "
        "identification, SEN Support and sensory support, with clear commissioners.",
    )
    services.publish_plan(actor=chair, version_id=first.pk)

    second = services.start_new_version(actor=member, plan_id=first.plan_id)
    services.update_section(
        actor=member,
        version_id=second.pk,
        kind="workforce",
        body=SECTIONS["workforce"]
        + " From 2026, every new SENCo will complete the national professional qualification for "
        "SENCos (NPQ SENCo) within their first three years.",
    )
    services.send_for_board_approval(actor=chair, version_id=second.pk)
    services.record_board_decision(actor=member, version_id=second.pk, approve=True)
    services.record_board_decision(actor=chair, version_id=second.pk, approve=True)
    services.submit_to_regions_group(actor=chair, version_id=second.pk)


NEXT_ESSEX_TITLE = "Essex local inclusion plan 2029 to 2032"
THURROCK_TITLE = "Thurrock local inclusion plan 2025 to 2028"
SOUTHEND_TITLE = "Southend-on-Sea local inclusion plan 2025 to 2028"


def _write(version, author, place: str) -> None:
    """Every section of ``version`` written (the Essex wording with the place's name), and one
    commitment, so the plan can go to its board."""
    for kind, body in SECTIONS.items():
        services.update_section(
            actor=author, version_id=version.pk, kind=kind, body=body.replace("Essex", place)
        )
    standards = standards_selectors.current_version()
    entries = {e.code: e for e in standards_selectors.entries_of(standards)}
    code, description, _ = COMMITMENTS[0]
    services.add_commitment(
        actor=author,
        version_id=version.pk,
        standard_version_id=entries[code].pk,
        description=description,
        commissioner=f"{place} council with the ICB",
    )


def _partnership_with_chair(ctx, key: str, la_code: str, name: str, chair_key: str, person):
    """A partnership of one council with a board chair who approves its plan alone."""
    from send_portal.demo import _person
    from send_portal.models import Organisation, Role

    council = ctx.las[la_code]
    partnership = ctx.orgs.get(key)
    if partnership is None:
        partnership, _ = Organisation.objects.get_or_create(
            kind=Organisation.Kind.PARTNERSHIP,
            name=name,
            defaults={"region": council.region, "local_authority": council},
        )
        ctx.orgs[key] = partnership
    OrganisationMembership.objects.get_or_create(
        group=partnership, member=council, defaults={"sector": "la"}
    )
    PartnershipProfile.objects.get_or_create(partnership=partnership)
    first, last = person
    chair = _person(
        ctx,
        chair_key,
        first,
        last,
        [(Role.BOARD_CHAIR, partnership)],
        describe=f"Chair, {partnership.name}",
    )
    if not ApprovalPolicy.objects.filter(partnership=partnership).exists():
        services.set_approval_policy(
            actor=chair, partnership_id=partnership.pk, approver_ids=[chair.pk], quorum=1
        )
    return partnership, chair


def _plans_at_every_step(ctx) -> None:
    """A plan waiting at each step of its approval that is not Essex's current plan's."""
    standards = standards_selectors.current_version()
    officer = ctx.people["regions.officer"]
    if standards is None:
        return
    essex = ctx.orgs["partnership"]
    chair, member = ctx.people["board.chair"], ctx.people["board.member"]
    if not essex.inclusion_plans.filter(title=NEXT_ESSEX_TITLE).exists():
        # Essex's next plan, written ahead: waiting for the board (no one has decided yet).
        version = services.start_plan(
            actor=chair,
            partnership_id=essex.pk,
            title=NEXT_ESSEX_TITLE,
            period_start=2029,
            period_end=2032,
        )
        _write(version, member, "Essex")
        services.send_for_board_approval(actor=chair, version_id=version.pk)

    thurrock, thurrock_chair = _partnership_with_chair(
        ctx,
        "thurrock_partnership",
        "883",
        "Thurrock Local SEND and AP Partnership",
        "board.chair.thurrock",
        ("Ade", "Bankole"),
    )
    if not thurrock.inclusion_plans.filter(title=THURROCK_TITLE).exists():
        # Agreed by the Regions Group, waiting for its quality assurance and sign-off.
        version = services.start_plan(
            actor=thurrock_chair,
            partnership_id=thurrock.pk,
            title=THURROCK_TITLE,
            period_start=2025,
            period_end=2028,
        )
        _write(version, thurrock_chair, "Thurrock")
        services.send_for_board_approval(actor=thurrock_chair, version_id=version.pk)
        services.record_board_decision(actor=thurrock_chair, version_id=version.pk, approve=True)
        services.submit_to_regions_group(actor=thurrock_chair, version_id=version.pk)
        services.agree_plan(
            actor=officer,
            version_id=version.pk,
            reasons="A joint needs assessment with the ICB; families took part throughout.",
        )

    southend, southend_chair = _partnership_with_chair(
        ctx,
        "southend_partnership",
        "882",
        "Southend-on-Sea Local SEND and AP Partnership",
        "board.chair.southend",
        ("Rachel", "Dunmore"),
    )
    if not southend.inclusion_plans.filter(title=SOUTHEND_TITLE).exists():
        # Signed off by the Regions Group, waiting for its chair to publish it.
        version = services.start_plan(
            actor=southend_chair,
            partnership_id=southend.pk,
            title=SOUTHEND_TITLE,
            period_start=2025,
            period_end=2028,
        )
        _write(version, southend_chair, "Southend-on-Sea")
        services.send_for_board_approval(actor=southend_chair, version_id=version.pk)
        services.record_board_decision(actor=southend_chair, version_id=version.pk, approve=True)
        services.submit_to_regions_group(actor=southend_chair, version_id=version.pk)
        services.agree_plan(
            actor=officer, version_id=version.pk, reasons="Evidence-based and co-produced."
        )
        entries = standards_selectors.entries_of(standards)
        services.sign_off_plan(
            actor=officer,
            version_id=version.pk,
            standards_version_id=standards.pk,
            checks={
                entry.pk: ("in_accordance", "")
                if entry.tier != "specialist"
                else ("not_applicable", "Specialist provision is in the council's EHC plans.")
                for entry in entries
            },
            reasons="Quality assured against every standard.",
        )
