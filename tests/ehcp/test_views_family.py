"""What parents and young people see and do: where the case is, every step with its date and the
law, their letters and rights; giving views on the draft and asking for a school or college."""

from __future__ import annotations

from datetime import timedelta

import pytest

from ehcp import deadlines
from ehcp.models import ChildRelationship, Representation, SettingRequest, Stage
from ehcp.selectors import today
from ehcp.services import workflow
from ehcp.services.notices import MEDIATION_OPTIONAL
from send_portal.models import AuditEvent, GeneratedDocument, Role
from tests.ehcp.factories import ChildFactory, case_at
from tests.ehcp.view_helpers import (
    error_summary,
    field_error,
    link_family,
    nothing_changes,
    page_text,
    url,
    young_person_dob,
)
from tests.factories import SettingFactory, UserFactory, la, person_with_role

pytestmark = pytest.mark.django_db


def with_parent(stage, **kwargs):
    child = ChildFactory()
    parent = link_family(child, UserFactory(), ChildRelationship.Kind.PARENT)
    return case_at(stage, child=child, **kwargs), parent


def test_a_parent_sees_where_the_case_is_who_to_contact_and_what_happens_next(client):
    case, parent = with_parent(Stage.CONSIDERING, received_on=today() - timedelta(days=10))
    client.force_login(parent)
    text = page_text(client.get(url("family-case", case.reference)))
    due = deadlines.decision_to_assess(received=case.received_on)
    assert "Where it is now Considering whether to assess" in text
    assert case.caseworker.email in text
    assert "The council will decide whether to carry out an EHC needs assessment." in text
    assert f"The council must do this by {due.due:%A %-d %B %Y}." in text
    assert f"The law: {due.basis}" in text


def test_a_parent_sees_every_step_with_its_date_and_the_law(client):
    case, parent = with_parent(Stage.FINAL_ISSUED)
    client.force_login(parent)
    text = page_text(client.get(url("family-case", case.reference)))
    shown = case.events.filter(visible_to_family=True)
    assert shown.count() >= 12
    for event in shown:
        assert f"{event.title} {event.occurred_on:%-d %B %Y}" in text, event.title
        if event.legal_basis:
            assert f"The law: {event.legal_basis}" in text, event.title
    for kind in ("considering", "decided_to_assess", "draft_served", "final_issued"):
        assert case.events.get(kind=kind).legal_basis, kind
    hidden = case.events.get(visible_to_family=False)  # the panel's recommendation
    assert hidden.title not in text
    assert "Where it is now Final plan issued" in text


def test_after_the_final_plan_the_parent_sees_the_appeal_deadline_and_the_letters(client):
    case, parent = with_parent(Stage.FINAL_ISSUED)
    final = case.decisions.get(kind="final_plan")
    client.force_login(parent)
    response = client.get(url("family-case", case.reference))
    text = page_text(response)
    assert (
        'You can appeal to the SEND Tribunal about the decision "final EHC plan issued" until '
        f"{final.appeal_deadline:%-d %B %Y}."
    ) in text
    assert final.appeal_deadline_basis in text
    assert MEDIATION_OPTIONAL in text
    body = response.content.decode()
    for decision in case.decisions.all():
        assert url("case-document", case.reference, decision.notice_id) in body


def test_the_family_reading_their_own_case_is_not_logged_as_access(client):
    case, parent = with_parent(Stage.CONSIDERING)
    client.force_login(parent)
    client.get(url("family-case", case.reference))
    client.get(url("case-detail", case.reference), follow=True)
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.VIEW).exists()


def test_my_cases_lists_only_my_own_childrens_cases(client):
    mine, parent = with_parent(Stage.CONSIDERING)
    someone_elses, _ = with_parent(Stage.CONSIDERING)
    client.force_login(parent)
    text = page_text(client.get(url("family-cases")))
    assert mine.reference in text and someone_elses.reference not in text


def test_a_young_person_sees_their_own_case_and_their_parent_only_if_they_share_it(client):
    child = ChildFactory(date_of_birth=young_person_dob())
    young_person = link_family(child, UserFactory(), ChildRelationship.Kind.YOUNG_PERSON)
    parent = link_family(child, UserFactory(), ChildRelationship.Kind.PARENT)
    case = case_at(Stage.CONSIDERING, child=child)
    client.force_login(young_person)
    assert client.get(url("family-case", case.reference)).status_code == 200
    client.force_login(parent)
    assert client.get(url("family-case", case.reference)).status_code == 404
    assert case.reference not in page_text(client.get(url("family-cases")))
    link_family(child, parent, ChildRelationship.Kind.PARENT, shared=True)
    assert client.get(url("family-case", case.reference)).status_code == 200


def draft_case(days_ago: int = 90):
    """A case whose draft was sent 6 days ago: the family's 15-day window is open."""
    return with_parent(Stage.DRAFT_SERVED, received_on=today() - timedelta(days=days_ago))


def test_while_the_draft_window_is_open_the_family_is_told_the_last_day(client):
    case, parent = draft_case()
    window = deadlines.representations_close(draft_served=case.draft_served_on)
    client.force_login(parent)
    text = page_text(client.get(url("family-case", case.reference)))
    assert (
        "Tell the council what you think, and which school or college you want, by "
        f"{window.due:%A %-d %B %Y}."
    ) in text
    assert "Give your views on the draft plan" in text
    assert "Ask for a school or college" in text


def test_giving_views_on_the_draft_reaches_the_council(client):
    case, parent = draft_case()
    client.force_login(parent)
    response = client.post(
        url("family-representations", case.reference),
        {"comments": "Section F needs speech therapy weekly.", "meeting_requested": "on"},
        follow=True,
    )
    text = page_text(response)
    assert "Your views have been sent to the council" in text
    rep = Representation.objects.get(case=case)
    assert rep.made_by == parent and rep.received_on == today() and rep.meeting_requested
    assert "Views on the draft plan received" in text
    assert "A meeting with a council officer was requested." in text


def test_giving_no_views_says_what_to_enter_and_changes_nothing(client):
    case, parent = draft_case()
    client.force_login(parent)
    with nothing_changes(case):
        response = client.post(url("family-representations", case.reference), {})
    assert error_summary(response) == ["Enter your views on the draft plan"]
    assert field_error(response, "id_comments") == "Enter your views on the draft plan"
    assert "<title>Error: " in response.content.decode()


def test_views_after_the_final_plan_are_refused_with_the_reason(client):
    case, parent = with_parent(Stage.FINAL_ISSUED)
    client.force_login(parent)
    with nothing_changes(case):
        response = client.post(
            url("family-representations", case.reference), {"comments": "Too late?"}
        )
    assert error_summary(response) == [
        "You cannot give views on the draft plan now: the case is at 'Final plan issued'."
    ]


def test_saying_nothing_more_to_add_is_recorded_for_the_council(client):
    case, parent = draft_case()
    client.force_login(parent)
    client.post(
        url("family-representations", case.reference),
        {"comments": "We agree with the draft.", "no_further_representations": "on"},
    )
    case.refresh_from_db()
    assert case.no_further_representations_on == today()


def test_asking_for_a_school_shows_the_familys_rights_first(client):
    case, parent = draft_case()
    client.force_login(parent)
    text = page_text(client.get(url("family-request-setting", case.reference)))
    assert "You can ask for any school or college the law allows" in text
    assert "It does not have to be on any list." in text
    assert "The council must consult it and name it unless the law says otherwise." in text


def test_a_family_can_ask_for_a_school_that_is_not_in_the_directory(client):
    """Any institution the law allows may be asked for (CFA 2014 s38(3)): one the family cannot
    find in the directory is recorded by the name and place they give, for the council to find
    in the directory before consulting it."""
    case, parent = draft_case()
    client.force_login(parent)
    response = client.post(
        url("family-setting-not-listed", case.reference),
        {"setting_name": "Brookfield Steiner School", "town": "Stroud"},
        follow=True,
    )
    request = SettingRequest.objects.get(case=case)
    assert request.setting is None
    assert request.setting_name == "Brookfield Steiner School, Stroud"
    assert request.requested_by_family
    text = page_text(response)
    assert "You asked for Brookfield Steiner School, Stroud." in text
    assert (
        "Brookfield Steiner School, Stroud: the council is finding it in the directory of "
        "schools and colleges" in text
    )


def test_a_family_can_ask_for_a_listed_school_by_its_name(client):
    """Issue 20: a family's request names a setting from the directory (search by name, then
    choose), so the right school's SENCo is consulted."""
    case, parent = draft_case()
    school = SettingFactory(local_authority=case.local_authority, name="Moulsham Junior School")
    client.force_login(parent)
    found = client.get(url("family-request-setting", case.reference), {"q": "moulsham junior"})
    body = found.content.decode()
    assert f'value="{school.pk}" checked' in body
    assert "Moulsham Junior School" in page_text(found)
    client.post(
        url("family-request-setting", case.reference) + "?q=moulsham+junior",
        {"choice": str(school.pk)},
    )
    assert SettingRequest.objects.get(case=case).setting == school


def test_asking_for_no_school_says_what_to_enter_and_changes_nothing(client):
    case, parent = draft_case()
    client.force_login(parent)
    with nothing_changes(case):
        response = client.post(url("family-request-setting", case.reference), {})
    assert error_summary(response) == [
        "Search for the school or college, then choose it from the results"
    ]
    assert "You can ask for any school or college the law allows" in page_text(response)


# ---- letters (PDF) ----------------------------------------------------------------------------


def letter_case(django_capture_on_commit_callbacks):
    """A case whose decision-to-assess letter has been made (the PDF is rendered after commit)."""
    case, parent = with_parent(Stage.CONSIDERING)
    decided = case.received_on + timedelta(days=30)
    with django_capture_on_commit_callbacks(execute=True):
        decision = workflow.decide_whether_to_assess(
            actor=case.caseworker,
            case_id=case.pk,
            assess=True,
            decided_on=decided,
            notice_sent_on=decided,
        )
    decision.notice.refresh_from_db()
    assert decision.notice.status == GeneratedDocument.Status.READY
    return case, parent, decision.notice


def test_the_letter_is_a_pdf_for_the_family_and_staff_and_only_staff_downloads_are_logged(
    client, django_capture_on_commit_callbacks
):
    case, parent, letter = letter_case(django_capture_on_commit_callbacks)
    address = url("case-document", case.reference, letter.pk)
    client.force_login(parent)
    response = client.get(address)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    assert not AuditEvent.objects.filter(action=AuditEvent.Action.VIEW).exists()
    manager = person_with_role(Role.SEND_MANAGER, la("881"))
    client.force_login(manager)
    response = client.get(address)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    read = AuditEvent.objects.get(action=AuditEvent.Action.VIEW, actor=manager)
    assert read.child_id == case.child_id and letter.title in read.summary


def test_the_letter_is_not_found_for_anyone_else(client, django_capture_on_commit_callbacks):
    case, _, letter = letter_case(django_capture_on_commit_callbacks)
    address = url("case-document", case.reference, letter.pk)
    _, other_parent = with_parent(Stage.REQUEST_RECEIVED)
    ep = person_with_role(Role.EDUCATIONAL_PSYCHOLOGIST, la("881"))
    workflow.request_advice(
        actor=case.caseworker,
        case_id=case.pk,
        advice_type="ep",
        requested_on=case.received_on + timedelta(days=31),
        adviser=ep,
    )
    for outsider in (other_parent, person_with_role(Role.CASEWORKER, la("883")), ep):
        client.force_login(outsider)
        assert client.get(address).status_code == 404, outsider
    # Nor is a document of one case found through another case the person can see.
    mine, parent = with_parent(Stage.REQUEST_RECEIVED)
    client.force_login(parent)
    assert client.get(url("case-document", mine.reference, letter.pk)).status_code == 404


def test_a_letter_still_being_made_shows_a_page_saying_so(client):
    case, parent = with_parent(Stage.ASSESSING)  # letters queued, not yet rendered
    letter = case.decisions.get().notice
    assert letter.status == GeneratedDocument.Status.QUEUED
    client.force_login(parent)
    response = client.get(url("case-document", case.reference, letter.pk))
    assert response.status_code == 200
    text = page_text(response)
    assert "Your document is being made" in text and letter.title in text
