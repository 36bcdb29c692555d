"""The permission matrix: every URL of the portal and of the API, for every person.

``test_every_url_has_an_entry`` enumerates the URL resolver at run time: a URL name with no
entry fails it, with the list of missing names. Entries live in three places:

- ``tests/ehcp/test_views_permissions.py`` and ``tests/redress/test_views_permissions.py``
  (``TABLE``): the EHC and redress pages, each run for every role on one case;
- ``MATRIX`` below: the core pages, administration, the National Standards, local inclusion
  plans and every API endpoint, run by ``test_every_person_gets_what_the_matrix_says`` for
  every role and for "own", "someone else's", "another council's" and "another region's"
  relationships;
- ``tests/security/matrix_rows_intake.py``: the public pages of intake (asking for an
  assessment online, accepting an invitation, the settings directory's suggestions);
- ``tests/security/matrix_rows_apps.py``: the pages after a plan (reviews, phase transfers,
  re-assessment, ceasing, moves), tailored lists, dashboards, evidence uploads and retention
  and erasure, in the same ``MATRIX``, with
  the objects they need built by ``tests/security/matrix_apps.py``.

To add a row: add the URL name to ``MATRIX`` with the method, how to build its address from
``Things`` and the expected outcome per person. ``MATRIX_PRINT=1 pytest
tests/security/test_permission_matrix.py -k every_person`` prints what each person gets now,
for review; never copy it without checking it against shared/domain/ROLES.md.

Outcomes are ``"200"``, ``"403"``, ``"404"``, ``"405"``, ``"401"``, ``"400"`` or
``"302 -> <url name>"``.
"""

from __future__ import annotations

import os
import pprint
from collections.abc import Callable
from dataclasses import dataclass, field

import pytest
from django.contrib.auth.tokens import default_token_generator
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, resolve
from django.utils.http import urlsafe_base64_encode

from ehcp.models import ChildRelationship
from partnerships.models import PlanVersion, RegionsGroupDecision
from send_portal.models import EmailDelivery, Notification, Organisation, Role
from standards.models import CatalogueVersion
from tests.ehcp.view_helpers import World, build_world
from tests.factories import la, person_with_role
from tests.partnerships.factories import make_area, officer_for_region, plan_at, published_standards
from tests.standards.factories import catalogue_version

pytestmark = pytest.mark.django_db

ANON = "anonymous"
#: The people of the matrix: every role on one Essex case and Essex partnership, and people
#: whose relationships are elsewhere.
PEOPLE = (
    ANON,
    *(role.value for role in Role),
    "caseworker_other_council",
    "parent_other_child",
    "adviser_request_closed",
    "board_member_own_partnership",
    "officer_other_region",
    "board_member_other_region",
    # Security review findings 3 and 7: rights that have ended must give nothing anywhere.
    "board_member_seat_ended",
    "adviser_organisation_deactivated",
)


@dataclass
class Things:
    world: World
    people: dict = field(default_factory=dict)
    objects: dict = field(default_factory=dict)

    @property
    def ref(self) -> str:
        return self.world.ref

    @property
    def child_id(self) -> int:
        return self.world.case.child_id

    def __getattr__(self, name):
        try:
            return self.objects[name]
        except KeyError as exc:
            raise AttributeError(name) from exc


def build_things() -> Things:
    world = build_world()
    people = {str(key): user for key, user in world.people.items()}
    area = make_area("881")
    published_standards()
    testing = catalogue_version(status=CatalogueVersion.Status.TESTING)
    in_development = catalogue_version(status=CatalogueVersion.Status.IN_DEVELOPMENT)
    published = plan_at(area, PlanVersion.Status.PUBLISHED, start=2025)
    submitted = plan_at(area, PlanVersion.Status.SUBMITTED, start=2029)
    draft = plan_at(area, PlanVersion.Status.DRAFT, start=2033)
    kent = la("886")
    people["board_member_own_partnership"] = area.member
    people["board_member_seat_ended"] = _seat_ended(area)
    people["adviser_organisation_deactivated"] = _adviser_of_deactivated_service(world)
    people["officer_other_region"] = officer_for_region(kent.region)
    people["board_member_other_region"] = person_with_role(
        Role.BOARD_MEMBER,
        Organisation.objects.create(
            kind=Organisation.Kind.PARTNERSHIP,
            name="Kent partnership",
            local_authority=kent,
            region=kent.region,
        ),
    )
    worker = people[Role.CASEWORKER.value]
    notification = Notification.objects.filter(recipient=worker).first()
    delivery = (
        EmailDelivery.objects.filter(to_user=worker).first()
        if hasattr(EmailDelivery, "to_user")
        else EmailDelivery.objects.first()
    )
    parent_link = ChildRelationship.objects.filter(child=world.case.child).first()
    objects = {
        "area": area,
        "partnership": area.partnership,
        "published": published,
        "submitted": submitted,
        "draft": draft,
        "sign_off": RegionsGroupDecision.objects.get(
            version=published, kind=RegionsGroupDecision.Kind.SIGN_OFF
        ),
        "standards": published_standards(),
        "standard_code": published_standards()
        .entries.order_by("standard__code")
        .first()
        .standard.code,
        "testing": testing,
        "in_development": in_development,
        "notification": notification,
        "delivery": delivery,
        "worker": worker,
        "assignment": worker.role_assignments.first(),
        "essex": la("881"),
        "parent_link": parent_link,
        "uid": urlsafe_base64_encode(str(worker.pk).encode()),
        "reset_token": default_token_generator.make_token(worker),
        "grant": _grant_waiting(),
    }
    return Things(world=world, people=people, objects=objects)


def _seat_ended(area):
    """A board member (the parent carer forum seat) of the matrix's partnership whose seat the
    chair ended: every right it gave has ended with it (finding 3)."""
    from datetime import date

    from partnerships import services
    from partnerships.models import PartnershipRole

    person = person_with_role(Role.BOARD_MEMBER, area.partnership)
    seat = services.add_partnership_role(
        actor=area.chair,
        partnership_id=area.partnership.pk,
        kind=PartnershipRole.Kind.PARENT_CARER_FORUM,
        holder_name=person.display_name,
        holder_id=person.pk,
    )
    services.end_partnership_role(actor=area.chair, role_id=seat.pk, ended_on=date(2025, 3, 31))
    return person


def _adviser_of_deactivated_service(world):
    """An educational psychologist with an open advice request on the matrix's case, whose
    role is held in an EP service that has been deactivated: it grants nothing (finding 7)."""
    from ehcp.models import AdviceRequest

    service = Organisation.objects.create(
        kind=Organisation.Kind.OTHER, name="Closed EP service", is_active=False
    )
    person = person_with_role(Role.EDUCATIONAL_PSYCHOLOGIST, service)
    AdviceRequest.objects.create(
        case=world.case,
        advice_type=AdviceRequest.AdviceType.EDUCATIONAL_PSYCHOLOGIST,
        adviser=person,
        requested_on=world.advice.requested_on,
        due_on=world.advice.due_on,
    )
    return person


def _grant_waiting():
    from send_portal.models import RoleGrantRequest

    asked_by = person_with_role(Role.SYSTEM_ADMIN)
    return RoleGrantRequest.objects.create(
        user=person_with_role(Role.SYSTEM_ADMIN),
        role=Role.CASEWORKER,
        organisation=la("881"),
        requested_by=asked_by,
    )


# ---- expected outcomes --------------------------------------------------------------------------

OK, GONE, DENIED, NOT_ALLOWED = "200", "404", "403", "405"
LOGIN = "302 -> login"
UNAUTHENTICATED = "401"


def to(name: str) -> str:
    return f"302 -> {name}"


def expect(default: str, *, anonymous: str = LOGIN, **people) -> dict[str, str]:
    """``default`` for everyone signed in, ``anonymous`` for someone not signed in, then
    ``person=outcome`` overrides (a role value or one of the PEOPLE names)."""
    result = dict.fromkeys(PEOPLE, default)
    result[ANON] = anonymous
    for person, outcome in people.items():
        assert person in result, f"unknown person {person}"
        result[person] = outcome
    return result


def only(allowed: str, *people: str, others: str = DENIED, anonymous: str = LOGIN):
    return expect(others, anonymous=anonymous, **dict.fromkeys(people, allowed))


EVERYONE = expect(OK, anonymous=OK)


#: URL name -> (method, address from Things, expected outcome per person).
MATRIX: dict[str, tuple[str, Callable[[Things], str], dict[str, str]]] = {}


def row(name: str, method: str, address: Callable[[Things], str], expected: dict[str, str]):
    """``name`` is the URL name; ``name#case`` adds another row for the same URL (another
    object: a closed advice request, say)."""
    assert name not in MATRIX, f"{name} twice"
    MATRIX[name] = (method, address, expected)


# The matrix rows are in tests/security/matrix_rows.py (kept apart: they are long).
from tests.security.matrix_apps import (  # noqa: E402
    add_after_plan,
    add_dashboards,
    add_evidence,
    add_tailored_list,
)
from tests.security.matrix_rows import add_rows  # noqa: E402
from tests.security.matrix_rows_apps import AFTER_PLAN, EVIDENCE, add_app_rows  # noqa: E402
from tests.security.matrix_rows_intake import add_intake_rows  # noqa: E402

add_rows(row, expect, only, to)
add_app_rows(row, expect, only, to)
add_intake_rows(row, expect, only, to)


def _other_tables() -> set[str]:
    from tests.ehcp.test_views_permissions import PUBLIC as EHCP_PUBLIC
    from tests.ehcp.test_views_permissions import TABLE as EHCP
    from tests.redress.test_views_permissions import TABLE as REDRESS

    return set(EHCP) | set(EHCP_PUBLIC) | set(REDRESS)


def url_names() -> dict[str, str]:
    """Every named URL the resolver knows (namespaced as ``ns:name``), with its view module."""
    found: dict[str, str] = {}

    def walk(resolver, namespace=""):
        for pattern in resolver.url_patterns:
            if isinstance(pattern, URLResolver):
                inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
                walk(pattern, inner)
            elif isinstance(pattern, URLPattern):
                callback = pattern.callback
                view = getattr(callback, "cls", None) or getattr(callback, "view_class", None)
                module = (view or callback).__module__
                found[f"{namespace}{pattern.name}"] = module

    walk(get_resolver())
    return found


def test_every_url_has_an_entry():
    names = url_names()
    assert None not in names and "None" not in names, "every URL needs a name"
    covered = {name.split("#")[0] for name in MATRIX} | _other_tables()
    missing = sorted(set(names) - covered)
    assert not missing, (
        "These URLs have no entry in the permission matrix. Add a row for each to MATRIX "
        "(tests/security/matrix_rows.py), or to the TABLE of tests/ehcp/ or tests/redress/ "
        "test_views_permissions.py:\n  " + "\n  ".join(f"{n}  ({names[n]})" for n in missing)
    )
    stale = sorted({name.split("#")[0] for name in MATRIX} - set(names))
    assert not stale, f"Rows for URLs that no longer exist: {stale}"


def outcome(response) -> str:
    if response.status_code in (301, 302):
        target = response["Location"].split("?")[0]
        try:
            match = resolve(target)
        except Exception:  # noqa: BLE001 - an address outside the portal
            return f"{response.status_code} -> {target}"
        return f"302 -> {match.view_name}"
    return str(response.status_code)


def _request(client: Client, method: str, address: str | tuple[str, dict]):
    """``address`` may be ``(address, form data)`` for a page's form; otherwise a POST sends
    an empty JSON body (what the API endpoints and bare action buttons get)."""
    if isinstance(address, tuple):
        address, form = address
        return getattr(client, method)(address, data=form)
    if method == "get":
        return client.get(address)
    return getattr(client, method)(address, data="{}", content_type="application/json")


AFTER_PLAN_NAMES = frozenset(name for name, _, _ in AFTER_PLAN)
EVIDENCE_NAMES = frozenset(name for name, _, _ in EVIDENCE)
GROUPS = {
    "api": lambda name: name.startswith("api-"),
    "standards": lambda name: name.startswith("standards:"),
    "partnerships": lambda name: name.startswith("partnerships:"),
    "after_plan": lambda name: name in AFTER_PLAN_NAMES,
    "tailored_lists": lambda name: name.startswith("tailored-list-"),
    "dashboards": lambda name: name.startswith("dashboards:"),
    "evidence": lambda name: name in EVIDENCE_NAMES,
    "retention": lambda name: name.startswith("retention"),
    "core": lambda name: (
        not name.startswith(
            ("api-", "standards:", "partnerships:", "tailored-list-", "dashboards:", "retention")
        )
        and name not in AFTER_PLAN_NAMES | EVIDENCE_NAMES
    ),
}
#: What each group's pages need beyond the core world (tests/security/matrix_apps.py).
BUILDERS = {
    "after_plan": add_after_plan,
    "tailored_lists": add_tailored_list,
    "dashboards": add_dashboards,
    "evidence": add_evidence,
}


@pytest.mark.parametrize("group", list(GROUPS))
def test_every_person_gets_what_the_matrix_says(group):
    things = build_things()
    if group in BUILDERS:
        BUILDERS[group](things)
    observed: dict[str, dict[str, str]] = {}
    mismatches = []
    for name, (method, address_of, expected) in MATRIX.items():
        if not GROUPS[group](name):
            continue
        address = address_of(things)
        observed[name] = {}
        for person in PEOPLE:
            client = Client()
            user = things.people.get(person)
            if person != ANON:
                assert user is not None, f"nobody for {person}"
                client.force_login(user)
            got = outcome(_request(client, method, address))
            observed[name][person] = got
            if got != expected[person]:
                mismatches.append(
                    f"{name} {method.upper()} {address} as {person}: "
                    f"expected {expected[person]}, got {got}"
                )
    if os.environ.get("MATRIX_PRINT"):
        pprint.pprint(observed, width=100)
    assert not mismatches, "\n".join(mismatches)


def _patterns():
    result = []

    def walk(resolver, namespace=""):
        for pattern in resolver.url_patterns:
            if isinstance(pattern, URLResolver):
                inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
                walk(pattern, inner)
            elif isinstance(pattern, URLPattern):
                regex = pattern.pattern.regex.pattern
                groups = {
                    group: f"(?P<{group}>[0-9]+)" in regex
                    for group in pattern.pattern.regex.groupindex
                }
                result.append((f"{namespace}{pattern.name}", groups))

    walk(get_resolver())
    return result


def _sample(key: str, numeric: bool = False) -> str | int:
    if numeric:
        return 1
    if key == "la_code":
        return "881"
    if key == "reference":
        return "EHC-881-2026-00001"
    if key == "code":
        return "E12000006"
    return "x"
