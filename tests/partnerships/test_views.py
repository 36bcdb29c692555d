"""Every partnerships page, for every role: own partnership, another partnership in the same
region, another region's officer, and every other role (based in another region).

Out of scope is a 404 (the object does not exist for that person); in scope but not allowed to
act is a 403; not signed in is the sign-in page, except for public pages.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from django.urls import reverse
from django.utils.html import escape

from partnerships import services
from partnerships.models import PartnershipRole, PlanSection, PlanVersion
from send_portal.models import Role
from tests.factories import organisation_for_role, person_with_role
from tests.partnerships.factories import (
    make_area,
    make_partnership,
    officer_for_region,
    plan_at,
    published_standards,
)
from tests.query_baselines import at_most

pytestmark = pytest.mark.django_db
Status = PlanVersion.Status


@dataclass
class World:
    area: object
    versions: dict
    standards: object
    role: PartnershipRole
    other_chair: object
    other_officer: object


@pytest.fixture
def world():
    standards = published_standards()
    area = make_area("881")
    versions = {
        status: plan_at(area, status, start=2025 + 4 * n)
        for n, status in enumerate(
            [
                Status.DRAFT,
                Status.AWAITING_BOARD,
                Status.BOARD_APPROVED,
                Status.SUBMITTED,
                Status.AGREED,
                Status.SIGNED_OFF,
                Status.PUBLISHED,
            ]
        )
    }
    role = services.add_partnership_role(
        actor=area.chair, partnership_id=area.partnership.pk, kind="dcs", holder_name="M Hale"
    )
    thurrock = make_partnership("883")  # same region, another partnership
    other_chair = person_with_role(Role.BOARD_CHAIR, thurrock)
    other_officer = officer_for_region(make_partnership("886").region)  # Kent: South East
    return World(area, versions, standards, role, other_chair, other_officer)


OWN = ("chair", "member", "officer")
ACTORS = ["anonymous", *OWN, "other_chair", "other_officer", *[f"role:{r}" for r in Role]]


def _user(world: World, actor: str):
    if actor == "anonymous":
        return None
    if actor in OWN:
        return getattr(world.area, actor)
    if actor in ("other_chair", "other_officer"):
        return getattr(world, actor)
    role = actor.split(":", 1)[1]
    return person_with_role(role, organisation_for_role(role, la_code="886"))


def _pages(w: World):
    """(url, expected status for own chair, member and officer, default for everyone else,
    whether the page is public)."""
    p = w.area.partnership.pk
    v = w.versions
    draft = v[Status.DRAFT]
    sign_off = v[Status.SIGNED_OFF].regions_decisions.get(kind="sign_off")
    commitment = draft.commitments.get()
    r = reverse
    return [
        (r("partnerships:partnerships"), (200, 200, 200), 200, False),
        (r("partnerships:plans"), (200, 200, 200), 200, False),
        (r("partnerships:partnership", args=[p]), (200, 200, 200), 404, False),
        (r("partnerships:approval-policy", args=[p]), (200, 403, 403), 404, False),
        (r("partnerships:role-add", args=[p]), (200, 403, 403), 404, False),
        (r("partnerships:role-end", args=[p, w.role.pk]), (200, 403, 403), 404, False),
        (r("partnerships:coproduction", args=[p]), (200, 200, 200), 404, False),
        (r("partnerships:coproduction-add", args=[p]), (200, 200, 403), 404, False),
        (r("partnerships:plan-start", args=[p]), (200, 200, 403), 404, False),
        (r("partnerships:plan", args=[draft.plan_id]), (200, 200, 404), 404, False),
        (r("partnerships:version", args=[draft.pk]), (200, 200, 404), 404, False),
        (
            r("partnerships:section-edit", args=[draft.pk, PlanSection.Kind.WORKFORCE]),
            (200, 200, 404),
            404,
            False,
        ),
        (r("partnerships:commitment-add", args=[draft.pk]), (200, 200, 404), 404, False),
        (
            r("partnerships:commitment-remove", args=[draft.pk, commitment.pk]),
            (200, 200, 404),
            404,
            False,
        ),
        (r("partnerships:comment-add", args=[draft.pk]), (200, 200, 404), 404, False),
        (r("partnerships:send-to-board", args=[draft.pk]), (200, 403, 404), 404, False),
        (
            r("partnerships:board-decision", args=[v[Status.AWAITING_BOARD].pk]),
            (200, 200, 404),
            404,
            False,
        ),
        (
            r("partnerships:submit", args=[v[Status.BOARD_APPROVED].pk]),
            (200, 403, 404),
            404,
            False,
        ),
        (r("partnerships:version", args=[v[Status.SUBMITTED].pk]), (200, 200, 200), 404, False),
        (r("partnerships:agree", args=[v[Status.SUBMITTED].pk]), (403, 403, 200), 404, False),
        (r("partnerships:return", args=[v[Status.SUBMITTED].pk]), (403, 403, 200), 404, False),
        (r("partnerships:sign-off", args=[v[Status.AGREED].pk]), (403, 403, 200), 404, False),
        (
            r("partnerships:sign-off-checklist", args=[v[Status.AGREED].pk, w.standards.pk]),
            (403, 403, 200),
            404,
            False,
        ),
        (
            r("partnerships:sign-off-check", args=[v[Status.AGREED].pk, w.standards.pk]),
            (403, 403, 302),
            404,
            False,
        ),
        (r("partnerships:publish", args=[v[Status.SIGNED_OFF].pk]), (200, 403, 403), 404, False),
        (
            r("partnerships:new-version", args=[v[Status.PUBLISHED].plan_id]),
            (200, 200, 403),
            404,
            False,
        ),
        (
            r("partnerships:version-pdf", args=[v[Status.SUBMITTED].pk]),
            (200, 200, 200),
            404,
            False,
        ),
        (r("partnerships:sign-off-pdf", args=[sign_off.pk]), (200, 200, 200), 404, True),
        (r("partnerships:public-plans"), (200, 200, 200), 200, True),
        (
            r("partnerships:public-plan", args=[v[Status.PUBLISHED].plan_id]),
            (200, 200, 200),
            200,
            True,
        ),
        (r("partnerships:public-plan", args=[draft.plan_id]), (404, 404, 404), 404, True),
        (
            r("partnerships:public-plan-pdf", args=[v[Status.PUBLISHED].plan_id]),
            (200, 200, 200),
            200,
            True,
        ),
    ]


@pytest.mark.parametrize("actor", ACTORS)
def test_every_page_answers_each_role_according_to_its_relationships(client, world, actor):
    user = _user(world, actor)
    if user is not None:
        client.force_login(user)
    failures = []
    for url, own, default, public in _pages(world):
        if actor in OWN:
            expected = own[OWN.index(actor)]
        elif actor == "anonymous":
            expected = default if public else 302
        else:
            expected = default
        got = client.get(url).status_code
        if got != expected:
            failures.append(f"{url}: expected {expected}, got {got}")
    assert not failures, f"{actor}:\n" + "\n".join(failures)


@pytest.mark.parametrize("actor", ["other_chair", "other_officer", "role:board_member"])
def test_out_of_scope_posts_are_404s_and_change_nothing(client, world, actor):
    client.force_login(_user(world, actor))
    draft = world.versions[Status.DRAFT]
    submitted = world.versions[Status.SUBMITTED]
    posts = [
        (
            reverse("partnerships:section-edit", args=[draft.pk, "workforce"]),
            {"body": "Hijacked"},
        ),
        (reverse("partnerships:send-to-board", args=[draft.pk]), {}),
        (reverse("partnerships:agree", args=[submitted.pk]), {"reasons": "Agreed"}),
        (reverse("partnerships:return", args=[submitted.pk]), {"reasons": "Change it"}),
    ]
    for url, data in posts:
        assert client.post(url, data).status_code == 404, url
    draft.refresh_from_db()
    submitted.refresh_from_db()
    assert draft.status == Status.DRAFT
    assert draft.sections.get(kind="workforce").body != "Hijacked"
    assert submitted.status == Status.SUBMITTED


@pytest.mark.parametrize(
    "status", [Status.SUBMITTED, Status.SIGNED_OFF, Status.PUBLISHED, Status.RETURNED]
)
def test_nobody_can_edit_a_version_that_is_not_a_draft(client, status):
    published_standards()
    area = make_area("881")
    version = plan_at(area, status)
    client.force_login(area.chair)
    url = reverse("partnerships:section-edit", args=[version.pk, "workforce"])
    assert client.get(url).status_code == 409
    response = client.post(url, {"body": "Rewritten"})
    assert response.status_code == 409
    assert "cannot be changed" in response.content.decode()
    assert version.sections.get(kind="workforce").body != "Rewritten"
    add = reverse("partnerships:commitment-add", args=[version.pk])
    assert client.post(add, {"description": "x", "commissioner": "y"}).status_code == 409
    assert version.commitments.count() == 1


def test_a_board_member_writes_a_section_on_its_own_page(client):
    published_standards()
    area = make_area("881")
    draft = plan_at(area, Status.DRAFT)
    client.force_login(area.member)
    url = reverse("partnerships:section-edit", args=[draft.pk, "local_offer"])
    response = client.post(
        url,
        {"body": "Our Local Offer", "links": "Essex Local Offer | https://send.essex.gov.uk/"},
    )
    assert response.status_code == 302
    section = draft.sections.get(kind="local_offer")
    assert section.links == [{"title": "Essex Local Offer", "url": "https://send.essex.gov.uk/"}]


def test_a_board_decision_without_a_reason_for_refusing_shows_an_error_summary(client):
    published_standards()
    area = make_area("881")
    version = plan_at(area, Status.AWAITING_BOARD)
    client.force_login(area.member)
    response = client.post(
        reverse("partnerships:board-decision", args=[version.pk]), {"decision": "reject"}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in html and "what needs to change" in html
    assert not version.board_decisions.exists()


def test_sending_an_incomplete_plan_to_the_board_shows_why(client):
    published_standards()
    area = make_area("881")
    client.force_login(area.chair)
    from tests.partnerships.factories import draft_plan

    version = draft_plan(area, complete=False)
    response = client.post(reverse("partnerships:send-to-board", args=[version.pk]))
    assert response.status_code == 409
    assert "Complete every section" in response.content.decode()
    version.refresh_from_db()
    assert version.status == Status.DRAFT


def test_the_sign_off_pages_refuse_a_standards_version_that_is_not_published(client):
    from standards.models import CatalogueVersion
    from tests.standards.factories import catalogue_version

    published_standards()
    area = make_area("881")
    version = plan_at(area, Status.AGREED)
    draft_standards = catalogue_version(status=CatalogueVersion.Status.IN_DEVELOPMENT)
    client.force_login(area.officer)
    checklist = reverse("partnerships:sign-off-checklist", args=[version.pk, draft_standards.pk])
    assert client.get(checklist).status_code == 404
    start = reverse("partnerships:sign-off", args=[version.pk])
    response = client.post(start, {"standards_version": draft_standards.pk})
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    version.refresh_from_db()
    assert version.status == Status.AGREED


def test_the_regions_group_signs_off_through_checklist_and_check_answers(client):
    published_standards()
    area = make_area("881")
    version = plan_at(area, Status.AGREED)
    standards = published_standards()
    client.force_login(area.officer)
    entries = list(standards.entries.all())
    data = {f"outcome_{e.pk}": "in_accordance" for e in entries}
    data[f"outcome_{entries[0].pk}"] = "not_applicable"
    checklist = reverse("partnerships:sign-off-checklist", args=[version.pk, standards.pk])
    response = client.post(checklist, {**data, "reasons": "Meets the standards"})
    assert response.status_code == 200, "a reason is needed for 'not relevant'"
    assert "Give the reason for the outcome of CI-1" in response.content.decode()
    data[f"note_{entries[0].pk}"] = "No early years settings in scope"
    response = client.post(checklist, {**data, "reasons": "Meets the standards"})
    check = reverse("partnerships:sign-off-check", args=[version.pk, standards.pk])
    assert response["Location"] == check
    page = client.get(check).content.decode()
    assert "Not relevant to this plan" in page and "No early years settings in scope" in page
    version.refresh_from_db()
    assert version.status == Status.AGREED, "nothing is signed off before confirming"
    assert client.post(check).status_code == 302
    version.refresh_from_db()
    assert version.status == Status.SIGNED_OFF
    page = client.get(reverse("partnerships:version", args=[version.pk])).content.decode()
    assert "Sign-off by the DfE Regions Group" in page


def test_the_published_plan_shows_its_sign_off_and_you_said_we_did_to_anyone(client):
    published_standards()
    area = make_area("881")
    version = plan_at(area, Status.PUBLISHED)
    services.record_coproduction_event(
        actor=area.member,
        partnership_id=area.partnership.pk,
        plan_id=version.plan_id,
        title="Forum workshop",
        kind="forum",
        held_on=__import__("datetime").date(2025, 3, 1),
        who_took_part="30 parents",
        you_said="We could not find the SEN Support offer",
        we_did="Every school now publishes it",
    )
    html = client.get(reverse("partnerships:public-plan", args=[version.plan_id])).content.decode()
    assert "Sign-off by the DfE Regions Group" in html
    assert escape(area.officer.display_name) in html
    assert "National Standards version 1" in html
    assert "We could not find the SEN Support offer" in html
    assert "Every school now publishes it" in html
    assert "Published" in html


def _queries(client, url) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as context:
        assert client.get(url).status_code == 200
    return len(context)


def test_list_pages_do_not_query_per_plan(client, django_assert_max_num_queries):
    published_standards()
    area = make_area("881")
    plan_at(area, Status.PUBLISHED)
    urls = [
        reverse("partnerships:plans"),
        reverse("partnerships:partnership", args=[area.partnership.pk]),
        reverse("partnerships:public-plans"),
    ]
    client.force_login(area.chair)
    before = [_queries(client, url) for url in urls]
    for n in range(1, 6):
        plan_at(area, Status.PUBLISHED if n % 2 else Status.DRAFT, start=2025 + 4 * n)
    assert [_queries(client, url) for url in urls] == before
    # 23: includes loading the session's two-factor device (send_portal/security).
    with django_assert_max_num_queries(at_most("partnerships.partnership_page")):
        client.get(urls[1])
    client.logout()
    with django_assert_max_num_queries(at_most("partnerships.public_plans_page")):
        client.get(urls[2])


def test_a_board_member_adds_and_removes_a_commitment_mapped_to_a_standard(client):
    standards = published_standards()
    area = make_area("881")
    draft = plan_at(area, Status.DRAFT)
    entry = standards.entries.order_by("standard__code").last()
    client.force_login(area.member)
    add = reverse("partnerships:commitment-add", args=[draft.pk])
    response = client.post(
        add, {"standard_version": entry.pk, "description": "", "commissioner": ""}
    )
    assert "Enter what will be commissioned" in response.content.decode()
    response = client.post(
        add,
        {"standard_version": entry.pk, "description": "Accessible buildings", "commissioner": "LA"},
    )
    assert response.status_code == 302
    commitment = draft.commitments.get(standard_version=entry)
    remove = reverse("partnerships:commitment-remove", args=[draft.pk, commitment.pk])
    assert client.post(remove).status_code == 302
    assert not draft.commitments.filter(pk=commitment.pk).exists()


def test_forms_of_the_partnership_pages_save_through_the_services(client):
    published_standards()
    area = make_area("881")
    plan_at(area, Status.DRAFT)
    client.force_login(area.chair)
    p = area.partnership.pk
    response = client.post(
        reverse("partnerships:approval-policy", args=[p]),
        {"approvers": [area.chair.pk], "quorum": "1"},
    )
    assert response.status_code == 302
    assert area.partnership.approval_policy.quorum == 1
    response = client.post(
        reverse("partnerships:role-add", args=[p]),
        {"kind": "dsco", "holder_name": "Janet Moore", "organisation": str(area.council.pk)},
    )
    assert response.status_code == 302
    role = area.partnership.partnership_roles.get(kind="dsco")
    response = client.post(
        reverse("partnerships:role-end", args=[p, role.pk]),
        {"ended_on_0": "31", "ended_on_1": "3", "ended_on_2": "2025"},
    )
    assert response.status_code == 302
    role.refresh_from_db()
    assert str(role.ended_on) == "2025-03-31"
    response = client.post(
        reverse("partnerships:coproduction-add", args=[p]),
        {
            "title": "Forum",
            "kind": "forum",
            "held_on_0": "1",
            "held_on_1": "2",
            "held_on_2": "2025",
            "who_took_part": "Parents",
            "you_said": "More help at SEN Support",
        },
    )
    assert response.status_code == 302
    assert area.partnership.coproduction_events.get().title == "Forum"
    response = client.post(
        reverse(
            "partnerships:comment-add",
            args=[area.partnership.inclusion_plans.get().versions.get().pk],
        ),
        {"body": "Looks good", "section": "workforce"},
    )
    assert response.status_code == 302


def test_the_version_page_does_not_query_per_comment_commitment_or_event(client):
    standards = published_standards()
    area = make_area("881")
    draft = plan_at(area, Status.DRAFT)
    url = reverse("partnerships:version", args=[draft.pk])
    client.force_login(area.chair)
    before = _queries(client, url)
    for entry in standards.entries.all():
        services.add_commitment(
            actor=area.member,
            version_id=draft.pk,
            standard_version_id=entry.pk,
            description="More",
            commissioner="LA",
        )
        services.add_comment(actor=area.member, version_id=draft.pk, body="A comment")
    assert _queries(client, url) == before


def test_the_sign_off_pdf_page_links_back_to_a_page_its_reader_can_open(client, world):
    """While the PDF is being made its page links back: to the version for those who can see
    it, to the published plan for anyone else (a parent following the link got a 404)."""
    published = world.versions[Status.PUBLISHED]
    sign_off = published.regions_decisions.get(kind="sign_off")
    address = reverse("partnerships:sign-off-pdf", args=[sign_off.pk])
    version = reverse("partnerships:version", args=[published.pk])
    public = reverse("partnerships:public-plan", args=[published.plan_id])
    client.force_login(person_with_role(Role.PARENT))
    page = client.get(address)
    assert page["Content-Type"].startswith("text/html")  # not made yet: the waiting page
    body = page.content.decode()
    assert f'href="{public}"' in body and f'href="{version}"' not in body
    assert client.get(public).status_code == 200
    client.force_login(world.area.chair)
    assert f'href="{version}"' in client.get(address).content.decode()
