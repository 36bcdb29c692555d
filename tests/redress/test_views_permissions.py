"""Who may open each redress page (shared/domain/ROLES.md), generated for every URL and person.

Every URL name in ``ehcp.redress.urls`` has a row in ``TABLE``; a new URL without one fails
``test_every_redress_url_has_a_row``. The world: an Essex child's decision not to assess, with a
mediation case (the family contacted the adviser; a mediator is named), an appeal decided with a
Tribunal order and its compliance step, and a complaint.

- anonymous: sent to sign in (the public complaints page excepted);
- out of scope (another council, another family, a mediator not assigned, anyone unrelated):
  404, never 403;
- in scope but not allowed to do it: 403 with the rule's message;
- allowed: 200, or the redirect to the page meant for them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from html import unescape

import pytest
from django.urls import URLPattern, resolve, reverse

from ehcp.redress import urls as redress_urls
from ehcp.redress.models import Matter
from ehcp.redress.services import appeals, complaints, mediation
from send_portal.models import Role, User
from tests.factories import la, person_with_role
from tests.redress.helpers import mediator, not_assessed

pytestmark = pytest.mark.django_db

ANON = "anonymous"
CASEWORKER = "caseworker"
MANAGER = "manager"
PARENT = "parent"
MEDIATOR = "mediator"
OTHER_MEDIATOR = "mediator_not_assigned"
OTHER_COUNCIL = "caseworker_other_council"
OTHER_PARENT = "parent_other_child"
ADVISER = "adviser"
ADMIN = "system_admin"
COLUMNS = (
    ANON,
    CASEWORKER,
    MANAGER,
    PARENT,
    MEDIATOR,
    OTHER_MEDIATOR,
    OTHER_COUNCIL,
    OTHER_PARENT,
    ADVISER,
    ADMIN,
)
STAFF = (CASEWORKER, MANAGER)

MANAGE = "Only a caseworker or SEND manager of the child's council can do that."
MEDIATE = "Only the mediator for this mediation or the council's SEND team can do that."
STAFF_PAGE = "This page is for the council's SEND team."
FAMILY_PAGE = "This page is for the child's parent or carer, or the young person."
MEDIATION_LIST = "This page is for mediators and council SEND staff."
APPEALS_LIST = "This page is for council SEND staff."
COMPLAINTS = "Complaints are recorded by the council's SEND team."

OK = "200"
GONE = "404"
LOGIN = "302 -> login"


def refused(message: str) -> str:
    return f"403: {message}"


def to(name: str) -> str:
    return f"302 -> {name}"


def row(default: str, **overrides) -> dict[str, str]:
    """``default`` for everyone, anonymous to sign in, then ``column=outcome`` overrides
    (``staff=`` sets both council staff columns)."""
    expected = dict.fromkeys(COLUMNS, default)
    expected[ANON] = LOGIN
    for key, value in overrides.items():
        for column in STAFF if key == "staff" else (key,):
            expected[column] = value
    return expected


@dataclass
class World:
    ref: str
    mediation: int
    appeal: int
    step: int
    complaint: int
    people: dict


def build_world() -> World:
    fam = not_assessed()
    med = mediator()
    m = mediation.open_mediation_case(
        actor=fam.parent, decision_id=fam.decision.pk, contacted_on=date(2026, 10, 20)
    )
    mediation.assign_mediator(actor=fam.worker, mediation_id=m.pk, mediator=med)
    appeal = appeals.register_appeal(
        actor=fam.worker,
        decision_id=fam.decision.pk,
        registered_on=date(2026, 11, 2),
        matters=[Matter.REFUSAL_TO_ASSESS],
        without_certificate_permission=True,
    )
    appeals.record_appeal_decision(
        actor=fam.worker, appeal_id=appeal.pk, outcome="allowed", decided_on=date(2026, 11, 20)
    )
    order = appeals.record_order(
        actor=fam.worker, appeal_id=appeal.pk, order_type="assess", made_on=date(2026, 11, 20)
    )
    complaint = complaints.record_complaint(
        actor=fam.worker,
        local_authority=la("881"),
        received_on=date(2026, 11, 20),
        complainant_name="A parent",
        category="delay",
        summary="Slow",
        responsible="council",
        case=fam.case,
    )
    other_family = not_assessed()
    people = {
        ANON: None,
        CASEWORKER: fam.worker,
        MANAGER: person_with_role(Role.SEND_MANAGER, la("881")),
        PARENT: fam.parent,
        MEDIATOR: med,
        OTHER_MEDIATOR: mediator(),
        OTHER_COUNCIL: person_with_role(Role.CASEWORKER, la("883")),
        OTHER_PARENT: other_family.parent,
        ADVISER: person_with_role(Role.EDUCATIONAL_PSYCHOLOGIST, la("881")),
        ADMIN: person_with_role(Role.SYSTEM_ADMIN),
    }
    return World(fam.case.reference, m.pk, appeal.pk, order.steps.first().pk, complaint.pk, people)


def _m(name):
    return lambda w: reverse(name, args=[w.ref, w.mediation])


def _a(name):
    return lambda w: reverse(name, args=[w.ref, w.appeal])


def _c(name):
    return lambda w: reverse(name, args=[w.complaint])


def _case(name):
    return lambda w: reverse(name, args=[w.ref])


def _plain(name):
    return lambda w: reverse(name)


MEDIATION_STAFF_STEP = row(GONE, staff=OK, parent=refused(MANAGE), mediator=refused(MANAGE))
MEDIATION_MEDIATOR_STEP = row(GONE, staff=OK, parent=refused(MEDIATE), mediator=OK)
APPEAL_STEP = row(GONE, staff=OK, parent=refused(MANAGE))
COMPLAINT_PAGE = row(refused(COMPLAINTS), staff=OK, caseworker_other_council=GONE)

TABLE: dict[str, tuple] = {
    "redress-case": (_case("redress-case"), row(GONE, staff=OK, parent=to("redress-family"))),
    "redress-mediation-new": (
        _case("redress-mediation-new"),
        row(GONE, staff=OK, parent=refused(STAFF_PAGE)),
    ),
    "redress-mediation": (
        _m("redress-mediation"),
        row(GONE, staff=OK, parent=to("redress-family"), mediator=OK),
    ),
    "redress-mediation-choice": (_m("redress-mediation-choice"), MEDIATION_STAFF_STEP),
    "redress-mediation-assign": (_m("redress-mediation-assign"), MEDIATION_STAFF_STEP),
    "redress-mediation-arrange": (_m("redress-mediation-arrange"), MEDIATION_STAFF_STEP),
    "redress-mediation-icb": (_m("redress-mediation-icb"), MEDIATION_STAFF_STEP),
    "redress-mediation-not-arranged": (_m("redress-mediation-not-arranged"), MEDIATION_STAFF_STEP),
    "redress-mediation-session": (_m("redress-mediation-session"), MEDIATION_MEDIATOR_STEP),
    "redress-mediation-participant": (_m("redress-mediation-participant"), MEDIATION_MEDIATOR_STEP),
    "redress-mediation-conclude": (_m("redress-mediation-conclude"), MEDIATION_MEDIATOR_STEP),
    "redress-mediation-action": (_m("redress-mediation-action"), MEDIATION_MEDIATOR_STEP),
    "redress-mediation-certificate": (_m("redress-mediation-certificate"), MEDIATION_MEDIATOR_STEP),
    "redress-mediation-list": (
        _plain("redress-mediation-list"),
        row(
            refused(MEDIATION_LIST),
            staff=OK,
            mediator=OK,
            mediator_not_assigned=OK,
            caseworker_other_council=OK,
        ),
    ),
    "redress-appeal-new": (
        _case("redress-appeal-new"),
        row(GONE, staff=OK, parent=refused(STAFF_PAGE)),
    ),
    "redress-appeal": (_a("redress-appeal"), row(GONE, staff=OK, parent=to("redress-family"))),
    "redress-appeal-hearing": (_a("redress-appeal-hearing"), APPEAL_STEP),
    "redress-appeal-unopposed": (_a("redress-appeal-unopposed"), APPEAL_STEP),
    "redress-appeal-decision": (_a("redress-appeal-decision"), APPEAL_STEP),
    "redress-appeal-order": (_a("redress-appeal-order"), APPEAL_STEP),
    "redress-step-done": (
        lambda w: reverse("redress-step-done", args=[w.ref, w.step]),
        APPEAL_STEP,
    ),
    "redress-appeals": (
        _plain("redress-appeals"),
        row(refused(APPEALS_LIST), staff=OK, caseworker_other_council=OK),
    ),
    "redress-complaints": (
        _plain("redress-complaints"),
        row(refused(COMPLAINTS), staff=OK, caseworker_other_council=OK),
    ),
    "redress-complaint-new": (
        _plain("redress-complaint-new"),
        row(refused(COMPLAINTS), staff=OK, caseworker_other_council=OK),
    ),
    "redress-how-to-complain": (
        _plain("redress-how-to-complain"),
        dict.fromkeys(COLUMNS, OK),
    ),
    "redress-complaint": (_c("redress-complaint"), COMPLAINT_PAGE),
    "redress-complaint-respond": (_c("redress-complaint-respond"), COMPLAINT_PAGE),
    "redress-complaint-escalate": (_c("redress-complaint-escalate"), COMPLAINT_PAGE),
    "redress-complaint-close": (_c("redress-complaint-close"), COMPLAINT_PAGE),
    "redress-family-home": (_plain("redress-family-home"), row(OK)),
    "redress-family": (_case("redress-family"), row(GONE, staff=to("redress-case"), parent=OK)),
    "redress-family-contacted": (
        _case("redress-family-contacted"),
        row(GONE, staff=refused(FAMILY_PAGE), parent=OK),
    ),
    "redress-family-choice": (
        lambda w: reverse("redress-family-choice", args=[w.ref, w.mediation]),
        row(GONE, staff=refused(FAMILY_PAGE), parent=OK),
    ),
}


def outcome(response) -> str:
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


def test_every_redress_url_has_a_row():
    names = {p.name for p in redress_urls.urlpatterns if isinstance(p, URLPattern)}
    assert names == set(TABLE)
    for name, (_, expected) in TABLE.items():
        assert set(expected) == set(COLUMNS), name


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    """Built once for the module, in its own transaction rolled back at the end."""
    from django.db import transaction

    from ehcp import selectors
    from tests.redress.helpers import TODAY

    with django_db_blocker.unblock():
        original = selectors.today
        selectors.today = lambda: TODAY
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            yield build_world()
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)
            selectors.today = original


@pytest.mark.parametrize("name", sorted(TABLE))
def test_each_person_gets_what_the_rules_allow(client, world, name):
    address, expected = TABLE[name]
    target = address(world)
    got = {}
    for column in COLUMNS:
        client.logout()
        user = world.people[column]
        if user is not None:
            client.force_login(User.objects.get(pk=user.pk))
        got[column] = outcome(client.get(target))
    assert got == expected
