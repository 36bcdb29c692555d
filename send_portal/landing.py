"""What each role can do here: the content of the signed-in landing page.

Each entry follows shared/domain/ROLES.md. ``links`` name URL patterns; as each issue adds a
workflow, it adds its pages here so every role's landing page says what it can actually do.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.urls import NoReverseMatch, reverse

from .models import Role


@dataclass(frozen=True)
class Link:
    text: str
    url_name: str
    description: str = ""


@dataclass(frozen=True)
class RoleGuide:
    role: str
    heading: str
    summary: str
    can_do: tuple[str, ...]
    links: tuple[Link, ...] = field(default_factory=tuple)


_COMMON_LINKS = (
    Link("Your notifications", "notifications", "Messages about your work or your child's case."),
)
_MY_CASES = Link(
    "Your child's case",
    "family-cases",
    "Where the assessment or plan is, what happens next and by when.",
)
_MY_REVIEWS = Link(
    "Reviews of the plan",
    "family-reviews",
    "Annual reviews: the meeting, your views, the council's decision and what changed.",
)
_CASELOAD = Link("Caseload", "caseload", "Your cases and your team's, with what is due next.")
_NEW_REQUEST = Link(
    "Record a new request",
    "case-new",
    "A request for an EHC needs assessment: the statutory clock starts.",
)
_ONLINE_REQUESTS = Link(
    "Requests made online",
    "online-requests",
    "Requests families sent online, waiting to be checked and recorded, with the decision date.",
)
_TEAM = Link(
    "Your team's caseloads",
    "team",
    "Open, overdue and unallocated cases per caseworker; move cases between caseworkers.",
)
_APPROVALS = Link(
    "Decisions to approve",
    "approvals",
    "Decisions your council reserves to a SEND manager, prepared by caseworkers.",
)
_RESERVED = Link(
    "Decisions a SEND manager must approve",
    "team-reserved",
    "Choose which decisions (to assess, to issue a plan, to stop a plan) need approval.",
)
_PANELS = Link("Multi-agency panels", "panels", "Agendas and the panel's recommendations.")
_REVIEWS = Link(
    "Reviews of EHC plans",
    "reviews-list",
    "Annual and phase transfer reviews, with what is due next and what is overdue.",
)
_TRANSFER_COHORT = Link(
    "Phase transfer cohort",
    "reviews-cohort",
    "Every child moving between phases this year, with its state and risk.",
)
_SETTING_REVIEWS = Link(
    "Reviews your setting holds",
    "reviews-setting-list",
    "Arrange review meetings and send their reports.",
)
_ADVICE = Link(
    "Advice requests", "advice-inbox", "The advice the council has asked you for, with due dates."
)
_ADVICE_SENT = Link(
    "Advice you have sent",
    "advice-sent",
    "What you sent, when, and the council's receipt for it.",
)
_CONSULTATIONS = Link(
    "Consultations",
    "consultations",
    "Councils asking whether your setting can meet a child's needs.",
)
_TIMESCALES = Link(
    "Statutory timescales calculator",
    "timescales",
    "Work out the legal deadlines for an EHC needs assessment, plan, review or appeal.",
)

# Partnerships, local inclusion plans and the National Standards (partnerships/, standards/).
_STANDARDS_BROWSER = Link(
    "What support your child's nursery, school or college should offer",
    "standards:browse",
    "The National Standards (illustrative until DfE publishes them), by need and setting.",
)
_PUBLISHED_PLANS = Link(
    "Your area's local inclusion plan",
    "partnerships:public-plans",
    "What the local partnership will provide, and what families told it.",
)
_PLANS = Link(
    "Local inclusion plans",
    "partnerships:plans",
    "Draft, comment on and approve the plan, and follow its approval history.",
)
_PARTNERSHIPS = Link(
    "Your partnership",
    "partnerships:partnerships",
    "Member organisations, named roles, plan approvers and the co-production log.",
)
_REGION_PLANS = Link(
    "Local inclusion plans in your region",
    "partnerships:plans",
    "Plans submitted to you: agree, quality assure and sign off, or return them.",
)
_STANDARDS_VERSIONS = Link(
    "National Standards versions",
    "standards:versions",
    "Draft, test and publish versions of the standards, and see what changed.",
)
# Mediation, appeals and complaints (ehcp/redress/).
_MEDIATION_AND_APPEALS = Link(
    "Mediation and appeals",
    "redress-family-home",
    "If you disagree with a decision: mediation, appeals and complaints, with your dates.",
)
_APPEALS_AND_MEDIATION = Link(
    "Appeals and mediation",
    "redress-appeals",
    "Tribunal appeals, orders and compliance deadlines, mediation cases and complaints.",
)
# Inclusion dashboards and the SEN2 return (dashboards/).
_DASHBOARDS = Link(
    "Inclusion dashboards",
    "dashboards:index",
    "EHC plan figures for your area beside the published statistics, with comparisons.",
)
_RETENTION = Link(
    "Retention, erasure and subject access",
    "retention",
    "Records past their retention date; download a child's access log; erase a record.",
)
_TAILORED_LISTS_PILOT = Link(
    "Tailored lists pilot: outcomes",
    "tailored-list-evaluation",
    "For each child sent a list: first preference named, chose off the list, appealed.",
)
_PUBLIC_DASHBOARD = Link(
    "How EHC plans are working in your area",
    "dashboards:index",
    "Public figures for each council: how many plans, how long they take, appeals.",
)
_MEDIATION_CASES = Link(
    "Your mediation cases",
    "redress-mediation-list",
    "The mediation cases assigned to you, with what is due.",
)

GUIDES: dict[str, RoleGuide] = {
    Role.PARENT: RoleGuide(
        Role.PARENT,
        "Your child's education, health and care support",
        "Follow your child's EHC needs assessment or plan: where it is, who your caseworker is, "
        "what happens next and by when, and what your rights are.",
        (
            "See every step of your child's case with its date and the law behind it",
            "Give your views and your child's views (section A of the plan)",
            "Comment on a draft plan and ask for a particular school or college",
            "Ask for a meeting or a personal budget, and message your caseworker",
            "Find out about mediation and appeals, and get free independent advice",
        ),
        (
            _MY_CASES,
            _MY_REVIEWS,
            _MEDIATION_AND_APPEALS,
            _TIMESCALES,
            Link(
                "Your rights",
                "rights",
                "What you can do, by when, and who can help. Easy read too.",
            ),
            Link("Help and independent advice", "help"),
            _STANDARDS_BROWSER,
            _PUBLISHED_PLANS,
            _PUBLIC_DASHBOARD,
        ),
    ),
    Role.YOUNG_PERSON: RoleGuide(
        Role.YOUNG_PERSON,
        "Your education, health and care support",
        "You are over compulsory school age, so the rights belong to you: you can make requests, "
        "give your views and appeal in your own name. Someone can act for you if you want.",
        (
            "See every step of your case with its date and the law behind it",
            "Give your views for section A of your plan",
            "Comment on a draft plan and ask for a particular college or setting",
            "Message your caseworker and ask for a meeting or a personal budget",
        ),
        (
            Link("Your case", "family-cases", "Where it is, what happens next and by when."),
            _MY_REVIEWS,
            _MEDIATION_AND_APPEALS,
            _TIMESCALES,
            Link(
                "Your rights",
                "rights",
                "What you can do, by when, and who can help. Easy read too.",
            ),
            Link("Help and independent advice", "help"),
            _STANDARDS_BROWSER,
            _PUBLISHED_PLANS,
            _PUBLIC_DASHBOARD,
        ),
    ),
    Role.CASEWORKER: RoleGuide(
        Role.CASEWORKER,
        "Caseworker workbench",
        "Run EHC needs assessments, plans and reviews for your council against their "
        "statutory deadlines.",
        (
            "See your caseload and your team's, with what is due next and what is overdue",
            "Record decisions, request advice, prepare panels, draft and issue plans",
            "Write the standard EHC plan section by section from structured advice, with "
            "quality checks, every version kept, comparisons and PDFs",
            "Send decision letters with appeal and mediation information",
            "Message families and read their comments on each section of a draft",
            "In tailored lists pilot areas, send a child's list of suitable settings with the "
            "reasons for each, and consult the settings the family prefers",
        ),
        (
            _CASELOAD,
            _NEW_REQUEST,
            _ONLINE_REQUESTS,
            _PANELS,
            _REVIEWS,
            _TRANSFER_COHORT,
            _APPEALS_AND_MEDIATION,
            _TIMESCALES,
        ),
    ),
    Role.SEND_MANAGER: RoleGuide(
        Role.SEND_MANAGER,
        "SEND service management",
        "See all of your council's cases and performance, allocate caseloads and approve "
        "decisions the council reserves to managers.",
        (
            "Allocate and rebalance caseloads",
            "Approve reserved decisions",
            "Read your council's dashboards and the audit log",
            "Check and download the council's SEN2 return",
        ),
        (
            _TEAM,
            _APPROVALS,
            _RESERVED,
            Link("All open cases", "caseload", "Every open case of your council's team."),
            _PANELS,
            _REVIEWS,
            _TRANSFER_COHORT,
            _APPEALS_AND_MEDIATION,
            _TIMESCALES,
            _DASHBOARDS,
            _RETENTION,
        ),
    ),
    Role.EDUCATIONAL_PSYCHOLOGIST: RoleGuide(
        Role.EDUCATIONAL_PSYCHOLOGIST,
        "Educational psychology advice",
        "See the advice requests addressed to you, with their due dates, and submit "
        "structured advice.",
        ("Submit psychological advice for EHC needs assessments",),
        (_ADVICE, _ADVICE_SENT),
    ),
    Role.HEALTH_ADVISER: RoleGuide(
        Role.HEALTH_ADVISER,
        "Health advice",
        "See the advice requests addressed to you, with their due dates, and submit "
        "structured health advice.",
        ("Submit health advice for EHC needs assessments and reviews",),
        (_ADVICE, _ADVICE_SENT),
    ),
    Role.SOCIAL_CARE_ADVISER: RoleGuide(
        Role.SOCIAL_CARE_ADVISER,
        "Social care advice",
        "See the advice requests addressed to you, with their due dates, and submit "
        "structured social care advice.",
        ("Submit social care advice for EHC needs assessments and reviews",),
        (_ADVICE, _ADVICE_SENT),
    ),
    Role.SENCO: RoleGuide(
        Role.SENCO,
        "Your setting's SEND work",
        "Give educational advice, complete annual review reports and answer consultations "
        "about naming your setting in a plan.",
        (
            "Submit educational advice",
            "Complete annual review reports",
            "Respond to consultations from the council",
        ),
        (_SETTING_REVIEWS, _CONSULTATIONS, _ADVICE, _ADVICE_SENT),
    ),
    Role.PANEL_MEMBER: RoleGuide(
        Role.PANEL_MEMBER,
        "Multi-agency panel",
        "See the case summaries on the agendas of the panels you sit on and record the "
        "panel's recommendation.",
        ("Read panel agendas and case summaries", "Record the panel's recommendations"),
        (_PANELS,),
    ),
    Role.BOARD_MEMBER: RoleGuide(
        Role.BOARD_MEMBER,
        "Partnership board",
        "Draft, comment on and approve your partnership's local inclusion plan.",
        ("Work on the local inclusion plan", "Record the board's approval"),
        (_PLANS, _PARTNERSHIPS, _STANDARDS_BROWSER, _DASHBOARDS),
    ),
    Role.BOARD_CHAIR: RoleGuide(
        Role.BOARD_CHAIR,
        "Partnership board chair",
        "Lead your partnership's local inclusion plan through approval and submission to the "
        "DfE Regions Group.",
        ("Run the board's approval", "Submit the plan to the Regions Group"),
        (_PLANS, _PARTNERSHIPS, _STANDARDS_BROWSER, _DASHBOARDS),
    ),
    Role.REGIONS_GROUP_OFFICER: RoleGuide(
        Role.REGIONS_GROUP_OFFICER,
        "DfE Regions Group",
        "Agree, quality-assure and sign off the local inclusion plans of partnerships in "
        "your region, or return them with required changes.",
        ("Review submitted local inclusion plans", "Sign off plans against the National Standards"),
        (_REGION_PLANS, _STANDARDS_VERSIONS, _DASHBOARDS),
    ),
    Role.MEDIATOR: RoleGuide(
        Role.MEDIATOR,
        "Mediation cases",
        "See the mediation cases assigned to you and record sessions, outcomes, agreements and "
        "certificates.",
        ("Record mediation sessions and agreements", "Issue mediation certificates"),
        (_MEDIATION_CASES, _TIMESCALES),
    ),
    Role.DFE_ANALYST: RoleGuide(
        Role.DFE_ANALYST,
        "National view",
        "Read national and regional aggregates and edit and publish National Standards versions.",
        ("Read the national inclusion dashboard", "Edit and publish National Standards"),
        (_DASHBOARDS, _STANDARDS_VERSIONS, _STANDARDS_BROWSER, _TAILORED_LISTS_PILOT),
    ),
    Role.SYSTEM_ADMIN: RoleGuide(
        Role.SYSTEM_ADMIN,
        "Administration",
        "Manage organisations, people and their roles. Case records are not visible to you "
        "unless you also hold a case role.",
        ("Manage organisations", "Manage people and roles"),
        (Link("Administration", "administration", "People, roles and organisations."),),
    ),
}


def guides_for(user) -> list[dict]:
    """The landing-page sections for each role the user holds, with resolvable links."""
    sections = []
    for role in Role:
        if role not in user.role_set():
            continue
        guide = GUIDES[role]
        links = []
        for link in (*guide.links, *_COMMON_LINKS):
            try:
                links.append(
                    {
                        "text": link.text,
                        "href": reverse(link.url_name),
                        "description": link.description,
                    }
                )
            except NoReverseMatch:
                continue
        organisations = [
            assignment.organisation
            for assignment in user.role_assignments.all()
            if assignment.role == role and assignment.organisation_id and assignment.is_active
        ]
        sections.append(
            {
                "role": role,
                "role_label": role.label,
                "heading": guide.heading,
                "summary": guide.summary,
                "can_do": guide.can_do,
                "links": links,
                "organisations": organisations,
            }
        )
    return sections
