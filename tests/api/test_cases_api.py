"""The EHC API reads through the same selectors as the pages: what each person sees, 404 for
anything outside their relationships, clear error bodies, pagination and filtering, and every
staff read of a child's record in the access log."""

from __future__ import annotations

import pytest

from ehcp.models import CaseEvent, Stage
from send_portal.models import AuditEvent, Role
from tests.api.conftest import as_user
from tests.factories import la
from tests.query_baselines import at_most

pytestmark = pytest.mark.django_db

CASES = "/api/v1/cases/"


def case_url(world, suffix: str = "") -> str:
    return f"{CASES}{world.ref}/{suffix}"


def references(response) -> list[str]:
    assert response.status_code == 200, response.content
    return [row["reference"] for row in response.json()["results"]]


def test_anonymous_is_told_to_authenticate_with_a_clear_body(api, world):
    response = api.get(CASES)
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Bearer"
    body = response.json()
    assert body["status"] == 401
    assert body["title"] == "Unauthorized"
    assert "credentials" in body["detail"].lower()


@pytest.mark.parametrize(
    "who",
    [
        Role.CASEWORKER,
        Role.SEND_MANAGER,
        Role.PARENT,
        Role.YOUNG_PERSON,
        Role.EDUCATIONAL_PSYCHOLOGIST,
        Role.SENCO,
    ],
)
def test_people_related_to_the_case_see_it(api, world, who):
    assert references(as_user(api, world.people[who]).get(CASES)) == [world.ref]


@pytest.mark.parametrize(
    "who",
    [
        "caseworker_other_council",
        "parent_other_child",
        "adviser_request_closed",
        Role.BOARD_MEMBER,
        Role.REGIONS_GROUP_OFFICER,
        Role.MEDIATOR,
        Role.DFE_ANALYST,
        Role.SYSTEM_ADMIN,
    ],
)
def test_everyone_else_gets_an_empty_list_and_404_for_the_case(api, world, who):
    client = as_user(api, world.people[who])
    assert references(client.get(CASES)) == []
    response = client.get(case_url(world))
    assert response.status_code == 404
    assert response.json() == {
        "status": 404,
        "title": "Not Found",
        "detail": "Not found: it does not exist, or you do not have access to it.",
    }
    for suffix in (
        "timeline/",
        "deadlines/",
        "decisions/",
        "advice-requests/",
        "plans/",
        "plans/1/",
    ):
        assert client.get(case_url(world, suffix)).status_code == 404, suffix


def test_staff_reading_a_case_is_logged_for_the_child_and_the_family_is_not(api, world):
    worker = world.people[Role.CASEWORKER]
    as_user(api, worker).get(case_url(world))
    logged = AuditEvent.objects.filter(action=AuditEvent.Action.VIEW, child_id=world.case.child_id)
    assert logged.filter(actor=worker, summary__contains="(API)").count() == 1
    parent_client = as_user(api.__class__(), world.people[Role.PARENT])
    parent_client.get(case_url(world))
    assert not logged.filter(actor=world.people[Role.PARENT]).exists()


def test_the_case_summary_has_the_stage_and_next_deadline(api, world):
    body = as_user(api, world.people[Role.CASEWORKER]).get(case_url(world)).json()
    assert body["reference"] == world.ref
    assert body["stage"] == Stage.CONSULTING
    assert body["local_authority"] == "881"
    assert body["child"]["id"] == world.case.child_id


def test_deadlines_carry_their_legal_basis(api, world):
    rows = as_user(api, world.people[Role.CASEWORKER]).get(case_url(world, "deadlines/")).json()
    assert rows, "the statutory timetable is empty"
    by_key = {row["key"]: row for row in rows}
    assert "reg" in by_key["decision_to_assess"]["basis"].lower()
    assert all(row["basis"] for row in rows)


def test_the_family_sees_only_events_meant_for_them(api, world):
    hidden = CaseEvent.objects.create(
        case=world.case,
        kind="note",
        occurred_on=world.case.received_on,
        title="Internal note",
        visible_to_family=False,
    )
    staff_ids = [
        e["id"]
        for e in as_user(api, world.people[Role.CASEWORKER])
        .get(case_url(world, "timeline/?page_size=200"))
        .json()["results"]
    ]
    family_ids = [
        e["id"]
        for e in as_user(api.__class__(), world.people[Role.PARENT])
        .get(case_url(world, "timeline/?page_size=200"))
        .json()["results"]
    ]
    assert hidden.pk in staff_ids
    assert hidden.pk not in family_ids


@pytest.mark.parametrize("suffix", ["timeline/", "deadlines/", "decisions/"])
def test_an_adviser_who_can_see_the_case_is_refused_its_record_with_403(api, world, suffix):
    response = as_user(api, world.people[Role.EDUCATIONAL_PSYCHOLOGIST]).get(
        case_url(world, suffix)
    )
    assert response.status_code == 403
    assert response.json()["detail"] == (
        "This is for the council's SEND team and the child's family."
    )


def test_advice_on_the_case_is_for_staff_and_the_adviser_reads_their_own(api, world):
    family = as_user(api, world.people[Role.PARENT]).get(case_url(world, "advice-requests/"))
    assert family.status_code == 403
    staff = as_user(api.__class__(), world.people[Role.CASEWORKER])
    assert staff.get(case_url(world, "advice-requests/")).json()["count"] == 4
    ep = as_user(api.__class__(), world.people[Role.EDUCATIONAL_PSYCHOLOGIST])
    mine = ep.get("/api/v1/advice-requests/").json()["results"]
    assert [row["id"] for row in mine] == [world.advice.pk]
    assert mine[0]["items"][0]["description"] == "Speech therapy"
    assert ep.get(f"/api/v1/advice-requests/{world.closed_advice.pk}/").status_code == 404


def test_pagination_and_filters(api, world, django_assert_max_num_queries):
    client = as_user(api, world.people[Role.CASEWORKER])
    with django_assert_max_num_queries(at_most("api.cases_list")):
        body = client.get(CASES, {"page_size": 1, "stage": Stage.CONSULTING}).json()
    assert body["count"] == 1 and body["next"] is None
    assert client.get(CASES, {"stage": Stage.ASSESSING}).json()["count"] == 0
    assert client.get(CASES, {"mine": "true"}).json()["count"] == 1
    bad = client.get(CASES, {"received_after": "31-12-2025", "stage": "nonsense"})
    assert bad.status_code == 400
    body = bad.json()
    assert body["detail"] == "The request has errors: see 'errors'."
    assert set(body["errors"]) == {"received_after", "stage"}


def test_page_out_of_range_is_a_404_with_a_message(api, world):
    response = as_user(api, world.people[Role.CASEWORKER]).get(CASES, {"page": 99})
    assert response.status_code == 404
    assert response.json()["detail"] == "Invalid page."


def _ep_api(api, world):
    return as_user(api, world.people[Role.EDUCATIONAL_PSYCHOLOGIST])


def test_an_adviser_cannot_read_advice_through_the_api_after_the_request_closes(api, world):
    """Security review finding 6: the API obeys the advice page's rule (ROLES.md: "for as long
    as that request is open"); the page already answered 404 once the advice was sent."""
    from ehcp.models import AdviceRequest

    ep = _ep_api(api, world)
    assert ep.get(f"/api/v1/advice-requests/{world.advice.pk}/").status_code == 200
    AdviceRequest.objects.filter(pk=world.advice.pk).update(
        status=AdviceRequest.Status.RECEIVED, received_on=world.advice.requested_on
    )
    assert ep.get(f"/api/v1/advice-requests/{world.advice.pk}/").status_code == 404
    assert ep.get("/api/v1/advice-requests/").json()["count"] == 0
    page = ep.get(f"/advice/{world.advice.pk}/")
    assert page.status_code == 404


def test_an_adviser_cannot_read_advice_through_the_api_after_the_case_moves_council(api, world):
    """Security review finding 6: once the plan is transferred to another council (SEND
    Regulations 2014 reg 15), a request the old council made no longer opens the case."""
    from ehcp.reviews.models import PlanTransfer

    ep = _ep_api(api, world)
    moved = world.advice.requested_on
    PlanTransfer.objects.create(
        case=world.case,
        from_authority=la("881"),
        to_authority=la("883"),
        moved_on=moved,
        old_council_aware_on=moved,
        transfer_due_on=moved,
        transferred_on=moved,
        reassess_decision_due_on=moved,
        review_due_on=moved,
    )
    assert ep.get(f"/api/v1/advice-requests/{world.advice.pk}/").status_code == 404
    assert ep.get("/api/v1/advice-requests/").json()["count"] == 0
    assert ep.get(f"/api/v1/cases/{world.ref}/").status_code == 404


def test_an_adviser_cannot_read_advice_through_the_api_after_all_their_roles_end(api, world):
    """Security review finding 6: a person who no longer holds an adviser role reads nothing
    through the API, as on the pages."""
    person = world.people[Role.EDUCATIONAL_PSYCHOLOGIST]
    person.role_assignments.update(is_active=False)
    ep = _ep_api(api, world)
    assert ep.get(f"/api/v1/advice-requests/{world.advice.pk}/").status_code == 404
    assert ep.get("/api/v1/advice-requests/").json()["count"] == 0
