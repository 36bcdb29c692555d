"""The review pages: what each person can open (404 outside their relationships, 403 for a step
that is not theirs), error summaries with nothing changed, the SENCo's report, the family's page
and views, and the phase transfer cohort with a fixed number of queries."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from ehcp.reviews import services
from ehcp.reviews.demo import bulk_transfer_cohort
from ehcp.reviews.models import Cessation, PhaseTransfer, PlanTransfer, Reassessment, Review
from send_portal.models import Role
from tests.ehcp.factories import ChildFactory, parent_of
from tests.ehcp.view_helpers import date_data, error_summary, page_text
from tests.factories import UserFactory, la, person_with_role
from tests.reviews.helpers import INVITED, MEETING, review_at, world

pytestmark = pytest.mark.django_db


def _client(client, user):
    client.force_login(user)
    return client


# ---- permissions: every page, every role -----------------------------------------------------


@pytest.fixture
def scene():
    w = world()
    review = review_at(w, Review.Stage.HELD)
    item = services.request_reassessment(
        actor=w.worker,
        case_id=w.case.pk,
        requested_by="family",
        requested_on=date(2026, 11, 20),
        reasons="New diagnosis.",
    )
    cessation = Cessation.objects.create(
        case=w.case, ground="not_necessary", explanation="x", consulted_on=date(2026, 11, 1)
    )
    move = PlanTransfer.objects.create(
        case=w.case,
        from_authority=la("883"),
        to_authority=la("881"),
        moved_on=date(2026, 11, 1),
        old_council_aware_on=date(2026, 11, 1),
        transfer_due_on=date(2026, 11, 22),
        transferred_on=date(2026, 11, 2),
        reassess_decision_due_on=date(2026, 12, 14),
        review_due_on=date(2027, 2, 2),
    )
    ref = w.case.reference
    people = {
        "caseworker": w.worker,
        "manager": person_with_role(Role.SEND_MANAGER, la("881")),
        "senco": w.senco,
        "parent": w.parent,
        "other_council": person_with_role(Role.CASEWORKER, la("883")),
        "other_senco": world().senco,
        "other_parent": parent_of(ChildFactory()),
        "stranger": UserFactory(),
    }
    pages = {
        "list": reverse("reviews-list"),
        "cohort": reverse("reviews-cohort"),
        "case": reverse("reviews-case", args=[ref]),
        "schedule": reverse("reviews-new", args=[ref]),
        "reassess_new": reverse("reviews-reassessment-new", args=[ref]),
        "cease_new": reverse("reviews-cease-new", args=[ref]),
        "post16_move": reverse("reviews-post16-move", args=[ref]),
        "move": reverse("reviews-move", args=[ref]),
        "detail": reverse("review-detail", args=[review.pk]),
        "arrange": reverse("review-arrange", args=[review.pk]),
        "advice": reverse("review-advice", args=[review.pk]),
        "held": reverse("review-held", args=[review.pk]),
        "report": reverse("review-report", args=[review.pk]),
        "next_setting": reverse("review-setting", args=[review.pk]),
        "decide": reverse("review-decide", args=[review.pk]),
        "issue": reverse("review-issue", args=[review.pk]),
        "reassess_decide": reverse("reassessment-decide", args=[item.pk]),
        "cease_decide": reverse("cease-decide", args=[cessation.pk]),
        "cease_appeal": reverse("cease-appeal", args=[cessation.pk]),
        "cease_confirm": reverse("cease-confirm", args=[cessation.pk]),
        "move_decide": reverse("move-decide", args=[move.pk]),
        "setting_list": reverse("reviews-setting-list"),
        "family": reverse("family-review", args=[review.pk]),
        "family_views": reverse("family-review-views", args=[review.pk]),
    }
    return people, pages


STAFF_PAGES = {
    "list",
    "cohort",
    "case",
    "schedule",
    "reassess_new",
    "cease_new",
    "post16_move",
    "move",
    "detail",
    "arrange",
    "advice",
    "held",
    "report",
    "next_setting",
    "decide",
    "issue",
    "reassess_decide",
    "cease_decide",
    "cease_appeal",
    "cease_confirm",
    "move_decide",
}
SENCO_PAGES = {"detail", "arrange", "advice", "held", "report", "setting_list"}
FAMILY_PAGES = {"family", "family_views"}

# What each role gets on each page it is not expected to open: 404 when the object is outside
# their relationships; 403 (with the rule's message) when they can see it but the step is not
# theirs; a redirect to their own page for the family on the council's review page.
EXPECTED = {
    "caseworker": {
        **dict.fromkeys(STAFF_PAGES, 200),
        "setting_list": 404,
        "family": 404,
        "family_views": 403,
    },
    "senco": {
        **dict.fromkeys(STAFF_PAGES, 404),
        **dict.fromkeys(SENCO_PAGES, 200),
        "next_setting": 403,
        "decide": 403,
        "issue": 403,
        "cohort": 403,
        "family": 404,
        "family_views": 403,
    },
    "parent": {
        **dict.fromkeys(STAFF_PAGES, 404),
        "detail": 302,
        "arrange": 403,
        "advice": 403,
        "held": 403,
        "report": 403,
        "next_setting": 403,
        "decide": 403,
        "issue": 403,
        "cohort": 403,
        "setting_list": 404,
        "family": 200,
        "family_views": 200,
    },
}
EXPECTED["manager"] = EXPECTED["caseworker"]
for outsider in ("other_council", "other_senco", "other_parent", "stranger"):
    EXPECTED[outsider] = dict.fromkeys(STAFF_PAGES | SENCO_PAGES | FAMILY_PAGES, 404)
EXPECTED["other_council"].update({"list": 200, "cohort": 200})
EXPECTED["other_senco"].update({"setting_list": 200, "cohort": 403})
EXPECTED["other_parent"].update({"cohort": 403})
EXPECTED["stranger"].update({"cohort": 403})


@pytest.mark.parametrize("role", list(EXPECTED))
def test_each_role_opens_only_its_pages(client, scene, role):
    people, pages = scene
    _client(client, people[role])
    got = {name: client.get(url).status_code for name, url in pages.items()}
    want = {name: EXPECTED[role].get(name, 404) for name in pages}
    assert got == want


def test_signed_out_people_are_sent_to_sign_in(client, scene):
    _, pages = scene
    for url in pages.values():
        response = client.get(url)
        assert response.status_code == 302 and "sign-in" in response.url, url


# ---- steps ------------------------------------------------------------------------------------


def test_short_notice_is_refused_with_an_error_summary_and_nothing_changes(client):
    w = world()
    review = services.schedule_review(actor=w.worker, case_id=w.case.pk)
    _client(client, w.senco)
    url = reverse("review-arrange", args=[review.pk])
    response = client.post(
        url,
        {**date_data("meeting_on", MEETING), **date_data("invitations_sent_on", date(2026, 10, 5))},
    )
    assert response.status_code == 200
    assert any("at least 2 weeks before the meeting" in e for e in error_summary(response))
    review.refresh_from_db()
    assert review.stage == Review.Stage.DUE
    response = client.post(
        url,
        {
            **date_data("meeting_on", MEETING),
            **date_data("invitations_sent_on", INVITED),
            "place": "Room 4",
        },
    )
    assert response.status_code == 302
    review.refresh_from_db()
    assert review.meeting_on == MEETING and review.meeting_place == "Room 4"


def test_the_senco_sends_the_report_from_the_portal(client):
    w = world()
    review = review_at(w, Review.Stage.HELD)
    _client(client, w.senco)
    assert w.case.child.full_name in page_text(client.get(reverse("reviews-setting-list")))
    url = reverse("review-report", args=[review.pk])
    response = client.post(url, {**date_data("sent_on", date(2026, 10, 20)), "progress": ""})
    assert "Describe the progress towards the outcomes" in error_summary(response)
    response = client.post(
        url,
        {
            **date_data("sent_on", date(2026, 10, 20)),
            "progress": "Reading better.",
            "recommendation": "maintain",
        },
    )
    assert response.status_code == 302
    review.refresh_from_db()
    assert review.stage == Review.Stage.REPORTED and review.report_by == w.senco


def test_the_family_sees_what_happens_next_and_gives_views(client):
    w = world()
    review = review_at(w, Review.Stage.ARRANGED)
    _client(client, w.parent)
    text = page_text(client.get(reverse("family-review", args=[review.pk])))
    assert "15 October 2026" in text and "What happens next" in text
    assert "SEND Regulations 2014 reg 20" in text
    url = reverse("family-review-views", args=[review.pk])
    assert "Tell us what is going well" in error_summary(client.post(url, {"going_well": ""}))
    response = client.post(url, {"going_well": "Loves art club.", "hopes": "More reading help."})
    assert response.status_code == 302
    assert review.views_given.get().hopes == "More reading help."


def test_the_move_page_hands_the_case_to_the_new_council(client):
    w = world()
    _client(client, w.worker)
    response = client.post(
        reverse("reviews-move", args=[w.case.reference]),
        {
            "to_authority": la("883").pk,
            **date_data("moved_on", date(2026, 11, 2)),
            **date_data("old_council_aware_on", date(2026, 11, 3)),
            **date_data("transferred_on", date(2026, 11, 4)),
        },
    )
    assert response.status_code == 302
    assert client.get(reverse("reviews-case", args=[w.case.reference])).status_code == 404


# ---- the cohort: a fixed number of queries ----------------------------------------------------


def _cohort_queries(client, user) -> tuple[int, int]:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(reverse("reviews-cohort"), {"year": 2027})
    assert response.status_code == 200
    return len(ctx.captured_queries), response


def test_the_cohort_page_uses_the_same_number_of_queries_for_20_and_3000_plans(client):
    from tests.ehcp.factories import caseworker

    worker = caseworker()
    _client(client, worker)
    bulk_transfer_cohort(la("881"), year=2027, count=20, today=date(2026, 11, 22), prefix="A")
    small, response = _cohort_queries(client, worker)
    assert "20 of 20 transfers" in page_text(response)
    bulk_transfer_cohort(la("881"), year=2027, count=2980, today=date(2026, 11, 22), prefix="B")
    large, response = _cohort_queries(client, worker)
    assert "3000 of 3000 transfers" in page_text(response)
    assert PhaseTransfer.objects.count() == 3000
    assert large == small


def test_the_cohort_filters_by_risk(client):
    from tests.ehcp.factories import caseworker

    worker = caseworker()
    bulk_transfer_cohort(la("881"), year=2027, count=14, today=date(2026, 11, 22))
    _client(client, worker)
    text = page_text(client.get(reverse("reviews-cohort"), {"year": 2027, "risk": "done"}))
    assert "2 of 14 transfers" in text
    assert Reassessment.objects.count() == 0


def test_the_case_and_family_pages_link_to_the_review_and_its_letters(client):
    w = world()
    review = review_at(w, Review.Stage.REPORTED)
    decision = services.decide_after_review(
        actor=w.worker,
        review_id=review.pk,
        outcome="maintain",
        decided_on=date(2026, 11, 11),
        notice_sent_on=date(2026, 11, 11),
        reasons="Still right.",
    )
    _client(client, w.worker)
    body = client.get(reverse("case-detail", args=[w.case.reference])).content.decode()
    assert reverse("reviews-case", args=[w.case.reference]) in body
    _client(client, w.parent)
    response = client.get(reverse("family-case", args=[w.case.reference]))
    body = response.content.decode()
    assert reverse("family-review", args=[review.pk]) in body
    assert reverse("case-document", args=[w.case.reference, decision.notice_id]) in body
    assert "you can appeal until 11 January 2027" in page_text(response)
    assert (
        client.get(
            reverse("case-document", args=[w.case.reference, decision.notice_id])
        ).status_code
        == 200
    )


def test_the_review_list_uses_the_same_number_of_queries_for_1_and_4_reviews(client):
    first = world()
    services.schedule_review(actor=first.worker, case_id=first.case.pk)
    _client(client, first.worker)
    with CaptureQueriesContext(connection) as one:
        assert client.get(reverse("reviews-list")).status_code == 200
    for _ in range(3):
        w = world()
        services.schedule_review(actor=w.worker, case_id=w.case.pk)
    with CaptureQueriesContext(connection) as four:
        response = client.get(reverse("reviews-list"))
    assert "4 reviews" in page_text(response)
    assert len(four.captured_queries) == len(one.captured_queries)


def test_a_post_16_move_is_recorded_with_its_5_month_date(client):
    w = world(child=ChildFactory(date_of_birth=date(2008, 1, 1)))
    _client(client, w.worker)
    url = reverse("reviews-post16-move", args=[w.case.reference])
    response = client.post(url, {**date_data("transfer_date", date(2027, 4, 12))})
    assert "Say where the young person is moving to" in error_summary(response)
    assert not PhaseTransfer.objects.exists()
    response = client.post(
        url, {**date_data("transfer_date", date(2027, 4, 12)), "to_phase": "Another college"}
    )
    assert response.status_code == 302
    assert PhaseTransfer.objects.get().deadline_on == date(2026, 11, 12)
    text = page_text(client.get(reverse("reviews-case", args=[w.case.reference])))
    assert "by 12 November 2026" in text


def test_an_amend_decision_refused_without_proposed_amendments_links_to_preparing_them(client):
    w = world()
    review = review_at(w, Review.Stage.REPORTED)
    _client(client, w.worker)
    decide = reverse("review-decide", args=[review.pk])
    response = client.post(
        decide,
        {
            "outcome": "amend",
            "reasons": "Reading support to add.",
            **date_data("decided_on", date(2026, 11, 2)),
            **date_data("notice_sent_on", date(2026, 11, 2)),
        },
    )
    body = response.content.decode()
    assert error_summary(response) == [
        "Prepare the proposed amendments first: they must be sent with the decision."
    ]
    assert 'href="#proposed-amendments"' in body and 'id="proposed-amendments"' in body
    assert f'action="{reverse("review-amendments", args=[review.pk])}"' in body
    review.refresh_from_db()
    assert review.stage == Review.Stage.REPORTED and review.decision_id is None
    # Once prepared, the decision page links to the proposed version instead.
    client.post(reverse("review-amendments", args=[review.pk]))
    review.refresh_from_db()
    body = client.get(decide).content.decode()
    version = reverse("plan-version", args=[w.case.reference, review.proposed_plan.version])
    assert f'href="{version}"' in body and "Prepare the proposed amendments</button>" not in body


def test_the_family_lists_its_reviews_and_compares_the_plan_before_and_after(client):
    w = world()
    review = review_at(w, Review.Stage.REPORTED)
    other = world()
    review_at(other, Review.Stage.DUE)
    _client(client, w.parent)
    home = client.get(reverse("home")).content.decode()
    assert f'href="{reverse("family-reviews")}"' in home
    text = page_text(client.get(reverse("family-reviews")))
    assert w.case.child.full_name in text and other.case.child.full_name not in text
    assert "Report sent" in text or review.get_stage_display() in text
    assert (
        reverse("family-review", args=[review.pk])
        in client.get(reverse("family-reviews")).content.decode()
    )
    # Once the amended plan is issued, the review page compares it with the plan reviewed.
    services.start_amendments(actor=w.worker, review_id=review.pk)
    services.decide_after_review(
        actor=w.worker,
        review_id=review.pk,
        outcome="amend",
        decided_on=date(2026, 11, 2),
        notice_sent_on=date(2026, 11, 2),
        reasons="Add reading support.",
    )
    review.refresh_from_db()
    compare = (
        f"{reverse('plan-compare', args=[w.case.reference])}"
        f"?older={review.plan.version}&amp;newer={review.proposed_plan.version}"
    )
    assert compare in client.get(reverse("family-review", args=[review.pk])).content.decode()
    assert client.get(compare.replace("&amp;", "&")).status_code == 200
