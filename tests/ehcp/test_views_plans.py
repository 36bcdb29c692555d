"""The plan pages: the caseworker's editor (one thing per page, GOV.UK errors, a second writer
told), the family reading and commenting section by section, structured advice, comparison,
the PDF download and the check before issuing."""

from __future__ import annotations

from datetime import date

import pytest

from ehcp import selectors
from ehcp.models import (
    AdviceItem,
    Case,
    CaseEvent,
    Message,
    Plan,
    PlanComment,
    PlanNeed,
    Stage,
)
from ehcp.services import plans, workflow
from send_portal.models import GeneratedDocument, Role
from tests.ehcp.factories import (
    TODAY,
    ChildFactory,
    case_at,
    panel_meeting,
    parent_of,
    young_person_child,
    young_person_of,
)
from tests.ehcp.plan_helpers import add, lock, serve, written_draft
from tests.ehcp.view_helpers import error_summary, field_error, page_text, url
from tests.factories import person_with_role

pytestmark = pytest.mark.django_db

SERVED = date(2026, 5, 25)


@pytest.fixture
def today(monkeypatch):
    """Pin "today" (default: the EHC tests' day); call the fixture's result to move it."""
    current = {"day": TODAY}
    monkeypatch.setattr(selectors, "today", lambda: current["day"])

    def move(on: date) -> None:
        current["day"] = on

    return move


@pytest.fixture(autouse=True)
def _today(today):
    return today


def _family_draft():
    child = ChildFactory()
    parent = parent_of(child)
    plan, items = written_draft(child=child)
    serve(plan)
    return plan, parent, items


# ---- the caseworker writes the draft ------------------------------------------------------------


def test_the_caseworker_starts_a_draft_and_sees_quality_checks_and_advice_to_use(client):
    case = case_at(Stage.DRAFTING)
    advice = case.advice_requests.get()
    AdviceItem.objects.create(
        advice=advice, kind="need", area="communication", description="Needs visual prompts."
    )
    client.force_login(case.caseworker)
    response = client.post(url("plan-start", case.reference))
    assert response["Location"] == url("plan-version", case.reference, 1)
    text = page_text(client.get(response["Location"]))
    assert "Version 1: draft plan, not sent yet" in text
    assert "Checks on this version" in text
    assert "Section B: No special educational needs are recorded yet." in text
    assert "Advice you can use" in text and "Needs visual prompts." in text
    for code in ["A", "B", "C", "D", "E", "F", "G", "H1", "H2", "I", "J", "K"]:
        assert f"Section {code}:" in text


def test_an_advice_item_is_added_to_the_draft_from_the_plan_page(client):
    plan, _ = written_draft()
    item = AdviceItem.objects.create(
        advice=plan.case.advice_requests.get(),
        kind="provision",
        description="Visual timetable taught daily.",
        frequency="Daily",
    )
    client.force_login(plan.case.caseworker)
    response = client.post(
        url("plan-pull-advice", plan.case.reference, plan.version, item.pk),
        {"version_lock": lock(plan)},
        follow=True,
    )
    assert "Added to the draft as F2" in page_text(response)
    assert "In the draft as F2" in page_text(response)
    assert plan.provisions.filter(source_item=item).exists()


def test_adding_a_need_shows_govuk_errors_then_saves_it(client):
    plan, _ = written_draft()
    client.force_login(plan.case.caseworker)
    address = url("plan-item-new", plan.case.reference, plan.version, "need") + "?section=B"
    form = client.get(address)
    assert 'value="B" checked' in form.content.decode()
    empty = client.post(address, {"version_lock": lock(plan), "section": "B"})
    assert error_summary(empty) == ["Describe the need"]
    no_area = client.post(
        address, {"version_lock": lock(plan), "section": "B", "description": "Slow reading"}
    )
    assert field_error(no_area, "id_area") == "Select the area of need"
    saved = client.post(
        address,
        {
            "version_lock": lock(plan),
            "section": "B",
            "area": "cognition",
            "description": "Slow reading",
        },
    )
    assert saved["Location"].endswith("#section-B")
    assert plan.needs.filter(description="Slow reading", area="cognition").exists()


def test_a_health_need_in_section_c_is_not_asked_for_an_area_of_special_need(client):
    plan, _ = written_draft()
    client.force_login(plan.case.caseworker)
    address = url("plan-item-new", plan.case.reference, plan.version, "need") + "?section=C"
    body = client.get(address).content.decode()
    assert 'value="C" checked' in body and 'name="area"' not in body
    saved = client.post(
        address,
        {
            "version_lock": lock(plan),
            "section": "C",
            "area": "cognition",  # sent by a stale page: not kept for a health need
            "description": "Asthma: needs an inhaler before PE.",
        },
    )
    assert saved["Location"].endswith("#section-C")
    need = plan.needs.get(description="Asthma: needs an inhaler before PE.")
    assert (need.section, need.area) == ("C", "")


def test_a_second_writer_from_an_out_of_date_page_is_told_and_nothing_is_saved(client):
    plan, items = written_draft()
    client.force_login(plan.case.caseworker)
    address = url("plan-item-edit", plan.case.reference, plan.version, "need", items["worry"].pk)
    stale = lock(plan)
    add(plan, "need", section="C", description="Asthma.")
    response = client.post(
        address,
        {"version_lock": stale, "section": "B", "area": "semh", "description": "Changed"},
    )
    assert error_summary(response)[0].startswith("Someone else changed this plan")
    items["worry"].refresh_from_db()
    assert items["worry"].description == "Anxious at the start of the school day."


def test_an_item_is_changed_and_removed_with_its_reference(client):
    plan, items = written_draft()
    client.force_login(plan.case.caseworker)
    ref = plan.case.reference
    change = client.get(url("plan-item-edit", ref, plan.version, "outcome", items["outcome"].pk))
    assert "Change outcome E1" in page_text(change)
    remove = url("plan-item-remove", ref, plan.version, "need", items["worry"].pk)
    assert "Remove B2 from the draft?" in page_text(client.get(remove))
    response = client.post(remove, {"version_lock": lock(plan)}, follow=True)
    assert "B2 removed" in page_text(response)
    assert not PlanNeed.objects.filter(pk=items["worry"].pk).exists()


def test_section_a_keeps_the_childs_words_apart_from_the_parents(client):
    plan, _ = written_draft()
    client.force_login(plan.case.caseworker)
    address = url("plan-views-edit", plan.case.reference, plan.version)
    text = page_text(client.get(address))
    assert f"In {plan.case.child.known_as}'s own words" in text
    assert "Parents' and carers' views" in text
    client.post(
        address,
        {
            "version_lock": lock(plan),
            "child_friends": "Sam and Priya",
            "parent_views": "Busy places are hard for him.",
        },
    )
    plan.views.refresh_from_db()
    assert (plan.views.child_friends, plan.views.parent_views) == (
        "Sam and Priya",
        "Busy places are hard for him.",
    )


def test_a_sent_version_has_no_change_links_and_its_editor_sends_you_back(client):
    plan, _ = written_draft()
    serve(plan)
    client.force_login(plan.case.caseworker)
    body = client.get(url("plan-version", plan.case.reference, 1)).content.decode()
    assert "Change<span" not in body
    response = client.get(url("plan-item-new", plan.case.reference, 1, "need"), follow=True)
    assert "Version 1 cannot change" in page_text(response)


def test_the_health_agreement_page_records_the_icb_agreement(client):
    plan, _ = written_draft()
    add(plan, "provision", section="G", description="Paediatric review twice a year.")
    client.force_login(plan.case.caseworker)
    text = page_text(client.get(url("plan-version", plan.case.reference, 1)))
    assert "The law stops this plan being issued until you fix this" in text
    response = client.post(
        url("plan-health-agreement", plan.case.reference, 1),
        {
            "version_lock": lock(plan),
            "agreed_by": "Dr Shah",
            "agreed_on_0": "20",
            "agreed_on_1": "5",
            "agreed_on_2": "2026",
        },
        follow=True,
    )
    assert "Agreed by Dr Shah on 20 May 2026" in page_text(response)
    assert plan.case.events.filter(kind=CaseEvent.Kind.HEALTH_AGREED).exists()


def test_the_final_plan_page_checks_before_issuing(client):
    plan, _ = written_draft()
    add(plan, "provision", section="G", description="Paediatric review.")
    serve(plan)
    client.force_login(plan.case.caseworker)
    text = page_text(client.get(url("case-issue-final", plan.case.reference)))
    assert "Check before you issue the plan" in text
    assert "The final plan will be version 2, copied from version 1: draft plan" in text
    assert "The law stops the plan being issued until this is fixed" in text
    response = client.post(
        url("case-issue-final", plan.case.reference),
        {
            "setting_type": "Mainstream school",
            **{f"issued_on_{i}": v for i, v in enumerate(("9", "6", "2026"))},
            **{f"notice_sent_on_{i}": v for i, v in enumerate(("9", "6", "2026"))},
        },
    )
    assert any("reg 12(2)" in message for message in error_summary(response))
    assert not plan.case.plans.filter(status=Plan.Status.FINAL).exists()


# ---- the family ---------------------------------------------------------------------------------


def test_the_family_reads_the_draft_and_comments_on_a_section_within_the_window(client, today):
    plan, parent, _ = _family_draft()
    ref = plan.case.reference
    client.force_login(parent)
    today(date(2026, 6, 1))
    case_page = page_text(client.get(url("family-case", ref)))
    assert "Read the draft plan and comment on each section" in case_page
    body = client.get(url("plan-version", ref, 1)).content.decode()
    assert "Comment on this section" in body and "Change<span" not in body
    assert "Checks on this version" not in body  # the writer's checks are for the council
    page = url("family-plan-comment", ref, 1, "F")
    assert "You can comment until Monday 8 June 2026" in page_text(client.get(page))
    response = client.post(page, {"text": "Make speech therapy twice a week."}, follow=True)
    assert "Your comment on section F has been sent to the council" in page_text(response)
    assert "Make speech therapy twice a week." in page_text(response)
    assert PlanComment.objects.get().section == "F"


def test_after_the_window_the_comment_page_gives_the_date_and_refuses(client, today):
    plan, parent, _ = _family_draft()
    client.force_login(parent)
    today(date(2026, 6, 9))
    page = url("family-plan-comment", plan.case.reference, 1, "B")
    text = page_text(client.get(page))
    assert "The time for comments on this version ended on Monday 8 June 2026" in text
    response = client.post(page, {"text": "Too late?"})
    assert "ended on 8 June 2026" in error_summary(response)[0]
    assert not PlanComment.objects.exists()


def test_the_family_never_sees_a_draft_still_being_written(client):
    plan, parent, _ = _family_draft()
    plans.start_revised_draft(actor=plan.case.caseworker, plan_id=plan.pk)
    client.force_login(parent)
    assert client.get(url("plan-version", plan.case.reference, 2)).status_code == 404
    text = page_text(client.get(url("plan-versions", plan.case.reference)))
    assert "Version 1: draft plan, sent 25 May 2026" in text and "Version 2" not in text


def test_family_section_a_has_an_easy_read_option_and_a_young_person_speaks_for_themself(client):
    child = ChildFactory()
    parent = parent_of(child)
    case = case_at(Stage.ASSESSING, child=child)
    client.force_login(parent)
    address = url("family-section-a", case.reference)
    standard = page_text(client.get(address))
    assert "What do people like and admire about you?" in standard
    assert "Your views as a parent or carer" in standard
    easy = client.get(address + "?easy-read=yes")
    assert "This page is in easy read." in page_text(easy)
    assert "What are you good at?" in page_text(easy)
    response = client.post(address, {"easy_read": "yes", "child_strengths": "Drawing trains"})
    assert response["Location"] == url("family-case", case.reference)
    contribution = case.views_contributions.get()
    assert contribution.easy_read and contribution.child_strengths == "Drawing trains"

    older = young_person_child()
    young_person = young_person_of(older)
    own = case_at(Stage.ASSESSING, child=older)
    client.force_login(young_person)
    text = page_text(client.get(url("family-section-a", own.reference)))
    assert "Your views for your plan" in text
    assert "Your views as a parent or carer" not in text


def test_the_family_asks_for_a_meeting_and_a_personal_budget(client):
    plan, parent, _ = _family_draft()
    ref = plan.case.reference
    client.force_login(parent)
    meeting = url("family-meeting", ref)
    assert "SEND Regulations 2014 reg 13(1)(b)" in page_text(client.get(meeting))
    assert error_summary(client.post(meeting, {})) == ["Tell us what you want to talk about"]
    client.post(meeting, {"about": "Section F"})
    budget = url("family-personal-budget", ref)
    assert "SEN (Personal Budgets) Regulations 2014 reg 4" in page_text(client.get(budget))
    client.post(budget, {"detail": "Therapy"})
    kinds = set(plan.case.events.values_list("kind", flat=True))
    assert {CaseEvent.Kind.MEETING_REQUESTED, CaseEvent.Kind.PERSONAL_BUDGET_REQUESTED} <= kinds


def test_messages_are_one_thread_both_sides_see(client):
    plan, parent, _ = _family_draft()
    ref = plan.case.reference
    client.force_login(parent)
    assert error_summary(client.post(url("case-messages", ref), {"text": ""})) == [
        "Enter your message"
    ]
    client.post(url("case-messages", ref), {"text": "When is the meeting?"})
    client.force_login(plan.case.caseworker)
    client.post(url("case-messages", ref), {"text": "Tuesday at 10am."})
    client.force_login(parent)
    text = page_text(client.get(url("case-messages", ref)))
    assert text.index("When is the meeting?") < text.index("Tuesday at 10am.")
    assert Message.objects.count() == 2


# ---- comparison and PDFs ------------------------------------------------------------------------


def test_the_comparison_labels_each_change_in_words(client):
    plan, _ = written_draft()
    serve(plan)
    case = plan.case
    revised = plans.start_revised_draft(actor=case.caseworker, plan_id=plan.pk)
    add(revised, "need", section="D", description="Needs short breaks at weekends.")
    client.force_login(case.caseworker)
    response = client.get(url("plan-compare", case.reference), {"older": 1, "newer": 2})
    text = page_text(response)
    assert "Version 1 (draft) compared with version 2 (draft)" in text
    assert "Changed: section D." in text
    assert "Added D1" in text and "Needs short breaks at weekends." in text
    assert "Not in this version" in text
    assert "1 item not changed" in text


def test_the_pdf_is_downloaded_by_the_family_and_the_caseworker_once_made(
    client, django_capture_on_commit_callbacks
):
    child = ChildFactory()
    parent = parent_of(child)
    plan, _ = written_draft(child=child)
    client.force_login(parent)
    address = url("plan-pdf", plan.case.reference, 1)
    assert client.get(address).status_code == 404  # not sent yet
    with django_capture_on_commit_callbacks(execute=False):
        serve(plan)
    pending = client.get(address)
    assert "is being made" in page_text(pending)
    assert "Waiting to start" in page_text(pending)
    from send_portal.pdf import render_and_store

    render_and_store(plan.document_id)
    for person in (parent, plan.case.caseworker):
        client.force_login(person)
        response = client.get(address)
        assert response["Content-Type"] == "application/pdf"
        assert b"".join(response.streaming_content).startswith(b"%PDF")
    assert GeneratedDocument.objects.get(pk=plan.document_id).status == "ready"


# ---- structured advice --------------------------------------------------------------------------


def test_a_health_adviser_gives_a_health_need_that_goes_to_section_c_without_an_area(client):
    case = case_at(Stage.ASSESSING)
    doctor = person_with_role(Role.HEALTH_ADVISER, case.local_authority)
    advice = workflow.request_advice(
        actor=case.caseworker,
        case_id=case.pk,
        advice_type="health",
        requested_on=date(2026, 4, 7),
        adviser=doctor,
    )
    client.force_login(doctor)
    new_need = url("advice-item-new", advice.pk, "need")
    assert 'value="C" checked' in client.get(new_need).content.decode()
    client.post(new_need, {"section": "C", "description": "Asthma: inhaler before PE."})
    item = advice.items.get()
    assert (item.section, item.area) == ("C", "")
    assert "A health need (section C)" in page_text(client.get(url("advice-submit", advice.pk)))
    client.post(url("advice-submit", advice.pk), {"summary": "Asthma, well controlled."})
    case = Case.objects.get(pk=case.pk)
    workflow.refer_to_panel(
        actor=case.caseworker,
        case_id=case.pk,
        meeting_id=panel_meeting(case.local_authority, date(2026, 6, 1)).pk,
        summary="Advice in.",
        on=date(2026, 5, 20),
    )
    item_recommend = case.panel_items.get()
    workflow.record_panel_recommendation(
        actor=case.caseworker,
        item_id=item_recommend.pk,
        recommendation="issue",
        reasons="Needs beyond SEN Support.",
        on=date(2026, 6, 1),
    )
    workflow.decide_whether_to_issue(
        actor=case.caseworker,
        case_id=case.pk,
        issue=True,
        decided_on=date(2026, 6, 2),
        notice_sent_on=date(2026, 6, 2),
    )
    plan = plans.start_draft(actor=case.caseworker, case_id=case.pk)
    need = plans.pull_advice_item(
        actor=case.caseworker, plan_id=plan.pk, expected_lock=lock(plan), advice_item_id=item.pk
    )
    assert (need.section, need.area) == ("C", "")


def test_the_adviser_adds_structured_items_then_sends_the_advice(client):
    case = case_at(Stage.ASSESSING)
    ep = person_with_role(Role.EDUCATIONAL_PSYCHOLOGIST, case.local_authority)
    advice = workflow.request_advice(
        actor=case.caseworker,
        case_id=case.pk,
        advice_type="ep",
        requested_on=date(2026, 4, 7),
        adviser=ep,
    )
    client.force_login(ep)
    new_need = url("advice-item-new", advice.pk, "need")
    assert error_summary(client.post(new_need, {})) == [
        "Select the area of need",
        "Describe the need",
    ]
    client.post(new_need, {"area": "semh", "description": "Anxious at transitions."})
    client.post(
        url("advice-item-new", advice.pk, "provision"),
        {"description": "ELSA sessions", "frequency": "Weekly", "duration": "30 minutes"},
    )
    text = page_text(client.get(url("advice-submit", advice.pk)))
    assert "Need 1 Social, emotional and mental health Anxious at transitions." in text
    assert "How often: Weekly." in text
    client.post(url("advice-submit", advice.pk), {"summary": "Seen twice in school."})
    advice.refresh_from_db()
    assert advice.status == "received" and advice.items.count() == 2
    # Sent: the request (and the case) leave the adviser's view.
    assert client.get(url("advice-submit", advice.pk)).status_code == 404
    assert client.get(url("advice-item-new", advice.pk, "need")).status_code == 404


def test_amendments_pages_send_and_issue_a_proposed_version(client, today):
    child = ChildFactory()
    parent = parent_of(child)
    case = case_at(Stage.FINAL_ISSUED, child=child)
    client.force_login(case.caseworker)
    response = client.post(url("plan-propose-amendments", case.reference))
    assert response["Location"] == url("plan-version", case.reference, 3)
    send = url("plan-send-amendments", case.reference, 3)
    assert "reg 22(2)" in page_text(client.get(send))
    client.post(send, {"on_0": "1", "on_1": "9", "on_2": "2026"})
    today(date(2026, 9, 20))
    issue = url("plan-issue-amended", case.reference, 3)
    assert "Issue the amended plan" in page_text(client.get(issue))
    client.post(
        issue,
        {
            **{f"issued_on_{i}": v for i, v in enumerate(("20", "9", "2026"))},
            **{f"notice_sent_on_{i}": v for i, v in enumerate(("20", "9", "2026"))},
        },
    )
    assert case.plans.latest("version").status == Plan.Status.AMENDED
    client.force_login(parent)
    text = page_text(client.get(url("family-case", case.reference)))
    assert "Version 4: amended final plan, issued 20 September 2026" in text
    assert "See what changed between versions 3 and 4" in text
