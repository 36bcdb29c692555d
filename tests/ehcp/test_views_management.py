"""The SEND manager's pages: home, team caseloads with bulk moves, the reserved decisions and the
approval queue; and the caseworker's decision pages when a decision is reserved."""

from __future__ import annotations

import pytest
from django.urls import reverse

from ehcp.models import DecisionApproval, ReservedKind, Stage
from ehcp.selectors import today
from ehcp.services import management
from send_portal.models import Role
from tests.ehcp.factories import case_at, manager
from tests.ehcp.view_helpers import date_data, error_summary, nothing_changes, page_text, url
from tests.factories import la, person_with_role

pytestmark = pytest.mark.django_db


def test_the_managers_home_offers_the_team_approvals_and_reserved_decisions(client):
    client.force_login(manager())
    home = client.get(reverse("home")).content.decode()
    for name in ("team", "approvals", "team-reserved"):
        assert f'href="{reverse(name)}"' in home


def test_a_manager_does_not_land_on_an_empty_my_cases(client):
    case = case_at(Stage.ASSESSING)
    client.force_login(manager())
    text = page_text(client.get(url("caseload")))
    assert case.reference in text  # the team's open cases, not "my cases"


def test_the_team_page_shows_each_caseworkers_open_and_overdue_cases(client):
    worker = person_with_role(Role.CASEWORKER, la("881"), first_name="Amy", last_name="Ng")
    case_at(Stage.ASSESSING, actor=worker)
    case_at(Stage.CONSIDERING, actor=worker, allocated=False)
    client.force_login(manager())
    response = client.get(url("team"))
    text = page_text(response)
    assert "Amy Ng 1" in text and "Not allocated 1" in text
    assert f"from={worker.pk}" in response.content.decode()
    client.force_login(worker)
    assert client.get(url("team")).status_code == 403


def test_a_manager_moves_cases_in_bulk_from_the_team_page(client):
    worker = person_with_role(Role.CASEWORKER, la("881"))
    first, second = case_at(Stage.ASSESSING, actor=worker), case_at(Stage.PANEL, actor=worker)
    newcomer = person_with_role(Role.CASEWORKER, la("881"), first_name="Ben", last_name="Ola")
    client.force_login(manager())
    address = url("team-reallocate") + f"?from={worker.pk}"
    page = client.get(address).content.decode()
    assert first.reference in page and second.reference in page
    with nothing_changes(first):
        refused = client.post(address, {"to": newcomer.pk, **date_data("on", today())})
    assert error_summary(refused) == ["Select at least one case to move"]
    response = client.post(
        address,
        {"cases": [first.pk, second.pk], "to": newcomer.pk, **date_data("on", today())},
        follow=True,
    )
    assert "2 cases moved to Ben Ola" in page_text(response)
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.caseworker == newcomer and second.caseworker == newcomer


def test_a_manager_chooses_the_reserved_decisions(client):
    client.force_login(manager())
    client.post(url("team-reserved"), {"kinds": ["assess", "issue"]})
    assert management.reserved_kinds(la("881").pk) == {"assess", "issue"}
    text = page_text(client.get(url("team")))
    assert "Whether to carry out an EHC needs assessment; Whether to issue an EHC plan" in text


def test_a_caseworker_prepares_a_reserved_decision_and_a_manager_approves_it(client):
    boss = manager()
    management.set_reserved_decisions(actor=boss, local_authority_id=la("881").pk, kinds=["assess"])
    case = case_at(Stage.CONSIDERING)
    client.force_login(case.caseworker)
    address = url("case-decide-assessment", case.reference)
    page = client.get(address)
    body = page.content.decode()
    assert "reserves this decision to a SEND manager" in page_text(page)
    assert "Send to a manager for approval" in body and "decided_on" not in body
    response = client.post(
        address, {"decision": "yes", "reasons": "Evidence of needs."}, follow=True
    )
    assert "Sent to a SEND manager for approval" in page_text(response)
    approval = DecisionApproval.objects.get(case=case)
    assert "Waiting for a SEND manager's approval" in page_text(client.get(address))
    # The manager's queue and approval page.
    client.force_login(boss)
    queue = page_text(client.get(url("approvals")))
    assert case.child.full_name in queue and "Carry out an EHC needs assessment" in queue
    detail = url("approval-detail", approval.pk)
    refused = client.post(detail, {"choice": "return", "note": ""})
    assert error_summary(refused) == ["Say why it is returned and what to change"]
    response = client.post(
        detail,
        {
            "choice": "approve",
            **date_data("decided_on", today()),
            **date_data("notice_sent_on", today()),
        },
        follow=True,
    )
    assert "Decision approved and letter queued" in page_text(response)
    case.refresh_from_db()
    assert case.stage == Stage.ASSESSING
    # Another council's manager cannot open it.
    client.force_login(manager("883"))
    assert client.get(detail).status_code == 404


def test_a_returned_decision_is_shown_to_the_caseworker_with_the_note(client):
    boss = manager()
    management.set_reserved_decisions(
        actor=boss, local_authority_id=la("881").pk, kinds=[ReservedKind.ASSESS]
    )
    case = case_at(Stage.CONSIDERING)
    approval = management.propose_decision(
        actor=case.caseworker, case_id=case.pk, kind="assess", outcome=False, reasons="Not yet."
    )
    management.return_decision(actor=boss, approval_id=approval.pk, note="Ask the school first.")
    client.force_login(case.caseworker)
    text = page_text(client.get(url("case-decide-assessment", case.reference)))
    assert "returned the last decision you prepared" in text and "Ask the school first." in text


def test_a_manager_whose_role_ended_or_whose_council_is_deactivated_gets_no_team_pages(client):
    from send_portal.models import RoleAssignment

    boss = manager()
    management.set_reserved_decisions(actor=boss, local_authority_id=la("881").pk, kinds=["assess"])
    case = case_at(Stage.CONSIDERING)
    approval = management.propose_decision(
        actor=case.caseworker, case_id=case.pk, kind="assess", outcome=True, reasons=""
    )
    RoleAssignment.objects.filter(user=boss).update(is_active=False)
    client.force_login(boss)
    for name in ("team", "approvals", "team-reserved", "team-reallocate"):
        assert client.get(url(name)).status_code == 403
    assert client.get(url("approval-detail", approval.pk)).status_code == 403
    other = manager()
    council = la("881")
    council.is_active = False
    council.save(update_fields=["is_active"])
    client.force_login(other)
    assert client.get(url("team")).status_code == 403
    assert client.get(url("approval-detail", approval.pk)).status_code == 403
