"""The redress pages: what each shows, forms with GOV.UK errors, the family's plain-language
routes with SENDIASS, overdue dates flagged, staff reads audited, and list query counts pinned."""

from __future__ import annotations

import html
import re
from datetime import date

import pytest
from django.urls import reverse

from ehcp.models import Decision
from ehcp.redress.models import Complaint, Matter, MediationCase
from ehcp.redress.services import appeals, complaints, mediation
from send_portal.models import AuditEvent, Organisation, Role
from tests.factories import la, person_with_role
from tests.query_baselines import at_most
from tests.redress.helpers import (
    TODAY,
    date_data,
    final_plan,
    mediator,
    not_assessed,
    nothing_changes,
)

pytestmark = pytest.mark.django_db


def text(response) -> str:
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", response.content.decode())))


def error_summary(response) -> list[str]:
    body = response.content.decode()
    match = re.search(r'<div class="govuk-error-summary".*?</ul>', body, re.S)
    if not match:
        return []
    return [
        re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", "", item))).strip()
        for item in re.findall(r"<li>(.*?)</li>", match.group(0), re.S)
    ]


@pytest.fixture
def fam():
    fam = not_assessed()
    Organisation.objects.create(
        kind=Organisation.Kind.SENDIASS,
        name="Essex SENDIASS",
        local_authority=la("881"),
        telephone="0333 000 0000",
        email="sendiass@example.org",
    )
    Organisation.objects.create(
        kind=Organisation.Kind.MEDIATION_SERVICE,
        name="Eastern Counties SEND Mediation",
        region=la("881").region,
        telephone="0300 000 0001",
    )
    return fam


# ---- the family -----------------------------------------------------------------------------


def test_family_page_explains_the_routes_with_their_own_dates_and_sendiass(client, fam):
    client.force_login(fam.parent)
    page = text(client.get(reverse("redress-family", args=[fam.ref])))
    assert "Mediation: optional" in page
    assert (
        "You do not need a certificate if your appeal is only about the school or college" in page
    )
    assert "Essex SENDIASS" in page and "0333 000 0000" in page
    assert "Eastern Counties SEND Mediation" in page
    assert "Last day to contact the mediation adviser if you want to appeal" in page
    assert "Sat 19 Dec 2026" in page  # contact by, and appeal by, 2 months after 19 October
    assert "SEND Regulations 2014 reg 34: within 3 working days" in page
    assert "How to complain, and take it to the Ombudsman" in page
    assert "Tell us you have contacted the mediation adviser" in page


def test_family_tells_the_council_they_contacted_the_adviser_then_do_not_want_mediation(
    client, fam
):
    client.force_login(fam.parent)
    response = client.post(
        reverse("redress-family-contacted", args=[fam.ref]),
        {"decision": fam.decision.pk, **date_data("contacted_on", date(2026, 11, 19))},
    )
    assert response.status_code == 302
    m = MediationCase.objects.get(decision=fam.decision)
    page = text(client.get(response["Location"]))
    assert "Adviser contacted: deciding whether to mediate" in page
    assert "Tell us whether you want mediation" in page
    response = client.post(
        reverse("redress-family-choice", args=[fam.ref, m.pk]), {"wishes": "no"}, follow=True
    )
    page = text(response)
    # Told on Sunday 22 November: Monday 23 (1), Tuesday 24 (2), Wednesday 25 (3).
    assert "Your mediation certificate must be issued by Wednesday 25 November 2026" in page
    assert "Not mediating: certificate due" in page


def test_family_form_errors_use_the_govuk_error_summary(client, fam):
    client.force_login(fam.parent)
    url = reverse("redress-family-contacted", args=[fam.ref])
    with nothing_changes(fam.case):
        response = client.post(url, {})
    assert response.status_code == 200
    assert error_summary(response) == [
        "Select the decision",
        "Enter the date you contacted the adviser",
    ]
    assert "<title>Error: " in response.content.decode()
    with nothing_changes(fam.case):
        response = client.post(
            url, {"decision": fam.decision.pk, **date_data("contacted_on", date(2026, 10, 1))}
        )
    assert error_summary(response) == [
        "The date you contacted the adviser must be on or after the date the decision letter "
        "was sent (19 October 2026)"
    ]


def test_family_wanting_mediation_must_say_what_about(client, fam):
    m = mediation.open_mediation_case(
        actor=fam.parent, decision_id=fam.decision.pk, contacted_on=date(2026, 11, 19)
    )
    client.force_login(fam.parent)
    with nothing_changes(fam.case):
        response = client.post(
            reverse("redress-family-choice", args=[fam.ref, m.pk]), {"wishes": "yes"}
        )
    assert error_summary(response) == ["Select what you want to mediate about"]
    response = client.post(
        reverse("redress-family-choice", args=[fam.ref, m.pk]),
        {"wishes": "yes", "issues": [Matter.REFUSAL_TO_ASSESS]},
        follow=True,
    )
    assert "it must take place by Tuesday 22 December 2026" in text(response)


def test_family_case_page_links_to_mediation_and_appeals(client, fam):
    client.force_login(fam.parent)
    page = client.get(reverse("family-case", args=[fam.ref])).content.decode()
    assert reverse("redress-family", args=[fam.ref]) in page


def test_family_sees_the_councils_compliance_steps_but_cannot_mark_them(client):
    plan = final_plan()
    appeal = appeals.register_appeal(
        actor=plan.worker,
        decision_id=plan.decision.pk,
        registered_on=date(2026, 11, 17),
        matters=[Matter.SECTION_I],
    )
    appeals.record_appeal_decision(
        actor=plan.worker, appeal_id=appeal.pk, outcome="allowed", decided_on=date(2026, 11, 20)
    )
    appeals.record_order(
        actor=plan.worker,
        appeal_id=appeal.pk,
        order_type="name_setting",
        made_on=date(2026, 11, 20),
    )
    client.force_login(plan.parent)
    page = text(client.get(reverse("redress-family", args=[plan.ref])))
    assert "Council must comply" in page
    assert "Amended EHC plan issued naming the school or college (section I)" in page
    assert "Fri 4 Dec 2026" in page
    assert "Record as done" not in page


# ---- council staff --------------------------------------------------------------------------


def test_staff_case_page_links_to_mediation_and_appeals(client, fam):
    client.force_login(fam.worker)
    page = client.get(reverse("case-detail", args=[fam.ref])).content.decode()
    assert reverse("redress-case", args=[fam.ref]) in page


def test_staff_overview_lists_each_appealable_decision(client, fam):
    mediation.open_mediation_case(
        actor=fam.parent, decision_id=fam.decision.pk, contacted_on=date(2026, 11, 19)
    )
    client.force_login(fam.worker)
    page = text(client.get(reverse("redress-case", args=[fam.ref])))
    assert "Not to carry out an EHC needs assessment" in page
    assert "Appeal deadline Monday 21 December 2026" in page
    assert "Adviser contacted: deciding whether to mediate" in page
    assert "Record an appeal registered by the Tribunal" in page
    assert AuditEvent.objects.filter(
        actor=fam.worker, action="view", child_id=fam.case.child_id
    ).exists()


def test_mediation_detail_offers_the_steps_for_its_status(client, fam):
    m = mediation.open_mediation_case(
        actor=fam.parent, decision_id=fam.decision.pk, contacted_on=date(2026, 11, 19)
    )
    client.force_login(fam.worker)
    url = reverse("redress-mediation", args=[fam.ref, m.pk])
    page = text(client.get(url))
    assert "Record whether the family wants mediation" in page
    assert "Issue the mediation certificate" not in page
    mediation.record_mediation_choice(
        actor=fam.parent, mediation_id=m.pk, wishes_to_mediate=False, told_on=date(2026, 11, 19)
    )
    page = text(client.get(url))
    assert "Record the mediation certificate the adviser issued" in page
    # Told Thursday 19 November: due Tuesday 24 November; today is the 22nd: due soon.
    assert "Tue 24 Nov 2026" in page and "Due soon" in page


def test_certificate_page_shows_the_new_appeal_deadline(client, fam):
    med = mediator()
    m = mediation.open_mediation_case(
        actor=fam.parent, decision_id=fam.decision.pk, contacted_on=date(2026, 11, 19)
    )
    mediation.assign_mediator(actor=fam.worker, mediation_id=m.pk, mediator=med)
    mediation.record_mediation_choice(
        actor=fam.parent, mediation_id=m.pk, wishes_to_mediate=False, told_on=date(2026, 11, 20)
    )
    client.force_login(med)
    url = reverse("redress-mediation-certificate", args=[fam.ref, m.pk])
    page = text(client.get(url))
    assert "Issue the mediation certificate" in page
    assert "If you tell the mediation adviser you do not want mediation" in page
    response = client.post(url, date_data("issued_on", TODAY), follow=True)
    page = text(response)
    # 22 November + 1 month = 22 December, later than 19 December.
    assert "Mediation certificate issued. The appeal deadline is now 22 December 2026" in page
    assert Decision.objects.get(pk=fam.decision.pk).appeal_deadline == date(2026, 12, 22)


def test_a_refused_step_shows_the_reason_on_the_form(client, fam):
    m = mediation.open_mediation_case(
        actor=fam.parent, decision_id=fam.decision.pk, contacted_on=date(2026, 10, 22)
    )
    mediation.record_mediation_choice(
        actor=fam.parent,
        mediation_id=m.pk,
        wishes_to_mediate=True,
        told_on=date(2026, 10, 22),
        issues=[Matter.REFUSAL_TO_ASSESS],
    )
    med = mediator()
    client.force_login(fam.worker)
    with nothing_changes(fam.case):
        response = client.post(
            reverse("redress-mediation-arrange", args=[fam.ref, m.pk]),
            {"mediator": med.pk, **date_data("arranged_for", date(2026, 11, 30))},
        )
    summary = error_summary(response)
    assert summary and summary[0].startswith("Mediation must take place by 21 November 2026")


def test_appeals_list_flags_overdue_steps_and_keeps_its_query_count(
    client, django_assert_max_num_queries, monkeypatch
):
    plan = final_plan()
    worker = person_with_role(Role.CASEWORKER, la("881"))

    def appeal_with_order(fam, made_on):
        appeal = appeals.register_appeal(
            actor=fam.worker,
            decision_id=fam.decision.pk,
            registered_on=date(2026, 11, 17),
            matters=[Matter.SECTION_I],
        )
        appeals.record_appeal_decision(
            actor=fam.worker, appeal_id=appeal.pk, outcome="allowed", decided_on=made_on
        )
        appeals.record_order(
            actor=fam.worker, appeal_id=appeal.pk, order_type="name_setting", made_on=made_on
        )

    appeal_with_order(plan, date(2026, 11, 17))  # due 1 December: not yet
    client.force_login(worker)
    with django_assert_max_num_queries(at_most("redress.appeals_page")) as one:
        client.get(reverse("redress-appeals"))
    from ehcp import selectors

    for _ in range(2):
        more = final_plan()
        appeal_with_order(more, date(2026, 11, 17))
    with django_assert_max_num_queries(len(one)):
        response = client.get(reverse("redress-appeals"))
    page = response.content.decode()
    assert page.count("Record as done") == 3
    assert "app-row--overdue" not in page
    # Three weeks later every step is overdue, and impossible to miss.
    monkeypatch.setattr(selectors, "today", lambda: date(2026, 12, 14))
    page = client.get(reverse("redress-appeals")).content.decode()
    assert page.count("app-row--overdue") == 3
    assert "3 overdue steps" in text_of(page)


def text_of(body: str) -> str:
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", body)))


def test_mediator_list_shows_only_their_cases_in_a_fixed_number_of_queries(
    client, django_assert_max_num_queries
):
    med = mediator()
    mine = []
    for _ in range(2):
        fam = not_assessed()
        m = mediation.open_mediation_case(
            actor=fam.parent, decision_id=fam.decision.pk, contacted_on=date(2026, 11, 19)
        )
        mediation.assign_mediator(actor=fam.worker, mediation_id=m.pk, mediator=med)
        mine.append(fam.case.child.full_name)
    stranger_case = not_assessed()
    mediation.open_mediation_case(
        actor=stranger_case.parent,
        decision_id=stranger_case.decision.pk,
        contacted_on=date(2026, 11, 19),
    )
    client.force_login(med)
    with django_assert_max_num_queries(at_most("redress.mediation_list_page")):
        response = client.get(reverse("redress-mediation-list"))
    page = text(response)
    assert all(name in page for name in mine)
    assert response.content.decode().count('govuk-tag--grey">Adviser contacted') == 2
    assert stranger_case.case.child.full_name not in page


def test_complaint_recorded_from_the_form_with_its_case(client, fam):
    client.force_login(fam.worker)
    url = reverse("redress-complaint-new")
    data = {
        "complainant_name": "Sam Taylor",
        "category": "delay",
        "summary": "The decision letter came late.",
        "responsible": "council",
        "case_reference": "EHC-000",
        **date_data("received_on", date(2026, 11, 20)),
    }
    response = client.post(url, data)
    assert error_summary(response) == [
        "Enter a case reference of your council, like EHC-881-2026-00001"
    ]
    data["case_reference"] = fam.ref
    response = client.post(url, data, follow=True)
    complaint = Complaint.objects.get()
    assert complaint.case == fam.case
    page = text(response)
    assert "Council: stage 1" in page
    assert "Council complaints policy (local policy, not a legal time limit)" in page


def test_complaints_list_flags_overdue_responses(client, fam, django_assert_max_num_queries):
    for received in (date(2026, 11, 2), date(2026, 11, 20)):
        complaints.record_complaint(
            actor=fam.worker,
            local_authority=la("881"),
            received_on=received,
            complainant_name="A parent",
            category="delay",
            summary="Slow",
            responsible="council",
        )
    client.force_login(fam.worker)
    # 11: includes loading the session's two-factor device (send_portal/security).
    with django_assert_max_num_queries(at_most("redress.complaints_page")):
        page = client.get(reverse("redress-complaints")).content.decode()
    assert page.count("app-row--overdue") == 1  # due 16 November
    assert "Overdue" in page


def test_how_to_complain_is_public_and_says_the_periods_are_policy(client):
    page = text(client.get(reverse("redress-how-to-complain")))
    assert "Local Government and Social Care Ombudsman" in page
    assert "within 10 working days" in page
    assert "not time limits set by law" in page


def test_landing_pages_link_to_the_new_pages(client, fam):
    med = mediator()
    for user, link in (
        (fam.parent, "Mediation and appeals"),
        (fam.worker, "Appeals and mediation"),
        (med, "Your mediation cases"),
    ):
        client.force_login(user)
        assert link in text(client.get(reverse("home")))


def test_a_mediation_on_a_decision_without_a_letter_date_still_opens(client, fam):
    """Decisions imported without the date their letter was sent (the dashboards' synthetic
    history) have no dates counted from it: the mediation page leaves those out, not a 500."""
    from ehcp.models import Decision

    m = mediation.open_mediation_case(
        actor=fam.parent, decision_id=fam.decision.pk, contacted_on=date(2026, 11, 19)
    )
    Decision.objects.filter(pk=fam.decision.pk).update(notice_sent_on=None)
    client.force_login(fam.worker)
    response = client.get(reverse("redress-mediation", args=[fam.ref, m.pk]))
    assert response.status_code == 200
