"""A family asks for an assessment online, without an account (CFA 2014 s36(1); as Doncaster's
EHC Hub allows), lands in the council's triage queue with a reference, and is told the date the
council must decide by and the law (SEND Regulations 2014 reg 5(1)), computed by ehcp.deadlines.
The public form is protected: CSRF, a rate limit, a honeypot, answers only in the server-side
session, nothing about existing children shown."""

from __future__ import annotations

import re
from datetime import date

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from ehcp import deadlines
from ehcp.models import Case, Child, FamilyContact, FamilyInvitation, OnlineRequest, Stage
from ehcp.views import self_referral
from send_portal import ratelimit
from send_portal.models import AuditEvent, Notification, Role
from tests.ehcp.factories import ChildFactory, case_at
from tests.ehcp.intake_helpers import PARENT, walk
from tests.ehcp.view_helpers import date_data, error_summary, page_text, url
from tests.factories import SettingFactory, la, person_with_role, unique_address

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _own_address_and_window(client, monkeypatch):
    """Each test sends from its own address, in one fixed minute: the rate limits count per
    address in the shared cache (Redis in the full-stack run, shared by the test workers)."""
    client.defaults["REMOTE_ADDR"] = unique_address()
    monkeypatch.setattr(ratelimit, "_now", lambda: 1_800_000_000.0)


def council_team():
    worker = person_with_role(Role.CASEWORKER, la("881"))
    manager = person_with_role(Role.SEND_MANAGER, la("881"))
    return worker, manager


def family_pages(**overrides) -> dict:
    pages = {
        "council": {"council": str(la("881").pk)},
        "who-are-you": {"source": "parent"},
        "child-name": {"first_name": "Ava", "last_name": "Patel", "preferred_name": ""},
        "child-date-of-birth": date_data("date_of_birth", date(2016, 9, 14)),
        "child-upn": {"upn": ""},
        "child-address": {
            "address_line_1": "3 Queen Street",
            "address_line_2": "",
            "town": "Colchester",
            "postcode": "CO1 2PJ",
        },
        "young-person-contact": {
            "email": "ava@example.org",
            "phone": "",
            "preferred_contact": "email",
            "language": "English",
        },
        "current-setting": {"choice": "unknown"},
        "reasons": {"reasons": "Ava cannot cope in class and is often sent home."},
    }
    pages.update(overrides)
    return pages


MUM = {
    **PARENT,
    "parent-name": {
        "first_name": "Priya",
        "last_name": "Patel",
        "relationship": "mother",
        "parental_responsibility": "yes",
    },
    "parent-contact": {
        "email": "priya.patel@example.org",
        "phone": "07700 900123",
        "preferred_contact": "email",
    },
}


def ask_online(client, *, parents=(MUM,), check=None, **overrides):
    return walk(
        client,
        reverse("request-assessment"),
        family_pages(**overrides),
        parents=parents,
        check_data=check or {"confirm": "on", "website": ""},
    )


def test_a_parent_asks_online_and_is_told_the_decision_date_and_the_law(
    client, django_capture_on_commit_callbacks
):
    worker, manager = council_team()
    assert "Ask for an education, health and care needs assessment" in page_text(
        client.get(url("request-assessment"))
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = ask_online(client)
    assert response["Location"] == url("request-assessment-sent")
    online = OnlineRequest.objects.get()
    assert re.fullmatch(r"REQ-[A-Z2-9]{4}-[A-Z2-9]{4}", online.reference)
    assert online.received_on == timezone.localdate()
    assert (online.child_name, online.made_by) == ("Ava Patel", "parent")
    due = deadlines.decision_to_assess(received=online.received_on)
    text = page_text(client.get(response["Location"]))
    assert f"Your reference {online.reference}" in text
    assert f"by {due.due:%A %-d %B %Y}" in text
    assert f"The law: {due.basis}." in text
    [ack] = [m for m in mail.outbox if m.to == ["priya.patel@example.org"]]
    assert ack.to == ["priya.patel@example.org"]
    assert online.reference in ack.subject and f"{due.due:%A %-d %B %Y}" in ack.body
    assert due.basis in ack.body and "Ava" not in ack.body, "the e-mail names nobody"
    assert not Child.objects.exists(), "nothing becomes a child record before triage"
    for person in (worker, manager):
        note = Notification.objects.get(recipient=person)
        assert note.due_date == due.due and note.legal_basis == due.basis
    assert AuditEvent.objects.filter(object_type="ehcp.onlinerequest").exists()
    assert client.session.get(self_referral.FamilyRequestFlow.session_key) is None


def test_the_triage_queue_records_it_as_a_request_received_the_day_it_was_sent(
    client, django_capture_on_commit_callbacks
):
    worker, _ = council_team()
    school = SettingFactory(name="Hamilton Primary School", local_authority=la("881"))
    ask_online(client, **{"current-setting": {"choice": str(school.pk)}})
    online = OnlineRequest.objects.get()
    OnlineRequest.objects.filter(pk=online.pk).update(received_on=date(2026, 11, 2))
    client.force_login(worker)
    queue = page_text(client.get(url("online-requests")))
    assert online.reference in queue and "Ava Patel" in queue
    assert "Decide whether to assess by" in queue
    detail = client.get(url("online-request", online.reference))
    text = page_text(detail)
    assert "Ava cannot cope in class" in text and "Priya Patel" in text
    assert "Hamilton Primary School" in text
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url("online-request", online.reference),
            {"action": "accept", "choice": "new", "allocate_to_me": "on"},
        )
    case = Case.objects.get()
    assert response["Location"] == url("case-detail", case.reference)
    assert case.received_on == date(2026, 11, 2)
    assert case.request_source == "1" and case.caseworker == worker
    assert case.child.current_setting == school
    assert case.request_reasons == "Ava cannot cope in class and is often sent home."
    mum = FamilyContact.objects.get(child=case.child)
    assert mum.email == "priya.patel@example.org"
    invitation = FamilyInvitation.objects.get()
    assert invitation.contact == mum
    assert any(
        m.to == ["priya.patel@example.org"] and "/invitations/" in m.body for m in mail.outbox
    )
    online.refresh_from_db()
    assert (online.status, online.case) == (OnlineRequest.Status.ACCEPTED, case)


def test_a_duplicate_is_shown_to_the_council_and_never_to_the_family(client):
    worker, _ = council_team()
    known = ChildFactory(first_name="Ava", last_name="Patel", date_of_birth=date(2016, 9, 14))
    open_case = case_at(Stage.ASSESSING, child=known)
    response = ask_online(client)
    sent = page_text(client.get(response["Location"]))
    assert open_case.reference not in sent and "already" not in sent.lower()
    online = OnlineRequest.objects.get()
    client.force_login(worker)
    assert "Possible match" in page_text(client.get(url("online-requests")))
    detail = client.get(url("online-request", online.reference))
    assert f'href="{url("case-detail", open_case.reference)}"' in detail.content.decode()
    refused = client.post(
        url("online-request", online.reference), {"action": "accept", "choice": str(known.pk)}
    )
    assert error_summary(refused) == [
        f"{known.full_name} already has an open request ({open_case.reference}): continue that "
        "case instead."
    ]
    client.post(
        url("online-request", online.reference),
        {"action": "decline", "reason": f"The same request as {open_case.reference}."},
    )
    online.refresh_from_db()
    assert online.status == OnlineRequest.Status.DECLINED
    assert Case.objects.count() == 1


def test_declining_needs_a_reason(client):
    worker, _ = council_team()
    ask_online(client)
    online = OnlineRequest.objects.get()
    client.force_login(worker)
    response = client.post(url("online-request", online.reference), {"action": "decline"})
    assert error_summary(response) == ["Enter why it is not being recorded as a request"]
    assert OnlineRequest.objects.get().status == OnlineRequest.Status.WAITING


def test_another_council_cannot_see_the_request(client):
    council_team()
    ask_online(client)
    online = OnlineRequest.objects.get()
    client.force_login(person_with_role(Role.CASEWORKER, la("883")))
    assert online.reference not in page_text(client.get(url("online-requests")))
    assert client.get(url("online-request", online.reference)).status_code == 404


def test_a_young_person_asks_for_themself(client):
    council_team()
    ask_online(
        client,
        parents=(),
        **{
            "who-are-you": {"source": "young_person"},
            "child-date-of-birth": date_data("date_of_birth", date(2008, 1, 20)),
        },
    )
    online = OnlineRequest.objects.get()
    assert online.made_by == "young_person"
    assert online.answers["young_person"]["email"] == "ava@example.org"


def test_the_form_needs_the_declaration(client):
    council_team()
    response = ask_online(client, check={"website": ""})
    assert error_summary(response) == ["Confirm that the information is correct"]
    assert not OnlineRequest.objects.exists()


def test_a_filled_in_honeypot_is_refused_and_nothing_is_saved(client):
    council_team()
    response = ask_online(client, check={"confirm": "on", "website": "http://spam.example"})
    assert response.status_code == 200
    assert error_summary(response)[0].startswith("We could not accept this request.")
    assert not OnlineRequest.objects.exists()


def test_one_address_can_send_only_a_few_requests_an_hour(client, monkeypatch):
    monkeypatch.setattr(self_referral, "POSTS_PER_MINUTE", 1000)  # pages: the next test
    council_team()
    for _ in range(self_referral.SUBMISSIONS_PER_HOUR):
        ask_online(client)
    response = ask_online(client)
    assert error_summary(response)[0].startswith("Too many requests have been sent")
    assert OnlineRequest.objects.count() == self_referral.SUBMISSIONS_PER_HOUR


def test_too_many_pages_in_a_minute_are_refused_with_429(client, monkeypatch):
    monkeypatch.setattr(self_referral, "POSTS_PER_MINUTE", 2)
    client.post(url("request-assessment"))
    for _ in range(2):
        client.post(url("request-assessment-step", "council"), {})
    response = client.post(url("request-assessment-step", "council"), {})
    assert response.status_code == 429 and response["Retry-After"] == "60"


def test_the_public_form_refuses_a_post_without_its_csrf_token():
    council_team()
    client = Client(enforce_csrf_checks=True, REMOTE_ADDR=unique_address())
    client.get(url("request-assessment"))
    assert client.post(url("request-assessment"), {}).status_code == 403
    assert client.post(url("request-assessment-check"), {"confirm": "on"}).status_code == 403


def test_public_pages_are_not_cached_and_keep_answers_out_of_the_address(client):
    council_team()
    client.post(url("request-assessment"))
    response = client.post(
        url("request-assessment-step", "child-name"),
        {"first_name": "Ava", "last_name": "Patel"},
    )
    assert "Ava" not in response["Location"]
    page = client.get(url("request-assessment-step", "child-name"))
    assert "no-store" in page["Cache-Control"]
    assert client.session[self_referral.FamilyRequestFlow.session_key]["child"]["first_name"] == (
        "Ava"
    )


def test_only_councils_using_the_portal_are_offered(client):
    council_team()
    page = page_text(client.get(url("request-assessment-step", "council")))
    assert "Essex" in page and "Kent" not in page
