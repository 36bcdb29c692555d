"""The SEND manager's retention, erasure and subject access pages: scope, the two-step erasure,
and refusals that change nothing."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse

from ehcp.models import Child, Stage
from send_portal import erasure
from send_portal.models import AuditEvent, Role
from tests.ehcp.factories import ChildFactory, case_at, manager, parent_of
from tests.ehcp.view_helpers import page_text
from tests.factories import la, person_with_role
from tests.query_baselines import at_most

pytestmark = pytest.mark.django_db

PAGES = [
    "retention-record",
    "retention-access-log",
    "retention-erase",
    "retention-erase-check",
]


@pytest.fixture(autouse=True)
def _ledger(settings, tmp_path):
    settings.ERASURE_LEDGER_PATH = str(tmp_path / "erasure-ledger.jsonl")


@pytest.fixture
def refused():
    """A closed request (not assessed) of an Essex child: erasable by an Essex SEND manager. The
    child's name has an apostrophe, as many real names do: pages escape it, so the tests read the
    page's text (``page_text``), never the raw HTML."""
    return case_at(
        Stage.NOT_ASSESSED, child=ChildFactory(first_name="Mohammed", last_name="O'Connor")
    )


def long_ago_refused(council="881"):
    """A refused request of a young person born in 1995, everything about it in 2019: past its
    retention date (the 24th birthday and six years after the last step) since 2025."""
    case = case_at(
        Stage.NOT_ASSESSED,
        child=ChildFactory(date_of_birth=date(1995, 1, 1), local_authority=la(council)),
    )
    case.decisions.update(appeal_deadline=date(2019, 1, 1))
    case.events.update(occurred_on=date(2019, 1, 1))
    type(case).objects.filter(pk=case.pk).update(closed_on=date(2019, 1, 1))
    return case


def signed_in(client, user):
    client.force_login(user)
    return client


def start_erasure(client, child, reason="Erasure request of 3 March, agreed by the IG team"):
    return client.post(reverse("retention-erase", args=[child.pk]), {"reason": reason})


# ---- scope --------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", PAGES)
@pytest.mark.parametrize(
    "who",
    [
        lambda case: case.caseworker,
        lambda case: manager("883"),
        lambda case: parent_of(case.child),
        lambda case: person_with_role(Role.EDUCATIONAL_PSYCHOLOGIST, la("881")),
        lambda case: person_with_role(Role.SYSTEM_ADMIN),
    ],
    ids=["own-caseworker", "other-council-manager", "parent", "adviser", "system-admin"],
)
def test_only_a_send_manager_of_the_childs_council_reaches_the_record_pages(
    client, refused, name, who
):
    response = signed_in(client, who(refused)).get(reverse(name, args=[refused.child_id]))
    assert response.status_code == 404


def test_an_anonymous_visitor_is_sent_to_sign_in(client, refused):
    for name in PAGES:
        response = client.get(reverse(name, args=[refused.child_id]))
        assert response.status_code == 302 and "/sign-in/" in response["Location"]
    assert client.get(reverse("retention")).status_code == 302


def test_the_index_is_only_for_send_managers(client, refused):
    assert signed_in(client, refused.caseworker).get(reverse("retention")).status_code == 404


def test_the_index_lists_only_the_managers_councils_records_past_retention(client, refused):
    old = long_ago_refused()
    elsewhere = long_ago_refused("883")

    page = page_text(signed_in(client, manager()).get(reverse("retention")))

    assert old.reference in page and old.child.full_name in page
    assert refused.reference not in page  # not yet past retention
    assert elsewhere.reference not in page
    assert "Council policy, following the IRMS" in page


def test_finding_a_record_by_case_reference(client, refused):
    client = signed_in(client, manager())
    response = client.get(reverse("retention"), {"reference": refused.reference})
    assert response["Location"] == reverse("retention-record", args=[refused.child_id])
    other = case_at(Stage.NOT_ASSESSED, child=ChildFactory(local_authority=la("883")))
    page = client.get(reverse("retention"), {"reference": other.reference}).content.decode()
    assert "No case of your council has that reference" in page
    assert "govuk-error-summary" in page


# ---- the record and the subject access download -------------------------------------------------


def test_the_record_page_is_logged_as_a_staff_read(client, refused):
    boss = manager()
    page = signed_in(client, boss).get(reverse("retention-record", args=[refused.child_id]))
    assert refused.child.full_name in page_text(page)
    assert AuditEvent.objects.filter(actor=boss, action="view", child_id=refused.child_id).exists()


def test_the_access_log_downloads_as_csv_and_the_download_is_recorded(client, refused):
    boss = manager()
    response = signed_in(client, boss).get(reverse("retention-access-log", args=[refused.child_id]))
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    assert response.content.decode().startswith("when,who,email,action,what,object,address")
    assert AuditEvent.objects.filter(actor=boss, action="export").exists()


def test_a_record_with_an_open_request_offers_no_erasure(client):
    open_case = case_at(Stage.ASSESSING)
    client = signed_in(client, manager())
    page = client.get(reverse("retention-record", args=[open_case.child_id])).content.decode()
    assert "still open" in page
    assert reverse("retention-erase", args=[open_case.child_id]) not in page
    response = client.get(reverse("retention-erase", args=[open_case.child_id]))
    assert response["Location"] == reverse("retention-record", args=[open_case.child_id])


# ---- erasing ------------------------------------------------------------------------------------


def test_erasing_takes_a_reason_then_a_check_and_then_erases(client, refused):
    boss = manager()
    client = signed_in(client, boss)
    name = refused.child.full_name

    response = start_erasure(client, refused.child)
    assert response["Location"] == reverse("retention-erase-check", args=[refused.child_id])
    page = page_text(client.get(response["Location"]))
    assert "You cannot undo this" in page and "agreed by the IG team" in page and name in page
    assert Child.objects.get(pk=refused.child_id).full_name == name  # nothing erased yet

    response = client.post(reverse("retention-erase-check", args=[refused.child_id]))

    assert response["Location"] == reverse("retention-erased", args=[refused.child_id])
    done = page_text(client.get(response["Location"]))
    assert "Record erased" in done and name not in done
    event = erasure.erasure_events().get()
    assert event.actor == boss and event.detail["reason"].startswith("Erasure request")
    assert Child.objects.get(pk=refused.child_id).first_name == erasure.ERASED
    page = page_text(client.get(reverse("retention-record", args=[refused.child_id])))
    assert "Erased record" in page and name not in page


def test_an_empty_reason_is_an_error_and_nothing_changes(client, refused):
    client = signed_in(client, manager())
    page = start_erasure(client, refused.child, reason="  ").content.decode()
    assert "Enter why you are erasing this record" in page and "govuk-error-summary" in page
    response = client.get(reverse("retention-erase-check", args=[refused.child_id]))
    assert response["Location"] == reverse("retention-erase", args=[refused.child_id])
    assert not erasure.erasure_events().exists()


def test_a_refusal_at_the_last_step_is_shown_and_nothing_changes(client, refused):
    client = signed_in(client, manager())
    start_erasure(client, refused.child)
    # A new request arrives between the check page and the confirmation.
    case_at(Stage.CONSIDERING, child=refused.child)

    response = client.post(reverse("retention-erase-check", args=[refused.child_id]))

    assert response.status_code == 200
    assert "still open" in response.content.decode()
    assert not erasure.erasure_events().exists()


def test_the_erased_page_is_404_until_the_record_is_erased(client, refused):
    client = signed_in(client, manager())
    assert client.get(reverse("retention-erased", args=[refused.child_id])).status_code == 404


def test_the_index_runs_a_fixed_number_of_queries(client, django_assert_max_num_queries):
    for _ in range(3):
        long_ago_refused()
    client = signed_in(client, manager())
    with django_assert_max_num_queries(at_most("retention.index")):
        page = client.get(reverse("retention")).content.decode()
    assert page.count("retention/records/") == 3
