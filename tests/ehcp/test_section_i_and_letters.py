"""Section I names a setting from the settings directory, or a type of school or institution,
never free text (CFA 2014 s39(4)-(5) and s40(2); SEND Code of Practice 9.79), and letters are
addressed to the named people with rights in the case at their addresses (issue 20)."""

from __future__ import annotations

import importlib
import io
from datetime import timedelta

import pytest
from django.apps import apps as django_apps
from pypdf import PdfReader

from ehcp import section_i
from ehcp.models import Plan, SettingRequest, Stage
from ehcp.plan_document import with_content
from ehcp.plan_quality import check
from ehcp.services import contacts, workflow
from ehcp.services.family import letter_addressees, rights_holders
from send_portal.models import AuditEvent
from tests.ehcp.factories import ChildFactory, case_at
from tests.ehcp.view_helpers import young_person_dob
from tests.factories import SettingFactory

pytestmark = pytest.mark.django_db

MIGRATION = importlib.import_module("ehcp.migrations.0007_family_contacts_and_online_requests")


@pytest.mark.parametrize(
    ("setting", "text", "ok"),
    [
        (True, "", True),
        (False, "Mainstream primary school", True),
        (False, "Maintained or academy special school", True),
        (False, "Lexden", False),
        (False, "Chelmsford", False),
        (False, "", False),
    ],
)
def test_section_i_is_a_directory_setting_or_a_type_never_free_text(setting, text, ok):
    assert (section_i.problem(setting_id=1 if setting else None, setting_type=text) == "") is ok


def test_the_types_the_migration_recognises_are_the_types_section_i_offers():
    assert set(section_i.TYPES) == MIGRATION.SECTION_I_TYPES


def test_an_issued_plan_with_free_text_in_section_i_is_flagged_for_amendment():
    case = case_at(Stage.FINAL_ISSUED)
    Plan.objects.filter(case=case).exclude(status="draft").update(
        section_i_setting=None, section_i_type="Lexden"
    )
    final = with_content(Plan.objects.filter(case=case, status="final")).get()
    [finding] = [f for f in check(final) if f.rule == "section_i_not_in_directory"]
    assert "\u201cLexden\u201d" in finding.message and "Propose amendments" in finding.message
    assert not finding.blocking


def test_the_case_page_asks_for_free_text_in_section_i_to_be_put_right(client):
    case = case_at(Stage.FINAL_ISSUED)
    Plan.objects.filter(case=case).exclude(status="draft").update(
        section_i_setting=None, section_i_type="Lexden"
    )
    client.force_login(case.caseworker)
    text = " ".join(client.get(f"/cases/{case.reference}/").content.decode().split())
    assert "Needs a directory setting: Section I says “Lexden”" in text


def test_proposed_amendments_with_free_text_in_section_i_cannot_be_issued():
    case = case_at(Stage.FINAL_ISSUED)
    Plan.objects.filter(case=case).exclude(status="draft").update(
        section_i_setting=None, section_i_type="Lexden"
    )
    from ehcp.services import plans

    proposed = plans.propose_amendments(actor=case.caseworker, case_id=case.pk)
    full = with_content(Plan.objects.filter(pk=proposed.pk)).get()
    [finding] = [f for f in check(full) if f.rule == "section_i_not_in_directory"]
    assert finding.blocking


def test_the_data_migration_matches_exact_names_and_urns_and_leaves_the_rest_flagged():
    school = SettingFactory(name="Lexden Primary School", urn="114920", setting_type="Academy")
    case = case_at(Stage.DRAFT_SERVED)
    by_name = SettingRequest.objects.create(
        case=case, setting_name="lexden primary school", requested_on=case.draft_served_on
    )
    by_urn = SettingRequest.objects.create(
        case=case, setting_name="The school, URN 114920", requested_on=case.draft_served_on
    )
    unknown = SettingRequest.objects.create(
        case=case, setting_name="Lexden", requested_on=case.draft_served_on
    )
    issued = case_at(Stage.FINAL_ISSUED)
    final = Plan.objects.get(case=issued, status="final")
    Plan.objects.filter(pk=final.pk).update(
        section_i_setting=None, section_i_type="Lexden Primary School"
    )
    MIGRATION.match_free_text_settings(django_apps, None)
    for request in (by_name, by_urn, unknown):
        request.refresh_from_db()
    assert (by_name.setting, by_name.setting_name) == (school, "lexden primary school")
    assert by_urn.setting == school
    assert unknown.setting is None and unknown.setting_name == "Lexden"
    final.refresh_from_db()
    assert (final.section_i_setting, final.section_i_type) == (school, "Academy")
    assert (
        AuditEvent.objects.filter(summary__contains="matched to the settings directory").count()
        == 3
    )


def _contact(case, **values):
    base = {
        "first_name": "Sam",
        "last_name": "Fletcher",
        "relationship": "mother",
        "parental_responsibility": "yes",
        "address_line_1": "12 High Street",
        "town": "Chelmsford",
        "postcode": "cm1 1aa",
        "preferred_contact": "post",
        "language": "English",
    }
    return contacts.add_contact(actor=case.caseworker, case_id=case.pk, values={**base, **values})


def test_a_decision_letter_is_addressed_to_the_named_parents_at_their_addresses(
    django_capture_on_commit_callbacks,
):
    case = case_at(Stage.CONSIDERING)
    _contact(case)
    _contact(
        case,
        first_name="Lee",
        relationship="father",
        address_line_1="4 Mill Lane",
        town="Witham",
        postcode="CM8 2AB",
    )
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
    text = " ".join(
        page.extract_text() for page in PdfReader(io.BytesIO(decision.notice.file.read())).pages
    )
    text = " ".join(text.split())
    assert "Sam Fletcher 12 High Street Chelmsford CM1 1AA" in text
    assert "Lee Fletcher 4 Mill Lane Witham CM8 2AB" in text
    assert "Dear Sam Fletcher and Lee Fletcher," in text
    assert "To the family of" not in text


def test_after_compulsory_school_age_letters_go_to_the_young_person():
    """CFA 2014 s80: the young person holds the rights; a parent is written to only where the
    young person shares their case with them."""
    child = ChildFactory(
        date_of_birth=young_person_dob(), address="9 Park Road\nHarlow", postcode="CM20 1AA"
    )
    case = case_at(Stage.CONSIDERING, child=child)
    _contact(case)
    assert rights_holders(case, case.received_on) == []
    assert letter_addressees(case, case.received_on) == [
        {"name": child.full_name, "lines": ["9 Park Road", "Harlow", "CM20 1AA"]}
    ]
    _contact(
        case,
        first_name=child.first_name,
        last_name=child.last_name,
        relationship="young_person",
        address_line_1="Flat 2, 9 Park Road",
        town="Harlow",
        postcode="CM20 1AA",
    )
    assert [p["name"] for p in letter_addressees(case, case.received_on)] == [child.full_name]
    assert letter_addressees(case, case.received_on)[0]["lines"][0] == "Flat 2, 9 Park Road"
