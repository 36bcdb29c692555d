"""Ofsted and CQC area SEND inspection, Annex A (ehcp/returns/annex_a.py): the columns word for
word, each check of the Annex A SEN validator (codes 101a to 109), and the download. The demo's
List 1 (each child with a plan in force once, no error) is in test_demo.py."""

from __future__ import annotations

import copy
import io
from datetime import date

import pytest
from django.core.management import call_command
from django.urls import reverse
from openpyxl import load_workbook

from ehcp.models import Child
from ehcp.returns import annex_a
from send_portal.models import AuditEvent, Role
from tests.ehcp.returns.helpers import annex_a_valid_data
from tests.factories import la, person_with_role

ON = date(2025, 3, 1)
DASH = "\u2013"  # the en dash of Ofsted's column names


def test_list_1_columns_are_ofsteds_word_for_word_with_en_dashes():
    assert [
        "Unique ID",
        "UPN",
        "ULN",
        "Date of birth",
        "Gender",
        "Ethnicity",
        "Date initial EHC plan issued",
        "Date updated EHC plan issued",
        "Date EHC plan last reviewed",
        "SEN primary need",
        f"Main education establishment {DASH} URN",
        f"Main education establishment {DASH} phase",
        f"Subsidiary education establishment {DASH} phase (dual registration)",
        "Elective home education",
        "Suspensions",
        "Permanent exclusions",
        "Absence",
        "Pupil Premium",
        "Known to children's social care?",
        "Which children's social care team?",
        "Does the child or young person have a disability?",
    ] == annex_a.LIST_1
    assert not any("-" in c and "establishment" in c for c in annex_a.LIST_1)  # no hyphens


def test_list_2_has_the_sen_support_columns_without_the_plan_dates():
    assert annex_a.LIST_2[:7] == [
        "Unique ID", "UPN", "ULN", "Date of birth", "Gender", "Ethnicity", "SEN primary need",
    ]  # fmt: skip
    assert not [c for c in annex_a.LIST_2 if "EHC plan" in c]
    assert annex_a.LIST_2[-1] == "Does the child or young person have a disability?"


def row() -> dict:
    return {
        "Unique ID": "1",
        "UPN": "A881000000010",
        "ULN": None,
        "Date of birth": date(2014, 5, 1),
        "Gender": "Male",
        "Ethnicity": "WBRI",
        "Date initial EHC plan issued": date(2020, 6, 1),
        "Date updated EHC plan issued": date(2023, 6, 1),
        "Date EHC plan last reviewed": date(2024, 6, 1),
        "SEN primary need": "ASD",
        f"Main education establishment {DASH} URN": "100001",
        f"Main education establishment {DASH} phase": "Primary",
        f"Subsidiary education establishment {DASH} phase (dual registration)": None,
        "Elective home education": "No",
        "Does the child or young person have a disability?": "No",
    }


def codes(rows) -> set[str]:
    return {check.code for _, check in annex_a.check_rows(rows, ON)}


def test_a_complete_row_passes_every_check():
    assert codes([row()]) == set()


MAIN = f"Main education establishment {DASH} URN"
SECOND = f"Subsidiary education establishment {DASH} phase (dual registration)"

CASES = {
    "101a": {"Date of birth": None},
    "101b": {"Gender": None},
    "101c": {"Ethnicity": None},
    "101d": {"SEN primary need": None},
    "102a": {"Date of birth": date(1999, 12, 1)},
    "102b": {"Date of birth": date(1998, 1, 1)},
    "103": {"Does the child or young person have a disability?": None},
    "105a": {"Date of birth": date(2025, 6, 1)},
    "105b": {"Date initial EHC plan issued": date(2025, 4, 1)},
    "105c": {"Date updated EHC plan issued": date(2025, 4, 1)},
    "105d": {"Date EHC plan last reviewed": date(2025, 4, 1)},
    "106a": {"Date initial EHC plan issued": date(2023, 7, 1)},
    "106b": {"Date initial EHC plan issued": date(2024, 7, 1)},
    "107": {"UPN": None, "ULN": None},
    "108a": {MAIN: None},
    "108b": {MAIN: None, SECOND: "Secondary"},
}


def test_every_check_has_a_test():
    assert set(CASES) | {"109"} == set(annex_a.CHECKS)


@pytest.mark.parametrize("code", sorted(CASES))
def test_each_check_catches_its_own_problem(code):
    changed = copy.deepcopy(row())
    changed.update(CASES[code])
    assert code in codes([changed])


def test_109_a_upn_given_to_two_children():
    assert "109" in codes([row(), {**row(), "Unique ID": "2"}])


def test_elective_home_education_needs_no_school_108a():
    assert codes([{**row(), MAIN: None, "Elective home education": "Yes"}]) == set()


def test_a_child_of_4_or_a_young_person_of_16_needs_no_school_108a():
    assert "108a" not in codes([{**row(), MAIN: None, "Date of birth": date(2020, 6, 1)}])
    assert "108a" not in codes([{**row(), MAIN: None, "Date of birth": date(2008, 6, 1)}])


def test_no_upn_under_6_is_not_an_error_107():
    assert "107" not in codes([{**row(), "UPN": None, "Date of birth": date(2020, 6, 1)}])


@pytest.mark.django_db
def test_download_is_the_two_lists_and_waits_for_the_errors_to_be_put_right(client):
    data = annex_a_valid_data()
    manager = person_with_role(Role.SEND_MANAGER, la("881"))
    client.force_login(manager)
    url = reverse("returns-annex-a-download", args=["881"])
    missing = Child.objects.filter(
        local_authority=data["essex"], cases__final_issued_on__isnull=False
    ).first()
    Child.objects.filter(pk=missing.pk).update(disability="")
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"] == reverse("returns-annex-a", args=["881"])
    page = client.get(reverse("returns-annex-a", args=["881"]))
    assert "No disability status given" in page.content.decode()
    Child.objects.filter(pk=missing.pk).update(disability="yes")
    response = client.get(url)
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content), read_only=True)
    assert book.sheetnames == ["List_1", "List_2"]
    list_1 = list(book["List_1"].iter_rows(values_only=True))
    assert list(list_1[0]) == annex_a.LIST_1
    assert len(list_1) > 1
    assert list(next(book["List_2"].iter_rows(values_only=True))) == annex_a.LIST_2
    assert AuditEvent.objects.filter(
        action=AuditEvent.Action.EXPORT, summary__startswith="Annex A exported"
    ).exists()


@pytest.mark.django_db
def test_command_writes_the_same_lists(tmp_path):
    annex_a_valid_data()
    out = tmp_path / "annex-a.xlsx"
    call_command("export_annex_a", "--council", "881", "--output", str(out))
    book = load_workbook(out, read_only=True)
    assert list(next(book["List_1"].iter_rows(values_only=True))) == annex_a.LIST_1
