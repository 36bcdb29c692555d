"""Issue 22: every page and endpoint in the load benchmark's mix (benchmarks/load/locustfile.py)
takes a fixed number of queries whatever the data size.

One world of each kind of person the mix signs in as (caseworker, SEND manager, parent, adviser,
partnership board member, the public), measured, then grown (more children for the same
parent, more cases at every stage for the same caseworker and council, more advice requests for
the same adviser, more versions of the board's plan) and measured again: the count must not
move, and it is pinned here so that an N+1 (or a query added to every page) shows up as a
failing test, not as a slower benchmark."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ehcp.models import AdviceRequest, Stage
from ehcp.services import workflow
from send_portal.models import Organisation, Role
from tests.ehcp.factories import ChildFactory, case_at, caseworker, day, manager, parent_of
from tests.factories import la, person_with_role
from tests.partnerships.factories import draft_plan, make_area

pytestmark = pytest.mark.django_db

#: (who, address) for every task in the locustfile; ``{case}`` is one of the person's cases and
#: ``{plan}`` one with a plan. Beside each, the queries it takes, pinned.
MIX: dict[tuple[str, str], int] = {
    ("caseworker", "/cases/"): 10,
    ("caseworker", "/cases/{case}/"): 35,
    ("caseworker", "/cases/{plan}/plan/"): 11,
    ("caseworker", "/api/v1/cases/?page_size=50"): 9,
    ("caseworker", "/api/v1/cases/{case}/deadlines/"): 11,
    ("send_manager", "/cases/?scope=all"): 10,
    ("send_manager", "/notifications/"): 9,
    ("parent", "/my-cases/"): 9,
    ("parent", "/my-cases/{case}/"): 28,
    ("parent", "/api/v1/cases/"): 9,
    ("adviser", "/advice/"): 9,
    ("adviser", "/api/v1/advice-requests/"): 10,
    ("board", "/plans/"): 10,
    ("board", "/national-standards/"): 10,
    ("public", "/api/v1/timescales/?received=2026-01-05"): 0,
    ("public", "/national-standards/"): 2,
    ("public", "/local-inclusion-plans/"): 1,
    ("public", "/dashboards/public/councils/881/"): 11,
    ("public", "/healthz/"): 0,
}


class World:
    def __init__(self):
        council = la("881")
        self.caseworker = caseworker("881")
        self.manager = manager("881")
        self.parent = None
        self.adviser = person_with_role(Role.EDUCATIONAL_PSYCHOLOGIST, council)
        self.area = make_area("881")
        self.cases: list = []
        self.plans: list = []
        self.plan_years = 0
        self.grow()
        self.first_case = self.cases[0].reference
        self.first_plan = self.plans[0].reference

    def grow(self):
        """One more child of the parent, with a case at each of three stages (one with a final
        plan, one being assessed with advice asked of the adviser), and a new plan version."""
        for stage in (Stage.FINAL_ISSUED, Stage.ASSESSING, Stage.CONSIDERING):
            child = ChildFactory()
            self.parent = parent_of(child, user=self.parent)
            case = case_at(stage, child=child, actor=self.caseworker)
            self.cases.append(case)
            if stage == Stage.FINAL_ISSUED:
                self.plans.append(case)
            if stage == Stage.ASSESSING:
                workflow.request_advice(
                    actor=self.caseworker,
                    case_id=case.pk,
                    advice_type=AdviceRequest.AdviceType.EDUCATIONAL_PSYCHOLOGIST,
                    requested_on=day(case, "advice_requested"),
                    adviser=self.adviser,
                )
        draft_plan(self.area, complete=False, start=2025 + 4 * self.plan_years)
        self.plan_years += 1

    def who(self, role: str):
        return {
            "caseworker": self.caseworker,
            "send_manager": self.manager,
            "parent": self.parent,
            "adviser": self.adviser,
            "board": self.area.member,
            "public": None,
        }[role]

    def address(self, template: str) -> str:
        return template.format(case=self.first_case, plan=self.first_plan)


def measure(client, world: World) -> dict[tuple[str, str], int]:
    counts = {}
    for role, template in MIX:
        client.logout()
        user = world.who(role)
        if user is not None:
            client.force_login(user)
        address = world.address(template)
        assert client.get(address).status_code == 200, address  # warm: sessions, caches
        with CaptureQueriesContext(connection) as queries:
            response = client.get(address)
        assert response.status_code == 200, address
        counts[(role, template)] = len(queries.captured_queries)
    return counts


def test_every_endpoint_in_the_load_mix_takes_a_fixed_number_of_queries(client):
    assert Organisation.objects.filter(kind="la", la_code="881").exists()
    world = World()
    small = measure(client, world)
    for _ in range(3):
        world.grow()
    large = measure(client, world)
    grew = {key: (small[key], large[key]) for key in MIX if small[key] != large[key]}
    assert not grew, f"queries grew with the data (one child, then four): {grew}"
    assert small == MIX, f"the pinned counts changed (update MIX if intended): {small}"
