"""The plan in the API: versions as each person may see them, and changes to a draft section by
section with optimistic locking (a change made from an out-of-date copy is refused with 409
and nothing of it is saved)."""

from __future__ import annotations

import pytest

from ehcp.models import Plan, PlanNeed
from send_portal.models import AuditEvent, Role
from tests.api.conftest import as_user
from tests.query_baselines import at_most

pytestmark = pytest.mark.django_db


def plans_url(world, suffix: str = "") -> str:
    return f"/api/v1/cases/{world.ref}/plans/{suffix}"


def lock(plan: Plan) -> int:
    return Plan.objects.values_list("version_lock", flat=True).get(pk=plan.pk)


def test_staff_see_every_version_and_the_family_only_those_sent(api, world):
    staff = as_user(api, world.people[Role.CASEWORKER]).get(plans_url(world)).json()
    assert [p["version"] for p in staff["results"]] == [1, 2]
    family = as_user(api.__class__(), world.people[Role.PARENT]).get(plans_url(world)).json()
    assert [p["version"] for p in family["results"]] == [1]
    assert (
        as_user(api.__class__(), world.people[Role.PARENT]).get(plans_url(world, "2/")).status_code
        == 404
    )
    adviser = as_user(api.__class__(), world.people[Role.EDUCATIONAL_PSYCHOLOGIST])
    assert adviser.get(plans_url(world)).status_code == 403


def test_a_version_section_by_section(api, world, django_assert_max_num_queries):
    client = as_user(api, world.people[Role.CASEWORKER])
    with django_assert_max_num_queries(at_most("api.plan_version")):
        body = client.get(plans_url(world, "2/")).json()
    assert body["version_lock"] == lock(world.draft)
    assert [n["description"] for n in body["needs"]] == ["Anxious in crowds."]
    assert body["outcomes"][0]["description"] == "Will join a college club."
    assert body["provisions"][0]["section"] == "F"
    assert body["personal_budgets"][0]["description"] == "Travel training"
    assert body["placement"] == ""


def test_add_change_and_remove_a_need_with_the_current_lock(api, world):
    client = as_user(api, world.people[Role.CASEWORKER])
    needs = plans_url(world, "2/needs/")
    created = client.post(
        needs,
        {
            "version_lock": lock(world.draft),
            "section": "B",
            "area": "communication",
            "description": "Needs visual prompts.",
        },
        format="json",
    )
    assert created.status_code == 201, created.content
    need = created.json()
    assert need["version_lock"] == lock(world.draft)
    changed = client.put(
        f"{needs}{need['id']}/",
        {
            "version_lock": need["version_lock"],
            "section": "B",
            "area": "communication",
            "description": "Needs visual prompts at transitions.",
        },
        format="json",
    )
    assert changed.status_code == 200, changed.content
    assert PlanNeed.objects.get(pk=need["id"]).description == "Needs visual prompts at transitions."
    removed = client.delete(f"{needs}{need['id']}/?version_lock={changed.json()['version_lock']}")
    assert removed.status_code == 204
    assert not PlanNeed.objects.filter(pk=need["id"]).exists()
    assert (
        AuditEvent.objects.filter(
            object_type="ehcp.plan", object_id=str(world.draft.pk), summary__contains="need"
        ).count()
        >= 3
    )


def test_the_second_writer_from_an_old_copy_gets_409_and_nothing_is_saved(api, world):
    first = as_user(api, world.people[Role.CASEWORKER])
    second = as_user(api.__class__(), world.people[Role.SEND_MANAGER])
    read_lock = second.get(plans_url(world, "2/")).json()["version_lock"]
    item = world.plan_items["need"]
    ok = first.put(
        plans_url(world, f"2/needs/{item.pk}/"),
        {"version_lock": read_lock, "section": "B", "area": "semh", "description": "First."},
        format="json",
    )
    assert ok.status_code == 200
    late = second.put(
        plans_url(world, f"2/needs/{item.pk}/"),
        {"version_lock": read_lock, "section": "B", "area": "semh", "description": "Second."},
        format="json",
    )
    assert late.status_code == 409
    assert late.json()["detail"].startswith("Someone else changed this plan after you opened")
    assert PlanNeed.objects.get(pk=item.pk).description == "First."


def test_a_sent_version_cannot_change(api, world):
    client = as_user(api, world.people[Role.CASEWORKER])
    response = client.post(
        plans_url(world, "1/outcomes/"),
        {"version_lock": lock(world.sent), "description": "Too late."},
        format="json",
    )
    assert response.status_code == 409
    assert "Start a revised draft" in response.json()["detail"]


def test_domain_errors_name_the_field(api, world):
    client = as_user(api, world.people[Role.CASEWORKER])
    response = client.post(
        plans_url(world, "2/needs/"),
        {"version_lock": lock(world.draft), "section": "B", "description": "No area"},
        format="json",
    )
    assert response.status_code == 400
    assert response.json()["errors"] == {"area": ["Select the area of need"]}
    missing = client.post(plans_url(world, "2/needs/"), {"section": "B"}, format="json")
    assert missing.status_code == 400
    assert set(missing.json()["errors"]) == {"version_lock", "description"}


@pytest.mark.parametrize("who", [Role.PARENT, Role.EDUCATIONAL_PSYCHOLOGIST, Role.SENCO])
def test_people_who_only_read_the_plan_cannot_change_it(api, world, who):
    response = as_user(api, world.people[who]).post(
        plans_url(world, "2/needs/"),
        {"version_lock": lock(world.draft), "section": "B", "area": "semh", "description": "x"},
        format="json",
    )
    assert response.status_code == 403


def test_another_councils_caseworker_gets_404(api, world):
    response = as_user(api, world.people["caseworker_other_council"]).post(
        plans_url(world, "2/needs/"),
        {"version_lock": lock(world.draft), "section": "B", "area": "semh", "description": "x"},
        format="json",
    )
    assert response.status_code == 404
