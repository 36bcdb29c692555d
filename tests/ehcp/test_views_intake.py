"""Recording a request as a council does (issue 20): a GOV.UK question flow, one thing per page,
with check-your-answers and change links; a warning with links when the council may already know
the child; each parent or carer with how they want to hear; the young person's own contact over
compulsory school age; the current setting from the directory. Nothing is written until the
check page is sent."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.urls import reverse

from ehcp.models import (
    Case,
    CaseEvent,
    CaseTask,
    Child,
    ContactMethod,
    FamilyContact,
    RequestSource,
    Stage,
)
from ehcp.selectors import today
from ehcp.services.family import letter_addressees
from send_portal.models import AuditEvent, Role
from tests.ehcp.factories import ChildFactory, case_at
from tests.ehcp.intake_helpers import PARENT, POST_PARENT, record_request, staff_pages
from tests.ehcp.view_helpers import date_data, error_summary, field_error, page_text, url
from tests.factories import SettingFactory, la, person_with_role

pytestmark = pytest.mark.django_db


def essex_worker():
    return person_with_role(Role.CASEWORKER, la("881"))


def days_ago(n: int) -> date:
    return today() - timedelta(days=n)


def test_recording_a_request_opens_the_case_allocated_to_me(client):
    worker = essex_worker()
    client.force_login(worker)
    response = record_request(client, days_ago(3))
    case = Case.objects.get(child__last_name="Fletcher")
    assert response["Location"] == url("case-detail", case.reference)
    text = page_text(client.get(response["Location"]))
    assert f"Request recorded as case {case.reference}" in text
    assert case.caseworker == worker and case.received_on == days_ago(3)
    assert case.child.postcode == "CM1 1AA"
    assert case.child.address == "12 High Street\nChelmsford"
    assert (case.request_source, case.requested_by_name) == (RequestSource.FAMILY, "Sam Fletcher")
    assert case.request_reasons == "Ruby has little speech and is not making progress."
    assert case.events.get(kind=CaseEvent.Kind.REQUEST_RECEIVED).legal_basis == (
        "Children and Families Act 2014 s36(1)"
    )
    assert "Tell people the council is considering an assessment" in text
    mother = FamilyContact.objects.get(child=case.child)
    assert (mother.full_name, mother.email, mother.preferred_contact) == (
        "Sam Fletcher",
        "sam.fletcher@example.org",
        ContactMethod.EMAIL,
    )
    assert mother.address_lines == ["12 High Street", "Chelmsford", "CM1 1AA"]
    assert "Invite to create an account: Sam Fletcher" in text


def test_recording_that_the_council_became_responsible_uses_section_24(client):
    client.force_login(essex_worker())
    record_request(client, days_ago(3), **{"request-source": {"source": "s24"}})
    case = Case.objects.get(child__last_name="Fletcher")
    assert case.became_responsible
    assert case.events.get(kind=CaseEvent.Kind.REQUEST_RECEIVED).legal_basis == (
        "Children and Families Act 2014 s24"
    )


@pytest.mark.parametrize(
    ("path", "messages"),
    [
        (
            ("child-name",),
            [
                "Enter the child or young person's first name",
                "Enter the child or young person's last name",
            ],
        ),
        (("child-date-of-birth",), ["Enter the date of birth"]),
        (("child-sex",), ["Select their sex, or not known"]),
        (
            ("child-address",),
            ["Enter the first line of the address", "Enter the town or city", "Enter the postcode"],
        ),
        (("request-source",), ["Select who made the request"]),
        (("request-reasons",), ["Enter why the request was made"]),
        (("request-received",), ["Enter the date the request was received"]),
        (
            ("parent-name", 0),
            [
                "Enter their first name",
                "Enter their last name",
                "Select how they are related to the child",
                "Select whether they have parental responsibility",
            ],
        ),
        (("parent-address", 0), ["Select whether they live at the child's address"]),
        (("parent-contact", 0), ["Select how they want to hear from the council"]),
        (
            ("current-setting",),
            ["Search for the school or setting and choose it, or say they are not in one"],
        ),
    ],
    ids=lambda v: v[0] if isinstance(v, tuple) else "",
)
def test_each_question_sent_empty_says_what_to_enter_and_records_nothing(client, path, messages):
    client.force_login(essex_worker())
    name = "case-new-step-index" if len(path) == 2 else "case-new-step"
    response = client.post(url(name, *path), {})
    assert response.status_code == 200
    assert error_summary(response) == messages
    assert "<title>Error: " in response.content.decode()
    assert not Child.objects.exists() and not Case.objects.exists()


@pytest.mark.parametrize(
    ("received", "message"),
    [
        ((31, 2, 2026), "The date the request was received must be a real date"),
        ((12, 13, 2026), "The date the request was received must be a real date"),
        ((3, "", 2026), "The date the request was received must include a month"),
        ("tomorrow", "The date the request was received must be today or in the past"),
    ],
    ids=["31-february", "month-13", "no-month", "future"],
)
def test_a_request_with_a_bad_date_is_refused_with_a_clear_message(client, received, message):
    client.force_login(essex_worker())
    raw = received if received != "tomorrow" else None
    when = date_data("received_on", today() + timedelta(days=1), raw=raw)
    response = client.post(url("case-new-step", "request-received"), when)
    assert error_summary(response) == [message]
    assert field_error(response, "id_received_on") == message
    assert not Case.objects.exists()


def test_a_new_request_needs_a_child_of_this_council(client):
    """The flow records a new child of the caseworker's own council, whatever it is sent."""
    client.force_login(person_with_role(Role.CASEWORKER, la("883")))
    record_request(client, days_ago(3))
    assert Case.objects.get().local_authority == la("883")
    assert Child.objects.get().local_authority == la("883")


def test_the_check_page_lists_every_answer_and_a_change_comes_back_to_it(client):
    """GOV.UK "Check answers": every answer with a change link that returns to the check page."""
    client.force_login(essex_worker())
    pages = staff_pages(days_ago(3))
    client.post(reverse("case-new"))
    for slug in ("child-name", "child-date-of-birth", "child-upn", "child-sex", "child-address"):
        client.post(url("case-new-step", slug), pages[slug])
    for slug in ("child-ethnicity", "child-need", "request-source", "requested-by"):
        client.post(url("case-new-step", slug), pages[slug])
    for slug in ("request-reasons", "request-received"):
        client.post(url("case-new-step", slug), pages[slug])
    for slug, data in PARENT.items():
        client.post(url("case-new-step-index", slug, 0), data)
    client.post(url("case-new-step", "parents-and-carers"), {"add_another": "no"})
    client.post(url("case-new-step", "current-setting"), {"choice": "unknown"})
    check = client.get(url("case-new-check"))
    assert check.status_code == 200, check
    text = page_text(check)
    for expected in (
        "First name Ruby",
        "Date of birth 3 April 2017",
        "Made by A parent or carer",
        "Sam Fletcher",
        "Hears from the council by E-mail",
        "Current setting Not known yet",
        "The council must decide whether to carry out an assessment by",
        "SEND Regulations 2014 reg 5(1)",
    ):
        assert expected in text, expected
    assert f'href="{url("case-new-step", "child-name")}?change=1"' in check.content.decode()
    changed = client.post(
        url("case-new-step", "child-name") + "?change=1",
        {"first_name": "Rubie", "last_name": "Fletcher"},
    )
    assert changed["Location"] == url("case-new-check")
    assert "First name Rubie" in page_text(client.get(url("case-new-check")))
    assert not Case.objects.exists(), "nothing is recorded until the check page is sent"


def test_the_check_page_sends_you_to_the_first_question_not_answered(client):
    client.force_login(essex_worker())
    client.post(reverse("case-new"))
    response = client.get(url("case-new-check"))
    assert response["Location"] == url("case-new-step", "child-name")


def test_a_child_the_council_already_knows_is_warned_about_and_linked_not_duplicated(client):
    """Same name and date of birth as a child on the council's records: the caseworker is shown
    the match with links to its cases, and chooses the existing record."""
    known = ChildFactory(first_name="Ruby", last_name="Fletcher", date_of_birth=date(2017, 4, 3))
    old = case_at(Stage.NOT_ASSESSED, child=known)
    client.force_login(essex_worker())
    client.post(reverse("case-new"))
    client.post(url("case-new-step", "child-name"), {"first_name": "ruby", "last_name": "FLETCHER"})
    client.post(
        url("case-new-step", "child-date-of-birth"), date_data("date_of_birth", date(2017, 4, 3))
    )
    response = client.post(url("case-new-step", "child-upn"), {"upn": ""})
    assert response["Location"] == url("case-new-step", "known-child")
    page = client.get(response["Location"])
    assert "The council may already know this child" in page_text(page)
    assert f'href="{url("case-detail", old.reference)}"' in page.content.decode()
    pages = staff_pages(days_ago(3), **{"known-child": {"choice": str(known.pk)}})
    record_request(client, days_ago(3), **{"known-child": {"choice": str(known.pk)}})
    assert Child.objects.count() == 1
    assert Case.objects.filter(child=known).count() == 2
    assert pages["known-child"]["choice"] == str(known.pk)


def test_a_child_known_by_unique_pupil_number_is_warned_about_too(client):
    known = ChildFactory(first_name="Rubina", last_name="Smith", upn="A12345678901B")
    client.force_login(essex_worker())
    client.post(reverse("case-new"))
    client.post(url("case-new-step", "child-name"), {"first_name": "Ruby", "last_name": "Jones"})
    client.post(
        url("case-new-step", "child-date-of-birth"), date_data("date_of_birth", date(2017, 4, 3))
    )
    response = client.post(url("case-new-step", "child-upn"), {"upn": "a12345678901b"})
    assert response["Location"] == url("case-new-step", "known-child")
    assert known.full_name in page_text(client.get(response["Location"]))


def test_a_namesake_can_be_recorded_as_a_different_child(client):
    ChildFactory(first_name="Ruby", last_name="Fletcher", date_of_birth=date(2017, 4, 3))
    client.force_login(essex_worker())
    record_request(client, days_ago(3), **{"known-child": {"choice": "new"}})
    assert Child.objects.filter(first_name="Ruby", last_name="Fletcher").count() == 2


def test_a_known_child_with_an_open_request_is_not_given_a_second_one(client):
    known = ChildFactory(first_name="Ruby", last_name="Fletcher", date_of_birth=date(2017, 4, 3))
    open_case = case_at(Stage.ASSESSING, child=known)
    client.force_login(essex_worker())
    response = record_request(client, days_ago(3), **{"known-child": {"choice": str(known.pk)}})
    assert response.status_code == 200
    assert error_summary(response) == [
        f"{known.full_name} already has an open request ({open_case.reference}): continue that "
        "case instead."
    ]
    assert Case.objects.count() == 1


def test_a_young_person_over_compulsory_school_age_gives_their_own_contact(client):
    """CFA 2014 s80: after compulsory school age the rights are the young person's, so the flow
    asks for their own contact details and parents are optional."""
    client.force_login(essex_worker())
    dob = date(today().year - 17, 3, 10)
    record_request(
        client,
        days_ago(3),
        parents=(),
        **{
            "child-date-of-birth": date_data("date_of_birth", dob),
            "request-source": {"source": "young_person"},
        },
    )
    case = Case.objects.get()
    [young_person] = FamilyContact.objects.filter(child=case.child)
    assert young_person.relationship == FamilyContact.Relationship.YOUNG_PERSON
    assert (young_person.full_name, young_person.email) == ("Ruby Fletcher", "ruby@example.org")
    assert young_person.address_lines == ["12 High Street", "Chelmsford", "CM1 1AA"]
    assert case.requested_by_name == "Ruby Fletcher"


def test_a_parent_without_email_is_written_to_by_post_at_their_own_address(client):
    """A family without e-mail is recorded with how they prefer to hear; the caseworker gets a
    task to post each step to them, and letters are addressed to the named people at their
    addresses (never "To the family of")."""
    client.force_login(essex_worker())
    record_request(client, days_ago(3), parents=(PARENT, POST_PARENT))
    case = Case.objects.get()
    father = FamilyContact.objects.get(child=case.child, first_name="Lee")
    assert father.hears_by_post and father.needs_interpreter and father.language == "Polish"
    assert father.address_lines == ["4 Mill Lane", "Witham", "CM8 2AB"]
    [task] = CaseTask.objects.filter(case=case)
    assert task.title == (
        "Post to Lee Fletcher (4 Mill Lane, Witham, CM8 2AB): Request for an EHC needs "
        "assessment for Ruby received"
    )
    assert letter_addressees(case, today()) == [
        {"name": "Sam Fletcher", "lines": ["12 High Street", "Chelmsford", "CM1 1AA"]},
        {"name": "Lee Fletcher", "lines": ["4 Mill Lane", "Witham", "CM8 2AB"]},
    ]
    text = page_text(client.get(url("case-detail", case.reference)))
    assert "Post: letters go to 4 Mill Lane, Witham, CM8 2AB" in text
    assert "No e-mail address: cannot have an account" in text


def test_the_current_setting_is_chosen_from_the_directory(client):
    school = SettingFactory(name="Moulsham Junior School", local_authority=la("881"))
    client.force_login(essex_worker())
    found = client.get(url("case-new-step", "current-setting"), {"q": "moulsham"})
    assert f'value="{school.pk}" checked' in found.content.decode()
    record_request(client, days_ago(3), **{"current-setting": {"choice": str(school.pk)}})
    child = Child.objects.get()
    assert child.current_setting == school
    assert AuditEvent.objects.filter(
        child_id=child.pk, summary__contains="current setting recorded as Moulsham Junior School"
    ).exists()


def test_a_parent_can_be_removed_from_the_list_before_the_request_is_recorded(client):
    client.force_login(essex_worker())
    client.post(reverse("case-new"))
    for index, parent in enumerate((PARENT, POST_PARENT)):
        for slug, data in parent.items():
            client.post(url("case-new-step-index", slug, index), data)
    page = page_text(client.get(url("case-new-step", "parents-and-carers")))
    assert "You have added 2 parents or carers" in page
    client.post(url("case-new-step", "parents-and-carers"), {"remove": "0"})
    page = page_text(client.get(url("case-new-step", "parents-and-carers")))
    assert "You have added 1 parent or carer" in page and "Lee Fletcher" in page
    assert "Sam Fletcher" not in page


def test_intake_pages_are_not_cached(client):
    client.force_login(essex_worker())
    response = client.get(url("case-new-step", "child-name"))
    assert "no-store" in response["Cache-Control"]


@pytest.mark.parametrize("name", ["case-new", "online-requests"])
def test_an_ended_role_or_a_switched_off_council_cannot_record_requests(client, name):
    worker = essex_worker()
    client.force_login(worker)
    assert client.get(url(name)).status_code == 200
    worker.role_assignments.update(is_active=False)
    assert client.get(url(name)).status_code == 403
    worker.role_assignments.update(is_active=True)
    la("881").__class__.objects.filter(pk=la("881").pk).update(is_active=False)
    assert client.get(url(name)).status_code == 403
