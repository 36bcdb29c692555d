"""Who may open each EHC page (shared/domain/ROLES.md), generated for every URL and every role.

Every URL name in ``ehcp.urls`` has a row in ``TABLE``; a new URL without one fails
``test_every_ehcp_url_has_a_row_in_the_permission_table``. Each row says what each column gets
on one case (a 17-year-old's request at the consultation stage, see ``view_helpers.World``):

- anonymous: sent to sign in;
- out of scope (another council's caseworker, a parent of someone else's child, an adviser
  whose request is closed, and roles with no relationship to the case): 404, never 403;
- in scope but not allowed to do it: 403 with the rule's message;
- allowed: 200 (or the redirect to the page meant for them).
"""

from __future__ import annotations

import re
from datetime import date
from html import unescape

import pytest
from django.urls import URLPattern, URLResolver, resolve
from django.utils import timezone

from ehcp import urls as ehcp_urls
from ehcp.models import Case, CaseEvent
from send_portal.models import Role
from tests.ehcp.view_helpers import build_world, url

pytestmark = pytest.mark.django_db

PUBLIC = {
    "timescales",
    "api-timescales",
    # A family asking for an assessment online, and accepting an invitation: no account needed
    # (every person's outcome is in the security matrix, tests/security/matrix_rows_intake.py).
    "request-assessment",
    "request-assessment-step",
    "request-assessment-step-index",
    "request-assessment-check",
    "request-assessment-sent",
    "invitation-accept",
}

ANON = "anonymous"
STAFF = (Role.CASEWORKER, Role.SEND_MANAGER)
FAMILY = (Role.PARENT, Role.YOUNG_PERSON)
ADVISERS = (Role.EDUCATIONAL_PSYCHOLOGIST, Role.HEALTH_ADVISER, Role.SOCIAL_CARE_ADVISER)
UNRELATED = (
    Role.BOARD_MEMBER,
    Role.BOARD_CHAIR,
    Role.REGIONS_GROUP_OFFICER,
    Role.MEDIATOR,
    Role.DFE_ANALYST,
    Role.SYSTEM_ADMIN,
)
OTHER_COUNCIL = "caseworker_other_council"
OTHER_PARENT = "parent_other_child"
CLOSED_ADVISER = "adviser_request_closed"
COLUMNS = (ANON, *Role, OTHER_COUNCIL, OTHER_PARENT, CLOSED_ADVISER)

# The rules' messages.
RUN_WORKFLOW = "Only a caseworker or SEND manager of the child's council can do that."
ALLOCATE = "Only a SEND manager can allocate this case to someone else."
CASELOAD = "Only council SEND staff have a caseload."
NEW_REQUEST = "Only council SEND staff can record a request."
STAFF_PAGE = "This page is for the council's SEND team."
FAMILY_PAGE = "This page is for the child's parent or carer, or the young person."
MY_CASES = "This page is for parents, carers and young people."
PANELS = "Panels are for council staff and panel members."
PANEL_NEW = "Only council SEND staff can arrange a panel."
ADVICE = "This page is for professionals asked to give advice."
CONSULTATIONS = "Consultations are answered by the school or college's SENCo."
PLAN_PAGE = "This page is for the council's SEND team, the family and the school consulted."
MESSAGES = "Messages are between the family and the council's SEND team."
CORRECT_DATE = (
    "Only a SEND manager of the child's council can correct the date the request was received."
)
MANAGERS = "This page is for the council's SEND managers."

OK = "200"
GONE = "404"
LOGIN = "302 -> login"


def refused(message: str) -> str:
    return f"403: {message}"


def to(name: str) -> str:
    return f"302 -> {name}"


def row(default: str, **groups) -> dict[str, str]:
    """Expected outcome per column: ``default``, then anonymous to sign-in, then overrides given
    as ``group=outcome`` (groups: staff, family, advisers, senco, panel, unrelated, or a
    column name)."""
    named = {
        "staff": STAFF,
        "family": FAMILY,
        "advisers": ADVISERS,
        "senco": (Role.SENCO,),
        "panel": (Role.PANEL_MEMBER,),
        "unrelated": UNRELATED,
    }
    result = dict.fromkeys(COLUMNS, default)
    result[ANON] = LOGIN
    for group, outcome in groups.items():
        for column in named.get(group, (group,)):
            result[column] = outcome
    return result


def case_step(message: str = RUN_WORKFLOW) -> dict[str, str]:
    """A caseworker's workflow page on the case: staff only; others who can see the case are
    refused with the rule's message; everyone else is told it does not exist."""
    return row(
        GONE,
        staff=OK,
        family=refused(message),
        advisers=refused(message),
        senco=refused(message),
    )


def role_page(message: str, *allowed: str, **more) -> dict[str, str]:
    """A page with no case in its address: the roles it is for get it, the others a 403."""
    result = row(refused(message), **more)
    for column in allowed:
        result[column] = OK
    return result


def _approval(world):
    """A decision on the world's case waiting for a SEND manager's approval."""
    from ehcp.models import DecisionApproval

    approval, _ = DecisionApproval.objects.get_or_create(
        case=world.case, kind="cease", defaults={"outcome": False, "reasons": "Keep the plan."}
    )
    return approval


def plan_page() -> dict[str, str]:
    """A page of the plan: staff, the family and the school consulted read it; an adviser who
    can see the case is refused; everyone else is told it does not exist."""
    return row(GONE, staff=OK, family=OK, senco=OK, advisers=refused(PLAN_PAGE))


def staff_post(after: str) -> dict[str, str]:
    """A button of the plan's editor: staff are sent back to ``after`` (with the result)."""
    return case_step() | {Role.CASEWORKER: to(after), Role.SEND_MANAGER: to(after)}


def family_page() -> dict[str, str]:
    """A page for the family's own steps."""
    return row(
        GONE,
        family=OK,
        staff=refused(FAMILY_PAGE),
        advisers=refused(FAMILY_PAGE),
        senco=refused(FAMILY_PAGE),
    )


def advice_page(for_the_adviser: str) -> dict[str, str]:
    """A page of the EP's open advice request: theirs only."""
    return role_page(ADVICE, advisers=GONE, senco=GONE, adviser_request_closed=GONE) | {
        Role.EDUCATIONAL_PSYCHOLOGIST: for_the_adviser
    }


def essex_online_request(world):
    """A request a family made online to Essex, the world's council."""
    from ehcp.models import OnlineRequest

    online, _ = OnlineRequest.objects.get_or_create(
        reference="REQ-TEST-0001",
        defaults={
            "local_authority": world.case.local_authority,
            "submitted_at": timezone.now(),
            "received_on": timezone.localdate(),
            "child_first_name": "Ava",
            "child_last_name": "Online",
            "child_date_of_birth": date(2016, 1, 5),
            "made_by": "parent",
            "answers": {"request": {"source": "parent"}, "child": {}},
        },
    )
    return online


def contact_of(world):
    """The world child's mother, recorded at intake, with an e-mail and no account yet. Written
    directly (no timeline event) so that the refused-step test sees nothing change."""
    from ehcp.models import FamilyContact

    contact, _ = FamilyContact.objects.get_or_create(
        child=world.case.child,
        first_name="Mina",
        last_name="Contact",
        defaults={
            "relationship": "mother",
            "parental_responsibility": "yes",
            "email": "mina.contact@example.org",
            "preferred_contact": "email",
            "address_line_1": "1 Test Street",
            "postcode": "CM1 1AA",
        },
    )
    return contact


def unlisted_request(world):
    """A school the family asked for by a name not found in the directory (written directly,
    for the same reason)."""
    from ehcp.models import SettingRequest

    request, _ = SettingRequest.objects.get_or_create(
        case=world.case,
        setting=None,
        setting_name="Hill House School, Colchester",
        defaults={"requested_on": world.case.draft_served_on, "preference_rank": 9},
    )
    return request


#: URL name -> (method, how to build the address from the world, expected outcome per column).
TABLE = {
    "caseload": (
        "get", lambda w: url("caseload"),
        role_page(CASELOAD, *STAFF, OTHER_COUNCIL),
    ),
    "case-new": (
        "get", lambda w: url("case-new"),
        role_page(NEW_REQUEST, *STAFF, OTHER_COUNCIL),
    ),
    "case-detail": (
        "get", lambda w: url("case-detail", w.ref),
        row(
            GONE, staff=OK, family=to("family-case"), advisers=to("advice-submit"),
            senco=to("consultation-respond"),
        ),
    ),
    # The intake question flow: the council's SEND staff, each for their own council.
    "case-new-step": (
        "get", lambda w: url("case-new-step", "child-name"),
        role_page(NEW_REQUEST, *STAFF, OTHER_COUNCIL),
    ),
    "case-new-step-index": (
        "get", lambda w: url("case-new-step-index", "parent-name", 0),
        role_page(NEW_REQUEST, *STAFF, OTHER_COUNCIL),
    ),
    "case-new-check": (
        "get", lambda w: url("case-new-check"),
        role_page(NEW_REQUEST, *STAFF, OTHER_COUNCIL)
        | dict.fromkeys((*STAFF, OTHER_COUNCIL), to("case-new-step")),
    ),
    "online-requests": (
        "get", lambda w: url("online-requests"),
        role_page(NEW_REQUEST, *STAFF, OTHER_COUNCIL),
    ),
    "online-request": (
        "get", lambda w: url("online-request", essex_online_request(w).reference),
        role_page(NEW_REQUEST, *STAFF) | {OTHER_COUNCIL: GONE},
    ),
    # The family's contact details and invitations, on the case.
    "case-contact-new": ("get", lambda w: url("case-contact-new", w.ref), case_step()),
    "case-contact-edit": (
        "get", lambda w: url("case-contact-edit", w.ref, contact_of(w).pk), case_step(),
    ),
    "case-contact-invite": (
        "get", lambda w: url("case-contact-invite", w.ref, contact_of(w).pk), case_step(),
    ),
    "case-setting-not-listed": (
        "get", lambda w: url("case-setting-not-listed", w.ref), case_step(),
    ),
    "case-setting-match": (
        "get", lambda w: url("case-setting-match", w.ref, unlisted_request(w).pk), case_step(),
    ),
    "family-setting-not-listed": (
        "get", lambda w: url("family-setting-not-listed", w.ref),
        row(GONE, family=OK, staff=refused(FAMILY_PAGE), advisers=refused(FAMILY_PAGE),
            senco=refused(FAMILY_PAGE)),
    ),
    "case-allocate": (
        "get", lambda w: url("case-allocate", w.ref),
        case_step(ALLOCATE) | {Role.CASEWORKER: refused(ALLOCATE)},
    ),
    "case-consider": ("get", lambda w: url("case-consider", w.ref), case_step()),
    "case-decide-assessment": (
        "get", lambda w: url("case-decide-assessment", w.ref), case_step(),
    ),
    "case-advice-new": ("get", lambda w: url("case-advice-new", w.ref), case_step()),
    "case-advice-reuse": ("get", lambda w: url("case-advice-reuse", w.ref), case_step()),
    "case-advice-received": (
        "get", lambda w: url("case-advice-received", w.ref, w.advice.pk), case_step(),
    ),
    "case-refer-panel": ("get", lambda w: url("case-refer-panel", w.ref), case_step()),
    "case-decide-plan": ("get", lambda w: url("case-decide-plan", w.ref), case_step()),
    "case-serve-draft": ("get", lambda w: url("case-serve-draft", w.ref), case_step()),
    "case-serve-revised-draft": (
        "get", lambda w: url("case-serve-revised-draft", w.ref), case_step(),
    ),
    # Correcting day 0 of the statutory clock: the SEND manager only.
    "case-correct-request-date": (
        "get", lambda w: url("case-correct-request-date", w.ref),
        case_step(CORRECT_DATE) | {Role.SEND_MANAGER: OK, Role.CASEWORKER: refused(CORRECT_DATE)},
    ),
    "case-representations": (
        "get", lambda w: url("case-representations", w.ref), case_step(),
    ),
    "case-setting-new": ("get", lambda w: url("case-setting-new", w.ref), case_step()),
    "case-setting-consult": (
        "get", lambda w: url("case-setting-consult", w.ref, w.setting_request.pk), case_step(),
    ),
    "case-setting-response": (
        "get", lambda w: url("case-setting-response", w.ref, w.setting_request.pk), case_step(),
    ),
    "case-setting-decide": (
        "get", lambda w: url("case-setting-decide", w.ref, w.setting_request.pk), case_step(),
    ),
    "case-issue-final": ("get", lambda w: url("case-issue-final", w.ref), case_step()),
    "case-exception-new": ("get", lambda w: url("case-exception-new", w.ref), case_step()),
    "case-note-new": ("get", lambda w: url("case-note-new", w.ref), case_step()),
    "case-task-new": ("get", lambda w: url("case-task-new", w.ref), case_step()),
    "case-task-done": (
        "post", lambda w: url("case-task-done", w.ref, w.task.pk),
        case_step() | {Role.CASEWORKER: to("case-detail"), Role.SEND_MANAGER: to("case-detail")},
    ),
    "case-withdraw": ("get", lambda w: url("case-withdraw", w.ref), case_step()),
    "case-document": (
        "get", lambda w: url("case-document", w.ref, w.document.pk),
        row(GONE, staff=OK, family=OK),
    ),
    "case-messages": (
        "get", lambda w: url("case-messages", w.ref),
        row(GONE, staff=OK, family=OK, advisers=refused(MESSAGES), senco=refused(MESSAGES)),
    ),
    # The plan: staff read every version; the family and the school consulted read the versions
    # sent to the family; advisers who can see the case cannot read the plan.
    "plan-versions": ("get", lambda w: url("plan-versions", w.ref), plan_page()),
    "plan-version": ("get", lambda w: url("plan-version", w.ref, w.sent.version), plan_page()),
    "plan-compare": ("get", lambda w: url("plan-compare", w.ref), plan_page()),
    "plan-pdf": ("get", lambda w: url("plan-pdf", w.ref, w.sent.version), plan_page()),
    "plan-start": (
        "post", lambda w: url("plan-start", w.ref), staff_post("plan-versions"),
    ),
    "plan-revise": (
        "post", lambda w: url("plan-revise", w.ref, w.sent.version), staff_post("plan-versions"),
    ),
    "plan-propose-amendments": (
        "post", lambda w: url("plan-propose-amendments", w.ref), staff_post("plan-versions"),
    ),
    "plan-pull-advice": (
        "post", lambda w: url("plan-pull-advice", w.ref, w.draft.version, w.advice_item.pk),
        staff_post("plan-version"),
    ),
    "plan-use-views": (
        "post", lambda w: url("plan-use-views", w.ref, w.draft.version, w.contribution.pk),
        staff_post("plan-version"),
    ),
    "plan-views-edit": (
        "get", lambda w: url("plan-views-edit", w.ref, w.draft.version), case_step(),
    ),
    "plan-health-agreement": (
        "get", lambda w: url("plan-health-agreement", w.ref, w.draft.version), case_step(),
    ),
    "plan-item-new": (
        "get", lambda w: url("plan-item-new", w.ref, w.draft.version, "need"), case_step(),
    ),
    "plan-item-edit": (
        "get",
        lambda w: url("plan-item-edit", w.ref, w.draft.version, "provision",
                      w.plan_items["provision"].pk),
        case_step(),
    ),
    "plan-item-remove": (
        "get",
        lambda w: url("plan-item-remove", w.ref, w.draft.version, "need",
                      w.plan_items["need"].pk),
        case_step(),
    ),
    # Amendments: only a version that is proposed amendments (this one is a draft: sent back).
    "plan-send-amendments": (
        "get", lambda w: url("plan-send-amendments", w.ref, w.draft.version),
        case_step() | {Role.CASEWORKER: to("plan-version"), Role.SEND_MANAGER: to("plan-version")},
    ),
    "plan-issue-amended": (
        "get", lambda w: url("plan-issue-amended", w.ref, w.draft.version),
        case_step() | {Role.CASEWORKER: to("plan-version"), Role.SEND_MANAGER: to("plan-version")},
    ),
    "panels": ("get", lambda w: url("panels"), role_page(PANELS, *STAFF, Role.PANEL_MEMBER,
                                                         OTHER_COUNCIL)),
    "panel-new": ("get", lambda w: url("panel-new"), role_page(PANEL_NEW, *STAFF, OTHER_COUNCIL)),
    "panel-detail": (
        "get", lambda w: url("panel-detail", w.item.meeting_id),
        role_page(PANELS, *STAFF, Role.PANEL_MEMBER, caseworker_other_council=GONE),
    ),
    "panel-recommend": (
        "get", lambda w: url("panel-recommend", w.item.pk),
        role_page(PANELS, *STAFF, Role.PANEL_MEMBER, caseworker_other_council=GONE),
    ),
    "family-cases": (
        "get", lambda w: url("family-cases"), role_page(MY_CASES, *FAMILY, OTHER_PARENT),
    ),
    "family-case": (
        "get", lambda w: url("family-case", w.ref),
        row(
            GONE, family=OK, staff=to("case-detail"), advisers=refused(FAMILY_PAGE),
            senco=refused(FAMILY_PAGE),
        ),
    ),
    "family-representations": (
        "get", lambda w: url("family-representations", w.ref),
        row(GONE, family=OK, staff=refused(FAMILY_PAGE), advisers=refused(FAMILY_PAGE),
            senco=refused(FAMILY_PAGE)),
    ),
    "family-request-setting": (
        "get", lambda w: url("family-request-setting", w.ref),
        row(GONE, family=OK, staff=refused(FAMILY_PAGE), advisers=refused(FAMILY_PAGE),
            senco=refused(FAMILY_PAGE)),
    ),
    "family-section-a": ("get", lambda w: url("family-section-a", w.ref), family_page()),
    "family-meeting": ("get", lambda w: url("family-meeting", w.ref), family_page()),
    "family-personal-budget": (
        "get", lambda w: url("family-personal-budget", w.ref), family_page(),
    ),
    "family-plan-comment": (
        "get", lambda w: url("family-plan-comment", w.ref, w.sent.version, "F"), family_page(),
    ),
    "advice-inbox": (
        "get", lambda w: url("advice-inbox"),
        role_page(ADVICE, *ADVISERS, Role.SENCO, CLOSED_ADVISER),
    ),
    "advice-submit": (
        "get", lambda w: url("advice-submit", w.advice.pk),
        role_page(ADVICE, Role.EDUCATIONAL_PSYCHOLOGIST, advisers=GONE, senco=GONE,
                  adviser_request_closed=GONE) | {Role.EDUCATIONAL_PSYCHOLOGIST: OK},
    ),
    # The SEND manager's pages: managers of the case's council only (no case in the address).
    "team": ("get", lambda w: url("team"), role_page(MANAGERS, Role.SEND_MANAGER)),
    "team-reallocate": (
        "get", lambda w: url("team-reallocate"), role_page(MANAGERS, Role.SEND_MANAGER),
    ),
    "team-reserved": (
        "get", lambda w: url("team-reserved"), role_page(MANAGERS, Role.SEND_MANAGER),
    ),
    "approvals": ("get", lambda w: url("approvals"), role_page(MANAGERS, Role.SEND_MANAGER)),
    "approval-detail": (
        "get", lambda w: url("approval-detail", _approval(w).pk),
        role_page(MANAGERS, Role.SEND_MANAGER),
    ),
    "advice-sent": (
        "get", lambda w: url("advice-sent"),
        role_page(ADVICE, *ADVISERS, Role.SENCO, CLOSED_ADVISER),
    ),
    # The receipt of advice sent: only the adviser who sent it (their request is now closed).
    "advice-receipt": (
        "get", lambda w: url("advice-receipt", w.closed_advice.pk),
        role_page(ADVICE, advisers=GONE, senco=GONE, adviser_request_closed=OK),
    ),
    "advice-item-new": (
        "get", lambda w: url("advice-item-new", w.advice.pk, "need"), advice_page(OK),
    ),
    "advice-item-edit": (
        "get", lambda w: url("advice-item-edit", w.advice.pk, w.open_advice_item.pk),
        advice_page(OK),
    ),
    "advice-item-remove": (
        "post", lambda w: url("advice-item-remove", w.advice.pk, w.open_advice_item.pk),
        advice_page(to("advice-submit")),
    ),
    "consultations": (
        "get", lambda w: url("consultations"), role_page(CONSULTATIONS, Role.SENCO),
    ),
    "consultation-respond": (
        "get", lambda w: url("consultation-respond", w.setting_request.pk),
        role_page(CONSULTATIONS, Role.SENCO),
    ),
}  # fmt: skip


def outcome(response) -> str:
    """What a person got, in the words of the table."""
    status = response.status_code
    if status in (301, 302):
        location = response["Location"]
        return to(resolve(location.split("?")[0].split("#")[0]).url_name)
    if status == 403:
        text = unescape(response.content.decode())
        match = re.search(
            r'<h1 class="govuk-heading-l">You cannot do that</h1>\s*'
            r'<p class="govuk-body">(.*?)</p>',
            text,
            re.S,
        )
        return refused(match.group(1).strip() if match else "<no message>")
    return str(status)


def _url_names(patterns) -> set[str]:
    names = set()
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            names |= _url_names(pattern.url_patterns)
        elif isinstance(pattern, URLPattern):
            names.add(pattern.name)
    return names


def test_every_ehcp_url_has_a_row_in_the_permission_table():
    names = _url_names(ehcp_urls.urlpatterns)
    assert None not in names, "every EHC URL needs a name"
    assert names - PUBLIC - set(TABLE) == set(), "add these URLs to the permission table"
    assert set(TABLE) - names == set(), "these rows name URLs that no longer exist"
    for name, (_, _, expected) in TABLE.items():
        assert set(expected) == set(COLUMNS), name


@pytest.mark.parametrize("name", sorted(TABLE))
def test_each_role_gets_what_the_rules_allow(client, name):
    method, address, expected = TABLE[name]
    world = build_world()
    target = address(world)
    got = {}
    for column in COLUMNS:
        client.logout()
        user = world.people[column]
        if user is not None:
            client.force_login(user)
        got[column] = outcome(getattr(client, method)(target))
    assert got == expected


#: Public pages' arguments, and where those that need earlier answers send a first visitor.
PUBLIC_ARGS = {
    "request-assessment-step": ("council",),
    "request-assessment-step-index": ("parent-name", 0),
}
PUBLIC_REDIRECTS = {
    "request-assessment-check": "request-assessment-step",
    "request-assessment-sent": "request-assessment",
}


# An invitation needs a real token: tests/ehcp/test_views_contacts.py and the security matrix.
@pytest.mark.parametrize("name", sorted(PUBLIC - {"invitation-accept"}))
def test_public_timescales_pages_are_open_to_anyone(client, name):
    params = {"received": "2026-03-02"} if name == "api-timescales" else {}
    response = client.get(url(name, *PUBLIC_ARGS.get(name, ())), params)
    if name in PUBLIC_REDIRECTS:
        assert outcome(response) == to(PUBLIC_REDIRECTS[name])
    else:
        assert response.status_code == 200


#: The caseworker's workflow steps (every page whose row is ``case_step()``).
STEPS = [name for name, (_, _, expected) in TABLE.items() if expected == case_step()]


def test_posting_a_workflow_step_without_the_right_is_refused_and_changes_nothing(client):
    assert len(STEPS) == 29
    world = build_world()
    before = _state(world)
    for name in STEPS:
        target = TABLE[name][1](world)
        for column, expected in [
            (ANON, LOGIN),
            (Role.PARENT, refused(RUN_WORKFLOW)),
            (Role.EDUCATIONAL_PSYCHOLOGIST, refused(RUN_WORKFLOW)),
            (Role.SENCO, refused(RUN_WORKFLOW)),
            (OTHER_COUNCIL, GONE),
            (OTHER_PARENT, GONE),
        ]:
            client.logout()
            if world.people[column] is not None:
                client.force_login(world.people[column])
            assert outcome(client.post(target, {"on_0": "1"})) == expected, (name, column)
    assert _state(world) == before


def _state(world) -> tuple:
    case = Case.objects.get(pk=world.case.pk)
    return case.stage, case.version, CaseEvent.objects.filter(case=case).count()


def test_someone_elses_case_plan_document_and_pdf_are_404(client):
    """A parent of another child, an adviser whose request is closed and a caseworker of
    another council get 404 on the case, every version of its plan, its letters and its PDFs;
    the family gets 404 on a version not sent to them."""
    world = build_world()
    letter = world.document
    addresses = [
        url("case-detail", world.ref),
        url("family-case", world.ref),
        url("plan-versions", world.ref),
        url("plan-version", world.ref, world.sent.version),
        url("plan-version", world.ref, world.draft.version),
        url("plan-compare", world.ref) + "?older=1&newer=2",
        url("plan-pdf", world.ref, world.sent.version),
        url("case-document", world.ref, letter.pk),
        url("case-document", world.ref, world.sent.document_id),
        url("case-messages", world.ref),
    ]
    for column in (OTHER_PARENT, CLOSED_ADVISER, OTHER_COUNCIL):
        client.force_login(world.people[column])
        for address in addresses:
            assert client.get(address).status_code == 404, (column, address)
    client.force_login(world.people[Role.PARENT])
    for address in (
        url("plan-version", world.ref, world.draft.version),
        url("plan-pdf", world.ref, world.draft.version),
        url("family-plan-comment", world.ref, world.draft.version, "F"),
    ):
        assert client.get(address).status_code == 404, address
    assert client.get(url("plan-pdf", world.ref, world.sent.version)).status_code == 200
