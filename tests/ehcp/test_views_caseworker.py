"""The caseworker's pages: the caseload, recording a request, the case page and every workflow
step, including what each form says when the input is wrong (and that it then changes nothing).
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from benchmarks.caseload import bulk_cases
from ehcp import deadlines
from ehcp.models import (
    AdviceRequest,
    Case,
    CaseNote,
    CaseTask,
    Decision,
    PanelAgendaItem,
    PanelMeeting,
    SettingRequest,
    Stage,
)
from ehcp.selectors import today
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


def as_caseworker(client, case: Case):
    """Sign in as the case's caseworker."""
    client.force_login(case.caseworker)
    return case.caseworker


def essex_worker():
    return person_with_role(Role.CASEWORKER, la("881"))


def days_ago(n: int) -> date:
    return today() - timedelta(days=n)


# ---- caseload --------------------------------------------------------------------------------


def test_caseload_lists_my_cases_soonest_deadline_first(client):
    worker = essex_worker()
    later = case_at(Stage.REQUEST_RECEIVED, actor=worker, received_on=days_ago(2))
    sooner = case_at(Stage.CONSIDERING, actor=worker, received_on=days_ago(30))
    someone_elses = case_at(Stage.CONSIDERING, received_on=days_ago(20))
    client.force_login(worker)
    text = page_text(client.get(url("caseload")))
    assert "2 cases" in text
    assert text.index(sooner.reference) < text.index(later.reference)
    assert someone_elses.reference not in text


def test_closed_cases_come_after_open_ones_when_sorted_by_deadline(client):
    worker = essex_worker()
    closed = case_at(Stage.FINAL_ISSUED, actor=worker)
    open_case = case_at(Stage.CONSIDERING, actor=worker, received_on=days_ago(10))
    client.force_login(worker)
    text = page_text(client.get(url("caseload"), {"sort": "due"}))
    assert text.index(open_case.reference) < text.index(closed.reference)


def test_sorting_by_stage_follows_the_order_of_the_process(client):
    worker = essex_worker()
    refs = [
        case_at(stage, actor=worker, received_on=days_ago(90)).reference
        for stage in (Stage.DRAFTING, Stage.CONSIDERING, Stage.NOT_ASSESSED, Stage.ASSESSING)
    ]
    client.force_login(worker)
    text = page_text(client.get(url("caseload"), {"sort": "stage"}))
    drafting, considering, not_assessed, assessing = (text.index(r) for r in refs)
    assert considering < assessing < drafting < not_assessed


def test_caseload_flags_an_overdue_case_in_red(client):
    worker = essex_worker()
    overdue = case_at(Stage.CONSIDERING, actor=worker, received_on=days_ago(50))
    on_track = case_at(Stage.REQUEST_RECEIVED, actor=worker, received_on=days_ago(1))
    client.force_login(worker)
    body = client.get(url("caseload")).content.decode()
    overdue_row = body[body.index(overdue.reference) - 400 : body.index(overdue.reference) + 900]
    assert '<strong class="govuk-tag govuk-tag--red">Overdue</strong>' in overdue_row
    assert "Decision whether to carry out an EHC needs assessment" in overdue_row
    on_track_row = body[body.index(on_track.reference) : body.index(on_track.reference) + 900]
    assert "Overdue" not in on_track_row
    assert body.count("app-row--overdue") == 1


def test_caseload_filters_by_stage_deadline_exception_and_name(client):
    worker = essex_worker()
    overdue = case_at(Stage.CONSIDERING, actor=worker, received_on=days_ago(50))
    new = case_at(Stage.REQUEST_RECEIVED, actor=worker, received_on=days_ago(1))
    final = case_at(Stage.FINAL_ISSUED, actor=worker)
    excepted = case_at(Stage.CONSIDERING, actor=worker, received_on=days_ago(10))
    client.force_login(worker)
    client.post(
        url("case-exception-new", excepted.reference),
        {
            "applies_to": "decision_to_assess",
            "reason": "10_4_c",
            "evidence": "Family bereavement",
            **date_data("starts_on", days_ago(5)),
        },
    )

    def listed(**params):
        text = page_text(client.get(url("caseload"), {"scope": "all", **params}))
        return {c.reference for c in (overdue, new, final, excepted) if c.reference in text}

    assert listed() == {overdue.reference, new.reference, final.reference, excepted.reference}
    assert listed(stage="considering") == {overdue.reference, excepted.reference}
    assert listed(due="overdue") == {overdue.reference}
    assert listed(exception="yes") == {excepted.reference}
    assert listed(q=new.child.last_name) >= {new.reference}
    assert listed(q=final.reference) == {final.reference}
    full_name = f"  {new.child.first_name}   {new.child.last_name.upper()} "
    assert listed(q=full_name) >= {new.reference}
    assert new.reference not in listed(q=f"{new.child.first_name} Zzyzx")
    assert page_text(client.get(url("caseload"), {"scope": "team"})).count(final.reference) == 0


def test_caseload_soon_filter_lists_deadlines_in_the_next_five_working_days(client):
    worker = essex_worker()
    # Decision due 6 weeks after the request: a request 40 days ago is due in 2 days.
    soon = case_at(Stage.CONSIDERING, actor=worker, received_on=days_ago(40))
    later = case_at(Stage.CONSIDERING, actor=worker, received_on=days_ago(10))
    client.force_login(worker)
    text = page_text(client.get(url("caseload"), {"due": "soon"}))
    assert soon.reference in text and later.reference not in text
    assert "Due soon" in text or "Due today" in text


def test_my_cases_are_only_those_allocated_to_me(client):
    worker = essex_worker()
    mine = case_at(Stage.CONSIDERING, actor=worker, received_on=days_ago(10))
    unallocated = case_at(Stage.REQUEST_RECEIVED, allocated=False, received_on=days_ago(3))
    client.force_login(worker)
    mine_text = page_text(client.get(url("caseload")))
    assert mine.reference in mine_text and unallocated.reference not in mine_text
    team_text = page_text(client.get(url("caseload"), {"scope": "team"}))
    assert unallocated.reference in team_text and "Not allocated" in team_text


def test_another_councils_caseworker_never_sees_essex_cases_in_any_scope(client):
    essex_case = case_at(Stage.CONSIDERING, received_on=days_ago(10))
    client.force_login(person_with_role(Role.CASEWORKER, la("883")))
    for scope in ("mine", "team", "all"):
        text = page_text(client.get(url("caseload"), {"scope": scope}))
        assert essex_case.reference not in text
        assert "0 cases" in text and "No cases match." in text


def test_caseload_shows_fifty_cases_a_page_with_links_to_the_next(client):
    worker = essex_worker()
    bulk_cases(local_authority=la("881"), caseworkers=[worker], count=120, today=today())
    client.force_login(worker)
    first = page_text(client.get(url("caseload"), {"scope": "all"}))
    assert "120 cases" in first and "Page 1 of 3" in first
    last = client.get(url("caseload"), {"scope": "all", "page": "3"})
    assert "Page 3 of 3" in page_text(last)
    assert last.content.decode().count('class="govuk-table__row') == 1 + 20


def _caseload_queries(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url("caseload"), {"scope": "all", "sort": "due"})
    assert response.status_code == 200
    return len(queries)


def test_caseload_query_count_is_the_same_for_5_50_and_500_cases(client, django_assert_num_queries):
    worker = essex_worker()
    team = [worker, essex_worker(), None]
    essex = la("881")
    client.force_login(worker)
    client.get(url("caseload"), {"scope": "all"})  # first request: session set-up
    bulk_cases(local_authority=essex, caseworkers=team, count=5, today=today(), first=10000)
    with_5 = _caseload_queries(client)
    bulk_cases(local_authority=essex, caseworkers=team, count=45, today=today(), first=20000)
    with_50 = _caseload_queries(client)
    bulk_cases(local_authority=essex, caseworkers=team, count=450, today=today(), first=30000)
    assert Case.objects.filter(local_authority=essex).count() == 500
    with django_assert_num_queries(with_50):
        response = client.get(url("caseload"), {"scope": "all", "sort": "due"})
    assert "500 cases" in page_text(response)
    assert with_5 == with_50
    assert with_50 <= 12, "the caseload page should need a handful of queries"


# ---- recording a request: tests/ehcp/test_views_intake.py (the intake question flow) ---------


# ---- the case page ----------------------------------------------------------------------------


def test_case_page_shows_what_is_due_next_with_the_law(client):
    case = case_at(Stage.CONSIDERING, received_on=days_ago(50))
    as_caseworker(client, case)
    text = page_text(client.get(url("case-detail", case.reference)))
    due = deadlines.decision_to_assess(received=case.received_on)
    assert f"By {due.due:%A %-d %B %Y} Overdue" in text
    assert f"The law: {due.basis}" in text
    assert "Decide whether to assess" in text
    assert "Told that the council is considering an assessment" in text


def test_staff_reading_a_case_is_logged_with_the_child(client):
    case = case_at(Stage.CONSIDERING)
    manager = person_with_role(Role.SEND_MANAGER, la("881"))
    client.force_login(manager)
    client.get(url("case-detail", case.reference))
    read = AuditEvent.objects.get(action=AuditEvent.Action.VIEW, actor=manager)
    assert read.child_id == case.child_id
    assert read.object_type == "ehcp.case" and read.object_id == str(case.pk)
    assert case.reference in read.summary


def test_each_stage_offers_its_next_step(client):
    expected = {
        Stage.REQUEST_RECEIVED: "Tell people the council is considering an assessment",
        Stage.CONSIDERING: "Decide whether to assess",
        Stage.ASSESSING: "Ask for advice",
        Stage.PANEL: "Decide whether to issue a plan",
        Stage.DRAFTING: "Write the draft plan",
        Stage.DRAFT_SERVED: "Issue the final plan",
        Stage.CONSULTING: "Issue the final plan",
    }
    for stage, action in expected.items():
        case = case_at(stage)
        as_caseworker(client, case)
        body = client.get(url("case-detail", case.reference)).content.decode()
        assert f'role="button" data-module="govuk-button">{action}</a>' in body, stage
    closed = case_at(Stage.FINAL_ISSUED)
    as_caseworker(client, closed)
    text = page_text(client.get(url("case-detail", closed.reference)))
    assert "Final plan issued" in text
    assert "Record that the request was withdrawn" not in text


# ---- every form, submitted empty --------------------------------------------------------------

EMPTY_FORMS = [
    ("case-consider", Stage.REQUEST_RECEIVED, None, ["Enter the date people were told"]),
    (
        "case-decide-assessment",
        Stage.CONSIDERING,
        None,
        ["Select a decision", "Enter the decision date", "Enter the date the letter was sent"],
    ),
    (
        "case-advice-new",
        Stage.ASSESSING,
        None,
        ["Select the type of advice", "Enter the date advice was requested"],
    ),
    (
        "case-advice-reuse",
        Stage.ASSESSING,
        None,
        [
            "Select the type of advice",
            "Say which advice is being used",
            "Enter the date everyone agreed",
        ],
    ),
    ("case-advice-received", Stage.ASSESSING, "advice", ["Enter the date the advice was received"]),
    (
        "case-refer-panel",
        Stage.ASSESSING,
        None,
        ["Choose a panel meeting", "Enter the case summary"],
    ),
    (
        "case-decide-plan",
        Stage.PANEL,
        None,
        ["Select a decision", "Enter the decision date", "Enter the date the letter was sent"],
    ),
    ("case-serve-draft", Stage.DRAFTING, None, ["Enter the date the draft was sent"]),
    (
        "case-representations",
        Stage.DRAFT_SERVED,
        None,
        ["Enter your views on the draft plan", "Enter the date the views were received"],
    ),
    (
        "case-setting-new",
        Stage.DRAFT_SERVED,
        None,
        [
            "Search for the school or college, then choose it from the results",
            "Select who wants it named",
        ],
    ),
    ("case-setting-consult", Stage.DRAFT_SERVED, "requested", ["Enter the consultation date"]),
    (
        "case-setting-response",
        Stage.CONSULTING,
        "consulted",
        [
            "Select whether the school or college can meet the child's needs",
            "Enter the date of the reply",
        ],
    ),
    (
        "case-setting-decide",
        Stage.CONSULTING,
        "consulted",
        ["Select a decision", "Enter the decision date"],
    ),
    (
        "case-issue-final",
        Stage.DRAFT_SERVED,
        None,
        ["Enter the issue date", "Enter the date the plan was sent"],
    ),
    (
        "case-exception-new",
        Stage.CONSIDERING,
        None,
        [
            "Select the time limit",
            "Select the exception",
            "Enter the start date",
            "Enter the evidence",
        ],
    ),
    ("case-note-new", Stage.CONSIDERING, None, ["Enter the note"]),
    ("case-task-new", Stage.CONSIDERING, None, ["Enter what needs doing"]),
    (
        "case-withdraw",
        Stage.CONSIDERING,
        None,
        ["Enter why the request was withdrawn", "Enter the date it was withdrawn"],
    ),
    ("case-allocate", Stage.CONSIDERING, None, ["Select a caseworker"]),
]


def _target(case: Case, name: str, extra: str | None) -> str:
    if extra == "advice":
        advice = workflow_request_advice(case)
        return url(name, case.reference, advice.pk)
    if extra == "requested":
        request = workflow_request_setting(case)
        return url(name, case.reference, request.pk)
    if extra == "consulted":
        return url(name, case.reference, case.setting_requests.get().pk)
    return url(name, case.reference)


def workflow_request_advice(case: Case) -> AdviceRequest:
    from ehcp.services import workflow

    return workflow.request_advice(
        actor=case.caseworker,
        case_id=case.pk,
        advice_type="health",
        requested_on=case.assessment_decided_on,
        adviser_name="Dr Jones, community paediatrics",
    )


def workflow_request_setting(case: Case) -> SettingRequest:
    from ehcp.services import workflow

    return workflow.request_setting(
        actor=case.caseworker,
        case_id=case.pk,
        requested_on=case.draft_served_on,
        setting=SettingFactory(name="Hillside Academy", local_authority=case.local_authority),
    )


@pytest.mark.parametrize(("name", "stage", "extra", "messages"), EMPTY_FORMS, ids=lambda v: v)
def test_every_workflow_form_submitted_empty_says_what_to_enter_and_changes_nothing(
    client, name, stage, extra, messages
):
    case = case_at(stage)
    target = _target(case, name, extra)
    client.force_login(person_with_role(Role.SEND_MANAGER, la("881")))
    with nothing_changes(case):
        response = client.post(target, {})
    assert response.status_code == 200
    assert error_summary(response) == messages
    body = response.content.decode()
    assert '<h2 class="govuk-error-summary__title">There is a problem</h2>' in body
    assert "<title>Error: " in body, "the page title must start with 'Error: '"


# ---- each step, done properly ---------------------------------------------------------------


def test_telling_people_moves_the_case_to_considering(client):
    case = case_at(Stage.REQUEST_RECEIVED)
    as_caseworker(client, case)
    response = client.post(
        url("case-consider", case.reference),
        date_data("on", case.received_on + timedelta(1)),
        follow=True,
    )
    case.refresh_from_db()
    assert case.stage == Stage.CONSIDERING
    assert "Recorded that people were told" in page_text(response)


def test_considering_before_the_request_was_received_is_refused(client):
    case = case_at(Stage.REQUEST_RECEIVED)
    as_caseworker(client, case)
    with nothing_changes(case):
        response = client.post(
            url("case-consider", case.reference), date_data("on", case.received_on - timedelta(1))
        )
    assert error_summary(response) == [
        "The date people were told must be on or after the date the request was received "
        f"({case.received_on:%-d %B %Y})"
    ]


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ((31, 2, 2026), "The date people were told must be a real date"),
        ("future", "The date people were told must be today or in the past"),
        (("", "", 2026), "The date people were told must include a day and month"),
    ],
    ids=["31-february", "future", "no-day-or-month"],
)
def test_a_bad_date_on_a_step_is_refused_and_changes_nothing(client, raw, message):
    case = case_at(Stage.REQUEST_RECEIVED)
    as_caseworker(client, case)
    data = date_data("on", today() + timedelta(days=1), raw=None if raw == "future" else raw)
    with nothing_changes(case):
        response = client.post(url("case-consider", case.reference), data)
    assert error_summary(response) == [message]
    assert field_error(response, "id_on") == message


def _decision(case, decision, **extra):
    when = case.received_on + timedelta(days=30)
    return {
        "decision": decision,
        "reasons": "",
        **date_data("decided_on", when),
        **date_data("notice_sent_on", when),
        **extra,
    }


def test_deciding_to_assess_records_the_decision_and_queues_the_letter(client):
    case = case_at(Stage.CONSIDERING)
    as_caseworker(client, case)
    response = client.post(
        url("case-decide-assessment", case.reference), _decision(case, "yes"), follow=True
    )
    decision = case.decisions.get()
    assert decision.kind == Decision.Kind.ASSESS and decision.notice is not None
    assert "Decision recorded and letter queued" in page_text(response)
    assert Case.objects.get(pk=case.pk).stage == Stage.ASSESSING


def test_deciding_not_to_assess_without_reasons_is_refused_and_changes_nothing(client):
    case = case_at(Stage.CONSIDERING)
    as_caseworker(client, case)
    with nothing_changes(case):
        response = client.post(url("case-decide-assessment", case.reference), _decision(case, "no"))
    assert error_summary(response) == ["Enter the reasons for deciding not to assess"]
    assert field_error(response, "id_reasons") == "Enter the reasons for deciding not to assess"


def test_deciding_not_to_assess_with_reasons_gives_the_family_an_appeal_deadline(client):
    case = case_at(Stage.CONSIDERING)
    as_caseworker(client, case)
    data = _decision(case, "no", reasons="Needs can be met at SEN support.")
    client.post(url("case-decide-assessment", case.reference), data)
    decision = case.decisions.get()
    assert decision.kind == Decision.Kind.NOT_ASSESS
    assert (
        decision.appeal_deadline
        == deadlines.appeal_deadline(decision_sent=decision.notice_sent_on).due
    )
    text = page_text(client.get(url("case-detail", case.reference)))
    assert f"Appeal deadline {decision.appeal_deadline:%-d %B %Y}" in text


def test_the_letter_cannot_be_dated_before_the_decision(client):
    case = case_at(Stage.CONSIDERING)
    as_caseworker(client, case)
    decided = case.received_on + timedelta(days=30)
    data = _decision(case, "yes", **date_data("notice_sent_on", decided - timedelta(days=1)))
    with nothing_changes(case):
        response = client.post(url("case-decide-assessment", case.reference), data)
    assert error_summary(response) == [
        f"The date the letter was sent must be on or after the decision date ({decided:%-d %B %Y})"
    ]


def test_asking_an_adviser_in_the_portal_puts_it_in_their_inbox(client):
    case = case_at(Stage.ASSESSING)
    ep = person_with_role(Role.EDUCATIONAL_PSYCHOLOGIST, la("881"))
    as_caseworker(client, case)
    asked = case.assessment_decided_on + timedelta(days=1)
    response = client.post(
        url("case-advice-new", case.reference),
        {"advice_type": "ep", "adviser": ep.pk, **date_data("requested_on", asked)},
    )
    assert response.status_code == 302
    advice = case.advice_requests.get()
    assert advice.adviser == ep
    assert advice.due_on == deadlines.advice_due(requested=asked).due
    client.force_login(ep)
    assert case.child.full_name in page_text(client.get(url("advice-inbox")))


def test_asking_for_advice_without_saying_from_whom_is_refused(client):
    case = case_at(Stage.ASSESSING)
    as_caseworker(client, case)
    data = {"advice_type": "ep", **date_data("requested_on", case.assessment_decided_on)}
    with nothing_changes(case):
        response = client.post(url("case-advice-new", case.reference), data)
    assert error_summary(response) == ["Choose who to ask for advice"]


def test_using_old_advice_needs_everyone_to_agree(client):
    case = case_at(Stage.ASSESSING)
    as_caseworker(client, case)
    data = {
        "advice_type": "ep",
        "reused_from": "EP report of 3 February 2026",
        "agreed_by_council": "on",
        "agreed_by_adviser": "on",
        **date_data("on", case.assessment_decided_on),
    }
    with nothing_changes(case):
        response = client.post(url("case-advice-reuse", case.reference), data)
    message = (
        "Existing advice can only be used if the council, the adviser and the parent or young "
        "person all agree it is enough (SEND Regulations 2014 reg 6(4))"
    )
    assert error_summary(response) == [message]
    client.post(url("case-advice-reuse", case.reference), {**data, "agreed_by_family": "on"})
    assert case.advice_requests.get().status == AdviceRequest.Status.REUSED


def test_recording_advice_received_before_it_was_asked_for_is_refused(client):
    case = case_at(Stage.ASSESSING)
    advice = workflow_request_advice(case)
    as_caseworker(client, case)
    data = date_data("received_on", advice.requested_on - timedelta(days=1))
    with nothing_changes(case):
        response = client.post(url("case-advice-received", case.reference, advice.pk), data)
    assert error_summary(response) == [
        "The date the advice was received must be on or after the date it was asked for "
        f"({advice.requested_on:%-d %B %Y})"
    ]
    client.post(
        url("case-advice-received", case.reference, advice.pk),
        {**date_data("received_on", advice.requested_on), "summary": "No health needs."},
    )
    advice.refresh_from_db()
    assert advice.status == AdviceRequest.Status.RECEIVED


def test_advice_of_another_case_is_not_found(client):
    case = case_at(Stage.ASSESSING)
    other = case_at(Stage.ASSESSING, actor=case.caseworker)
    advice = workflow_request_advice(other)
    as_caseworker(client, case)
    response = client.get(url("case-advice-received", case.reference, advice.pk))
    assert response.status_code == 404


def test_referring_to_panel_while_advice_is_outstanding_is_refused(client):
    case = case_at(Stage.ASSESSING)
    workflow_request_advice(case)
    meeting = PanelMeeting.objects.create(local_authority=case.local_authority, meets_on=today())
    as_caseworker(client, case)
    data = {"meeting": meeting.pk, "summary": "Advice from health awaited."}
    with nothing_changes(case):
        response = client.post(url("case-refer-panel", case.reference), data)
    assert error_summary(response) == [
        "Advice is still outstanding: Medical advice and information (reg 6(1)(c))."
    ]


def test_the_panel_list_offers_only_the_childs_councils_meetings(client):
    case = case_at(Stage.ASSESSING)
    essex_panel = PanelMeeting.objects.create(
        local_authority=case.local_authority, meets_on=today()
    )
    thurrock_panel = PanelMeeting.objects.create(local_authority=la("883"), meets_on=today())
    as_caseworker(client, case)
    body = client.get(url("case-refer-panel", case.reference)).content.decode()
    assert f'value="{essex_panel.pk}"' in body
    assert f'value="{thurrock_panel.pk}"' not in body


def test_deciding_to_issue_shows_the_panels_recommendation_first(client):
    case = case_at(Stage.PANEL)
    item = case.panel_items.get()
    as_caseworker(client, case)
    refused = client.post(url("case-decide-plan", case.reference), _decision(case, "yes"))
    assert error_summary(refused) == ["Record the panel's recommendation before deciding."]
    from ehcp.services import workflow

    workflow.record_panel_recommendation(
        actor=item.meeting.members.get(),
        item_id=item.pk,
        recommendation=PanelAgendaItem.Recommendation.ISSUE,
        reasons="Needs are complex.",
        on=item.meeting.meets_on,
    )
    text = page_text(client.get(url("case-decide-plan", case.reference)))
    assert "The panel's recommendation Issue a plan" in text
    assert "The panel advises; the council decides." in text
    decided = {
        "decision": "yes",
        **date_data("decided_on", item.meeting.meets_on),
        **date_data("notice_sent_on", item.meeting.meets_on),
    }
    client.post(url("case-decide-plan", case.reference), decided)
    assert Case.objects.get(pk=case.pk).stage == Stage.DRAFTING


def test_sending_the_draft_opens_the_familys_15_day_window(client):
    case = case_at(Stage.DRAFTING)
    as_caseworker(client, case)
    served = case.plan_decided_on + timedelta(days=7)
    client.post(url("case-serve-draft", case.reference), date_data("on", served))
    case.refresh_from_db()
    assert case.stage == Stage.DRAFT_SERVED and case.draft_served_on == served
    window = deadlines.representations_close(draft_served=served)
    text = page_text(client.get(url("case-issue-final", case.reference)))
    assert f"The family can comment on the draft until {window.due:%A %-d %B %Y}" in text


def test_issuing_the_final_plan_while_the_window_is_open_names_the_date_and_the_law(client):
    case = case_at(Stage.DRAFT_SERVED, received_on=days_ago(90))
    window = deadlines.representations_close(draft_served=case.draft_served_on)
    assert window.due >= today()
    as_caseworker(client, case)
    data = {
        "setting_type": "Mainstream primary school",
        **date_data("issued_on", today()),
        **date_data("notice_sent_on", today()),
    }
    with nothing_changes(case):
        response = client.post(url("case-issue-final", case.reference), data)
    [message] = error_summary(response)
    assert f"until {window.due:%-d %B %Y}" in message
    assert "SEND Regulations 2014 reg 13(1)" in message
    assert not case.plans.filter(status="final").exists()


def test_issuing_the_final_plan_before_deciding_on_a_requested_school_is_refused(client):
    case = case_at(Stage.CONSULTING)
    as_caseworker(client, case)
    issued = case.draft_served_on + timedelta(days=20)
    data = {**date_data("issued_on", issued), **date_data("notice_sent_on", issued)}
    with nothing_changes(case):
        response = client.post(url("case-issue-final", case.reference), data)
    [message] = error_summary(response)
    assert message.startswith("Decide about every requested setting first")


def test_issuing_the_final_plan_without_section_i_is_refused(client):
    case = case_at(Stage.DRAFT_SERVED)
    as_caseworker(client, case)
    issued = case.draft_served_on + timedelta(days=20)
    data = {**date_data("issued_on", issued), **date_data("notice_sent_on", issued)}
    with nothing_changes(case):
        response = client.post(url("case-issue-final", case.reference), data)
    assert field_error(response, "id_setting_type") == (
        "Section I must name a school or college from the settings directory, or a type of "
        "setting (Children and Families Act 2014 s39(4)-(5) and s40(2); SEND Code of Practice "
        "9.79)."
    )


def test_the_final_plan_is_issued_once_the_window_has_closed(client):
    case = case_at(Stage.DRAFT_SERVED)
    as_caseworker(client, case)
    issued = case.draft_served_on + timedelta(days=20)
    data = {
        "setting_type": "Mainstream primary school",
        **date_data("issued_on", issued),
        **date_data("notice_sent_on", issued),
    }
    response = client.post(url("case-issue-final", case.reference), data, follow=True)
    assert "Final plan issued and letter queued" in page_text(response)
    case.refresh_from_db()
    assert case.stage == Stage.FINAL_ISSUED and case.final_issued_on == issued


def test_the_family_saying_they_have_nothing_more_to_add_lets_the_plan_be_issued_early(client):
    case = case_at(Stage.DRAFT_SERVED, received_on=days_ago(90))
    as_caseworker(client, case)
    client.post(
        url("case-representations", case.reference),
        {
            "comments": "Happy with the draft.",
            "no_further_representations": "on",
            **date_data("received_on", today()),
        },
    )
    data = {
        "setting_type": "Mainstream primary school",
        **date_data("issued_on", today()),
        **date_data("notice_sent_on", today()),
    }
    client.post(url("case-issue-final", case.reference), data)
    assert Case.objects.get(pk=case.pk).stage == Stage.FINAL_ISSUED


def test_a_school_is_chosen_from_the_directory_by_urn_or_name_or_recorded_as_not_listed(client):
    """The council's consultation names a setting from the settings directory (issue 20: free
    text reached section I); one the family asked for that cannot be found is recorded by name,
    marked as needing a directory setting, and cannot be consulted until it is found."""
    case = case_at(Stage.DRAFT_SERVED)
    school = SettingFactory(local_authority=case.local_authority, urn="654321")
    as_caseworker(client, case)
    found = client.get(url("case-setting-new", case.reference), {"q": "654321"})
    assert f'value="{school.pk}" checked' in found.content.decode()
    client.post(
        url("case-setting-new", case.reference) + "?q=654321",
        {"choice": str(school.pk), "by": "family"},
    )
    client.post(
        url("case-setting-not-listed", case.reference),
        {"setting_name": "St Elsewhere's", "town": "Maldon"},
    )
    requests = list(case.setting_requests.order_by("preference_rank"))
    assert requests[0].setting == school
    assert requests[1].setting is None and requests[1].setting_name == "St Elsewhere's, Maldon"
    text = page_text(client.get(url("case-detail", case.reference)))
    assert "Needs a directory setting" in text
    assert "Find it in the settings directory: St Elsewhere's, Maldon" in text
    again = client.post(
        url("case-setting-new", case.reference) + f"?q={school.name}",
        {"choice": str(school.pk), "by": "family"},
    )
    assert error_summary(again) == [
        f"{school.name} has already been requested, on {requests[0].requested_on:%-d %B %Y}: "
        "the council will consult it."
    ]


def test_consulting_replying_and_naming_a_school(client):
    case = case_at(Stage.DRAFT_SERVED)
    request = workflow_request_setting(case)
    as_caseworker(client, case)
    consulted = case.draft_served_on + timedelta(days=1)
    client.post(url("case-setting-consult", case.reference, request.pk), date_data("on", consulted))
    client.post(
        url("case-setting-response", case.reference, request.pk),
        {"response": "can_meet", "detail": "", **date_data("responded_on", consulted)},
    )
    refused = client.post(
        url("case-setting-decide", case.reference, request.pk),
        {"decision": "no", **date_data("decided_on", consulted)},
    )
    assert error_summary(refused) == [
        "Select the legal ground for not naming the setting (Children and Families Act 2014 s39(4))"
    ]
    client.post(
        url("case-setting-decide", case.reference, request.pk),
        {"decision": "yes", **date_data("decided_on", consulted)},
    )
    request.refresh_from_db()
    assert request.status == SettingRequest.Status.NAMED
    text = page_text(client.get(url("case-issue-final", case.reference)))
    assert "Section I will name Hillside Academy (URN" in text


def test_a_reply_dated_before_the_consultation_is_refused(client):
    case = case_at(Stage.CONSULTING)
    request = case.setting_requests.get()
    as_caseworker(client, case)
    data = {
        "response": "can_meet",
        **date_data("responded_on", request.consulted_on - timedelta(1)),
    }
    with nothing_changes(case):
        response = client.post(url("case-setting-response", case.reference, request.pk), data)
    assert error_summary(response) == [
        "The date of the reply must be on or after the consultation date "
        f"({request.consulted_on:%-d %B %Y})"
    ]


def test_an_exception_is_recorded_and_never_moves_the_date(client):
    case = case_at(Stage.CONSIDERING, received_on=days_ago(50))
    due_before = Case.objects.get(pk=case.pk).next_due_on
    as_caseworker(client, case)
    data = {
        "applies_to": "decision_to_assess",
        "reason": "10_4_c",
        "evidence": "Parent in hospital.",
        **date_data("starts_on", days_ago(30)),
        **date_data("ends_on", days_ago(35)),
    }
    with nothing_changes(case):
        refused = client.post(url("case-exception-new", case.reference), data)
    assert error_summary(refused) == ["The end date must be on or after the start date"]
    del data["ends_on_0"], data["ends_on_1"], data["ends_on_2"]
    client.post(url("case-exception-new", case.reference), data)
    case.refresh_from_db()
    assert case.has_exception and case.next_due_on == due_before
    text = page_text(client.get(url("case-detail", case.reference)))
    assert "An exception applies" in text and "The legal date does not change." in text


def test_notes_and_tasks(client):
    case = case_at(Stage.CONSIDERING)
    worker = as_caseworker(client, case)
    client.post(url("case-note-new", case.reference), {"text": "Mum prefers phone calls."})
    client.post(
        url("case-task-new", case.reference),
        {"title": "Chase the EP", **date_data("due_on", today())},
    )
    note = CaseNote.objects.get(case=case)
    task = CaseTask.objects.get(case=case)
    assert note.author == worker and task.assignee == worker
    response = client.post(url("case-task-done", case.reference, task.pk), follow=True)
    assert "Task done: Chase the EP" in page_text(response)
    task.refresh_from_db()
    assert task.done_on == today()
    again = client.post(url("case-task-done", case.reference, task.pk), follow=True)
    assert "This task is already done." in page_text(again)


def test_task_of_another_case_is_not_found(client):
    case = case_at(Stage.CONSIDERING)
    other = case_at(Stage.CONSIDERING, actor=case.caseworker)
    from ehcp.services import workflow

    task = workflow.add_task(actor=case.caseworker, case_id=other.pk, title="Elsewhere")
    as_caseworker(client, case)
    assert client.post(url("case-task-done", case.reference, task.pk)).status_code == 404


def test_withdrawing_closes_the_case(client):
    case = case_at(Stage.CONSIDERING)
    as_caseworker(client, case)
    client.post(
        url("case-withdraw", case.reference),
        {"reason": "The family moved to Wales.", **date_data("on", today())},
    )
    case.refresh_from_db()
    assert case.stage == Stage.WITHDRAWN and case.closed_on == today()
    again = client.post(
        url("case-withdraw", case.reference),
        {"reason": "Again.", **date_data("on", today())},
    )
    assert error_summary(again) == ["Only an open request can be withdrawn."]


def test_a_caseworker_can_take_an_unallocated_case_but_only_a_manager_can_reallocate(client):
    case = case_at(Stage.REQUEST_RECEIVED, allocated=False)
    worker = essex_worker()
    client.force_login(worker)
    client.post(url("case-allocate", case.reference), {"caseworker": worker.pk})
    assert Case.objects.get(pk=case.pk).caseworker == worker
    colleague = essex_worker()
    response = client.get(url("case-allocate", case.reference))
    assert response.status_code == 403
    manager = person_with_role(Role.SEND_MANAGER, la("881"))
    client.force_login(manager)
    client.post(url("case-allocate", case.reference), {"caseworker": colleague.pk})
    assert Case.objects.get(pk=case.pk).caseworker == colleague


def test_only_the_councils_staff_are_offered_as_caseworkers(client):
    case = case_at(Stage.CONSIDERING)
    thurrock_worker = person_with_role(Role.CASEWORKER, la("883"))
    client.force_login(person_with_role(Role.SEND_MANAGER, la("881")))
    body = client.get(url("case-allocate", case.reference)).content.decode()
    assert f'value="{case.caseworker.pk}"' in body
    assert f'value="{thurrock_worker.pk}"' not in body
    response = client.post(url("case-allocate", case.reference), {"caseworker": thurrock_worker.pk})
    assert error_summary(response) == ["Select a caseworker of the child's council"]


def test_a_step_at_the_wrong_stage_is_refused_with_the_stage_named(client):
    case = case_at(Stage.FINAL_ISSUED)
    as_caseworker(client, case)
    with nothing_changes(case):
        response = client.post(
            url("case-consider", case.reference), date_data("on", case.received_on)
        )
    assert error_summary(response) == [
        "You cannot start considering the request now: the case is at 'Final plan issued'."
    ]
