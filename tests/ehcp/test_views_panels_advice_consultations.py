"""The pages of the people around a case: panel members recording a recommendation, advisers
sending advice, and schools replying to a consultation about being named."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest

from ehcp.models import (
    AdviceRequest,
    CaseEvent,
    PanelAgendaItem,
    PanelMeeting,
    SettingRequest,
    Stage,
)
from ehcp.selectors import today
from ehcp.services import workflow
from send_portal.models import AuditEvent, Role
from tests.ehcp.factories import case_at
from tests.ehcp.view_helpers import (
    date_data,
    error_summary,
    field_error,
    nothing_changes,
    page_text,
    url,
)
from tests.factories import SettingFactory, la, person_with_role

pytestmark = pytest.mark.django_db


# ---- panels -----------------------------------------------------------------------------------


def test_a_caseworker_arranges_a_panel_with_the_councils_panel_members(client):
    member = person_with_role(Role.PANEL_MEMBER, la("881"))
    thurrock_member = person_with_role(Role.PANEL_MEMBER, la("883"))
    client.force_login(person_with_role(Role.CASEWORKER, la("881")))
    body = client.get(url("panel-new")).content.decode()
    assert f'value="{member.pk}"' in body and f'value="{thurrock_member.pk}"' not in body
    meets = today() + timedelta(days=14)
    response = client.post(
        url("panel-new"),
        {"title": "Essex EHC panel", "members": [member.pk], **date_data("meets_on", meets)},
        follow=True,
    )
    meeting = PanelMeeting.objects.get()
    assert meeting.local_authority == la("881") and meeting.meets_on == meets
    assert list(meeting.members.all()) == [member]
    assert response.redirect_chain[-1][0] == url("panel-detail", meeting.pk)
    assert "Panel meeting arranged" in page_text(response)


def test_arranging_a_panel_without_a_date_says_what_to_enter(client):
    client.force_login(person_with_role(Role.CASEWORKER, la("881")))
    response = client.post(url("panel-new"), {"title": ""})
    assert error_summary(response) == [
        "Enter the date of the meeting",
        "Enter the name of the panel",
    ]
    bad_date = client.post(
        url("panel-new"), {"title": "Panel", **date_data("meets_on", raw=(30, 2, 2027))}
    )
    assert error_summary(bad_date) == ["The date of the meeting must be a real date"]
    assert not PanelMeeting.objects.exists()


def panel_case():
    """A case on a panel's agenda waiting for the recommendation, and the panel's member."""
    case = case_at(Stage.PANEL)
    item = case.panel_items.select_related("meeting").get()
    return case, item, item.meeting.members.get()


def test_panel_members_see_only_the_panels_they_sit_on(client):
    _, item, member = panel_case()
    _, other_item, _ = panel_case()
    client.force_login(member)
    listing = client.get(url("panels")).content.decode()
    assert url("panel-detail", item.meeting_id) in listing
    assert url("panel-detail", other_item.meeting_id) not in listing
    assert client.get(url("panel-detail", other_item.meeting_id)).status_code == 404
    assert client.get(url("panel-recommend", other_item.pk)).status_code == 404
    client.force_login(person_with_role(Role.CASEWORKER, la("883")))
    assert url("panel-detail", item.meeting_id) not in client.get(url("panels")).content.decode()
    assert client.get(url("panel-detail", item.meeting_id)).status_code == 404


def test_reading_the_agenda_is_logged_for_each_child(client):
    case, item, member = panel_case()
    client.force_login(member)
    text = page_text(client.get(url("panel-detail", item.meeting_id)))
    assert case.child.full_name in text and item.summary in text
    read = AuditEvent.objects.get(action=AuditEvent.Action.VIEW, actor=member)
    assert read.child_id == case.child_id


def test_a_panel_member_records_the_recommendation_which_the_family_does_not_see(client):
    case, item, member = panel_case()
    client.force_login(member)
    detail = client.get(url("panel-detail", item.meeting_id)).content.decode()
    assert url("panel-recommend", item.pk) in detail
    response = client.post(
        url("panel-recommend", item.pk),
        {"recommendation": "issue", "reasons": "Needs exceed what SEN support can provide."},
        follow=True,
    )
    assert "The panel's recommendation has been recorded" in page_text(response)
    item.refresh_from_db()
    assert item.recommendation == PanelAgendaItem.Recommendation.ISSUE
    assert item.recorded_by == member
    event = case.events.get(kind=CaseEvent.Kind.PANEL_RECOMMENDATION)
    assert not event.visible_to_family
    assert url("panel-recommend", item.pk) not in response.content.decode()


def test_a_recommendation_without_reasons_is_refused_and_changes_nothing(client):
    case, item, member = panel_case()
    client.force_login(member)
    with nothing_changes(case):
        response = client.post(url("panel-recommend", item.pk), {"recommendation": "issue"})
    assert error_summary(response) == ["Enter the panel's reasons"]
    assert field_error(response, "id_reasons") == "Enter the panel's reasons"
    with nothing_changes(case):
        response = client.post(url("panel-recommend", item.pk), {})
    assert error_summary(response) == ["Select a recommendation", "Enter the panel's reasons"]


def test_a_recommendation_cannot_be_recorded_twice(client):
    case, item, member = panel_case()
    client.force_login(member)
    data = {"recommendation": "issue", "reasons": "Complex needs."}
    client.post(url("panel-recommend", item.pk), data)
    with nothing_changes(case):
        again = client.post(url("panel-recommend", item.pk), data)
    assert error_summary(again) == ["The panel's recommendation has already been recorded."]


def test_the_recommendation_page_offers_only_the_answers_to_the_question_on_the_agenda(client):
    case, item, member = panel_case()
    client.force_login(member)
    body = client.get(url("panel-recommend", item.pk)).content.decode()
    assert 'value="issue"' in body and 'value="not_issue"' in body
    assert 'value="assess"' not in body and 'value="not_assess"' not in body
    assert "whether to issue a plan" in page_text(client.get(url("panel-recommend", item.pk)))
    with nothing_changes(case):
        response = client.post(
            url("panel-recommend", item.pk), {"recommendation": "assess", "reasons": "Assess."}
        )
    assert error_summary(response) == ["Select one of the recommendations listed"]


def test_nothing_can_be_recorded_for_a_panel_that_has_not_met_yet(client):
    case = case_at(Stage.ASSESSING)
    workflow.reuse_existing_advice(
        actor=case.caseworker,
        case_id=case.pk,
        advice_type=AdviceRequest.AdviceType.EDUCATIONAL_PSYCHOLOGIST,
        reused_from="EP report",
        agreed_by_council=True,
        agreed_by_adviser=True,
        agreed_by_family=True,
        on=case.assessment_decided_on,
    )
    member = person_with_role(Role.PANEL_MEMBER, la("881"))
    meeting = PanelMeeting.objects.create(
        local_authority=la("881"), meets_on=today() + timedelta(days=10)
    )
    meeting.members.add(member)
    item = workflow.refer_to_panel(
        actor=case.caseworker, case_id=case.pk, meeting_id=meeting.pk, summary="S", on=today()
    )
    client.force_login(member)
    agenda = client.get(url("panel-detail", meeting.pk))
    assert url("panel-recommend", item.pk) not in agenda.content.decode()
    assert "Its recommendations can be recorded once it has met" in page_text(agenda)
    page = client.get(url("panel-recommend", item.pk))
    assert "can be recorded once it has met" in page_text(page)
    assert "<form" not in re.search(r"<main\b.*?</main>", page.content.decode(), re.S).group(0)
    with nothing_changes(case):
        response = client.post(
            url("panel-recommend", item.pk), {"recommendation": "issue", "reasons": "Complex."}
        )
    assert error_summary(response)[0].startswith("The panel meets on")


def test_the_referral_page_lists_only_panels_still_to_meet(client):
    case = case_at(Stage.ASSESSING)
    workflow.reuse_existing_advice(
        actor=case.caseworker,
        case_id=case.pk,
        advice_type=AdviceRequest.AdviceType.EDUCATIONAL_PSYCHOLOGIST,
        reused_from="EP report",
        agreed_by_council=True,
        agreed_by_adviser=True,
        agreed_by_family=True,
        on=case.assessment_decided_on,
    )
    held = PanelMeeting.objects.create(local_authority=la("881"), meets_on=today())
    held.meets_on = today() - timedelta(days=3)
    held.save()
    coming = PanelMeeting.objects.create(
        local_authority=la("881"), meets_on=today() + timedelta(days=4)
    )
    client.force_login(case.caseworker)
    body = client.get(url("case-refer-panel", case.reference)).content.decode()
    assert f'value="{coming.pk}"' in body and f'value="{held.pk}"' not in body
    with nothing_changes(case):
        response = client.post(
            url("case-refer-panel", case.reference), {"meeting": held.pk, "summary": "S"}
        )
    assert error_summary(response) == [
        "Choose a panel meeting of the child's council that has not met yet"
    ]


def test_a_request_is_put_to_the_panel_and_its_recommendation_shown_when_deciding(client):
    case = case_at(Stage.CONSIDERING)
    member = person_with_role(Role.PANEL_MEMBER, la("881"))
    meeting = PanelMeeting.objects.create(local_authority=la("881"), meets_on=today())
    meeting.members.add(member)
    client.force_login(case.caseworker)
    detail = client.get(url("case-detail", case.reference))
    assert "Ask the multi-agency panel whether to assess" in page_text(detail)
    client.post(
        url("case-refer-panel", case.reference), {"meeting": meeting.pk, "summary": "Request."}
    )
    item = case.panel_items.get()
    assert item.decision_point == PanelAgendaItem.DecisionPoint.REQUEST
    client.force_login(member)
    body = client.get(url("panel-recommend", item.pk)).content.decode()
    assert 'value="assess"' in body and 'value="issue"' not in body
    client.post(
        url("panel-recommend", item.pk),
        {"recommendation": "assess", "reasons": "Needs beyond SEN Support."},
    )
    client.force_login(case.caseworker)
    deciding = page_text(client.get(url("case-decide-assessment", case.reference)))
    assert "The panel's recommendation Assess" in deciding


# ---- advice ------------------------------------------------------------------------------------


def advice_case(adviser_role=Role.EDUCATIONAL_PSYCHOLOGIST, days_ago: int | None = None):
    """A case being assessed with advice asked of an adviser who has a portal account."""
    case = case_at(Stage.ASSESSING)
    adviser = person_with_role(adviser_role, la("881"))
    asked = (today() - timedelta(days=days_ago)) if days_ago else case.assessment_decided_on
    advice = workflow.request_advice(
        actor=case.caseworker,
        case_id=case.pk,
        advice_type="ep",
        requested_on=asked,
        adviser=adviser,
    )
    return case, advice, adviser


def test_the_advice_inbox_lists_open_requests_with_their_due_date_and_the_law(client):
    case, advice, adviser = advice_case()
    _, someone_elses, _ = advice_case()
    client.force_login(adviser)
    text = page_text(client.get(url("advice-inbox")))
    assert case.child.full_name in text and someone_elses.case.child.full_name not in text
    assert f"{advice.due_on:%-d %b %Y} Late" in text  # asked for in March, due in April
    assert "SEND Regulations 2014 reg 8(1)" in text


def test_an_adviser_sends_advice_and_then_no_longer_sees_the_case(client):
    case, advice, adviser = advice_case()
    client.force_login(adviser)
    assert client.get(url("case-detail", case.reference)).status_code == 302  # to the request
    page = page_text(client.get(url("advice-submit", advice.pk)))
    assert f"Due by {advice.due_on:%A %-d %B %Y} (SEND Regulations 2014 reg 8(1)" in page
    response = client.post(
        url("advice-submit", advice.pk),
        {"summary": "Significant needs in communication; recommend 1:1 support."},
        follow=True,
    )
    assert "Your advice has been sent to the council" in page_text(response)
    advice.refresh_from_db()
    assert advice.status == AdviceRequest.Status.RECEIVED and advice.received_on == today()
    assert case.child.full_name not in page_text(response)
    assert client.get(url("advice-submit", advice.pk)).status_code == 404
    assert client.get(url("case-detail", case.reference)).status_code == 404


def test_sent_advice_keeps_what_was_sent_when_and_a_receipt_without_the_case(client):
    case, advice, adviser = advice_case()
    client.force_login(adviser)
    client.post(
        url("advice-item-new", advice.pk, "need"),
        {"area": "communication", "description": "Needs visual prompts."},
    )
    response = client.post(
        url("advice-submit", advice.pk), {"summary": "Seen twice in school."}, follow=True
    )
    assert response.redirect_chain[-1][0] == url("advice-receipt", advice.pk)
    advice.refresh_from_db()
    assert advice.sent_by == adviser and advice.sent_at is not None
    assert len(advice.receipt_digest) == 64
    receipt = page_text(response)
    assert f"Advice received by {case.local_authority.name}" in receipt
    assert advice.receipt_number in receipt and advice.receipt_digest in receipt
    assert "Seen twice in school." in receipt and "Needs visual prompts." in receipt
    assert case.reference in receipt and case.child.full_name not in receipt
    listing = page_text(client.get(url("advice-sent")))
    assert advice.receipt_number in listing and case.child.full_name not in listing
    assert url("advice-sent") in client.get(url("advice-inbox")).content.decode()
    # The same advice always gives the same fingerprint; a change to it gives another.
    from ehcp.services.advice_items import fingerprint

    assert fingerprint(advice) == advice.receipt_digest
    advice.summary = "Seen once."
    assert fingerprint(advice) != advice.receipt_digest
    # Another adviser cannot open it; the receipt read is logged against the child.
    client.force_login(person_with_role(Role.EDUCATIONAL_PSYCHOLOGIST, la("881")))
    assert client.get(url("advice-receipt", advice.pk)).status_code == 404
    assert AuditEvent.objects.filter(
        action=AuditEvent.Action.VIEW, actor=adviser, child_id=case.child_id
    ).exists()


def test_the_adviser_picker_names_each_advisers_profession_and_service(client):
    case = case_at(Stage.ASSESSING)
    ep = person_with_role(
        Role.EDUCATIONAL_PSYCHOLOGIST, la("881"), first_name="Ruth", last_name="Adeyemi"
    )
    client.force_login(case.caseworker)
    body = client.get(url("case-advice-new", case.reference)).content.decode()
    assert f'<option value="{ep.pk}">Ruth Adeyemi: Educational psychologist, Essex</option>' in body


def test_opening_an_advice_request_is_logged(client):
    case, advice, adviser = advice_case()
    client.force_login(adviser)
    client.get(url("advice-submit", advice.pk))
    read = AuditEvent.objects.get(action=AuditEvent.Action.VIEW, actor=adviser)
    assert read.child_id == case.child_id


def test_empty_advice_says_what_to_enter_and_changes_nothing(client):
    case, advice, adviser = advice_case()
    client.force_login(adviser)
    with nothing_changes(case):
        response = client.post(url("advice-submit", advice.pk), {"summary": ""})
    assert error_summary(response) == ["Enter your advice"]
    assert field_error(response, "id_summary") == "Enter your advice"


def test_advice_asked_of_another_adviser_is_not_found(client):
    _, advice, _ = advice_case()
    client.force_login(person_with_role(Role.EDUCATIONAL_PSYCHOLOGIST, la("881")))
    assert client.get(url("advice-submit", advice.pk)).status_code == 404


# ---- consultations -----------------------------------------------------------------------------


def consultation_case():
    """A case whose family asked for a school, which the council has consulted."""
    school = SettingFactory(local_authority=la("881"))
    case = case_at(Stage.CONSULTING, setting=school)
    return case, case.setting_requests.get(), person_with_role(Role.SENCO, school)


def test_a_senco_sees_only_consultations_of_their_own_setting(client):
    case, consultation, senco = consultation_case()
    other_case, other, _ = consultation_case()
    client.force_login(senco)
    text = page_text(client.get(url("consultations")))
    assert case.child.full_name in text and other_case.child.full_name not in text
    assert f"{consultation.response_due_on:%-d %b %Y}" in text
    assert client.get(url("consultation-respond", other.pk)).status_code == 404
    response = client.get(url("case-detail", case.reference))
    assert response["Location"] == url("consultation-respond", consultation.pk)


def test_a_senco_replies_and_the_council_sees_the_reply(client):
    case, consultation, senco = consultation_case()
    client.force_login(senco)
    replied = consultation.consulted_on + timedelta(days=3)
    response = client.post(
        url("consultation-respond", consultation.pk),
        {
            "response": "can_meet",
            "detail": "We can meet these needs with the provision in section F.",
            **date_data("responded_on", replied),
        },
        follow=True,
    )
    assert "Your reply has been sent to the council" in page_text(response)
    consultation.refresh_from_db()
    assert consultation.status == SettingRequest.Status.RESPONDED
    assert consultation.responded_by == senco and consultation.responded_on == replied
    text = page_text(client.get(url("consultation-respond", consultation.pk)))
    assert f"You replied on {replied:%-d %B %Y}: can meet the child's needs." in text
    client.force_login(case.caseworker)
    text = page_text(client.get(url("case-detail", case.reference)))
    assert "Replied: can meet the child's needs" in text
    assert "Decide whether to name" in text


def test_a_replied_consultation_moves_from_waiting_to_replied(client):
    case, consultation, senco = consultation_case()
    client.force_login(senco)
    body = client.get(url("consultations")).content.decode()
    waiting, replied = body.split("You have replied")
    assert case.child.full_name in waiting and case.child.full_name not in replied
    client.post(
        url("consultation-respond", consultation.pk),
        {"response": "can_meet", **date_data("responded_on", today())},
    )
    body = client.get(url("consultations")).content.decode()
    waiting, replied = body.split("You have replied")
    assert case.child.full_name not in waiting
    assert "No consultations are waiting for your reply" in waiting
    assert case.child.full_name in replied and f"Sent {today():%-d %B %Y}" in replied


def _date_shown(body: str, name: str, day) -> bool:
    return all(
        re.search(rf'id="id_{name}_{index}"[^>]*value="{part}"', body)
        or re.search(rf'value="{part}"[^>]*id="id_{name}_{index}"', body)
        for index, part in enumerate((day.day, day.month, day.year))
    )


def test_the_reply_date_starts_as_today_for_the_school_and_the_caseworker(client):
    case, consultation, senco = consultation_case()
    client.force_login(senco)
    body = client.get(url("consultation-respond", consultation.pk)).content.decode()
    assert _date_shown(body, "responded_on", today())
    client.force_login(case.caseworker)
    body = client.get(url("case-setting-response", case.reference, consultation.pk))
    assert _date_shown(body.content.decode(), "responded_on", today())


def test_an_empty_reply_says_what_to_enter_and_changes_nothing(client):
    case, consultation, senco = consultation_case()
    client.force_login(senco)
    with nothing_changes(case):
        response = client.post(url("consultation-respond", consultation.pk), {})
    assert error_summary(response) == [
        "Select whether you can meet the child's needs",
        "Enter the date of the reply",
    ]


@pytest.mark.parametrize("when", ["before-consultation", "future", "31-february"])
def test_a_reply_with_a_bad_date_is_refused_and_changes_nothing(client, when):
    case, consultation, senco = consultation_case()
    client.force_login(senco)
    dates = {
        "before-consultation": date_data("responded_on", consultation.consulted_on - timedelta(1)),
        "future": date_data("responded_on", today() + timedelta(days=1)),
        "31-february": date_data("responded_on", raw=(31, 2, 2026)),
    }
    expected = {
        "before-consultation": "The date of the reply must be on or after the consultation date "
        f"({consultation.consulted_on:%-d %B %Y})",
        "future": "The date of the reply must be today or in the past",
        "31-february": "The date of the reply must be a real date",
    }
    with nothing_changes(case):
        response = client.post(
            url("consultation-respond", consultation.pk), {"response": "can_meet", **dates[when]}
        )
    assert error_summary(response) == [expected[when]]
