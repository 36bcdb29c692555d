"""The SEN2 person-level return: module layout, validation per child and field, audit."""

import xml.etree.ElementTree as ET

import pytest
from django.urls import reverse

from dashboards import sen2
from dashboards.periods import ReportingYear
from ehcp.returns import codes
from send_portal.models import AuditEvent, Role
from tests.dashboards import handbuilt
from tests.factories import la, person_with_role

pytestmark = pytest.mark.django_db


def test_return_lists_children_in_scope_in_the_module_layout():
    data = handbuilt.build()
    result = sen2.build_return(data["essex"], ReportingYear(2025))
    # Every Essex child has a case in scope (plans at census, or 2024 requests/decisions).
    assert len(result.children) == 8
    root = ET.fromstring(result.xml())  # noqa: S314 - our own output
    assert root.findtext("Header/CollectionDetails/Collection") == "SEN2"
    assert root.findtext("Header/CollectionDetails/ReferenceDate") == "2025-01-16"
    assert root.findtext("Header/Source/LEA") == "881"
    persons = root.findall("Persons/Person")
    assert len(persons) == 8
    # The DfE's code for "decided not to assess" (ehcp.returns.codes.RequestOutcome).
    refused = [
        p
        for p in persons
        if p.findtext("Requests/RequestOutcome") == codes.RequestOutcome.NOT_ASSESS
    ]
    assert len(refused) == 1
    week20 = [p.findtext("Requests/Assessment/Week20") for p in persons]
    assert "1" in week20  # B's exception
    needs = root.findall(".//ActivePlans/SENneed/SENtype")
    assert {n.text for n in needs} >= {"ASD", "SLCN", "SEMH", "PD"}


def test_validation_lists_each_problem_by_child_and_field():
    data = handbuilt.build()
    g = data["cases"]["g"].child  # sex not known; G's plan names a type, not a setting
    a = data["cases"]["a"].child
    a.upn = "123"
    a.postcode = ""
    a.save()
    result = sen2.build_return(data["essex"], ReportingYear(2025))
    problems = {(p.child_id, p.field) for p in result.problems}
    assert (g.pk, "Sex") in problems
    assert (a.pk, "UPN") in problems
    assert (a.pk, "PostCode") in problems
    names = [name for name, _ in result.problems_by_child]
    assert a.full_name in names


def test_manager_sees_problems_and_download_waits_until_they_are_fixed(client):
    """Issue 18: the published rules run before a file can be downloaded (the audited
    download of a valid return is in tests/ehcp/returns/test_sen2_export.py)."""
    handbuilt.build()
    manager = person_with_role(Role.SEND_MANAGER, la("881"))
    client.force_login(manager)
    page = client.get(reverse("dashboards:sen2", args=["881"]), {"year": 2025})
    assert page.status_code == 200
    assert "Problems by child" in page.content.decode()
    download = client.get(reverse("dashboards:sen2-download", args=["881"]), {"year": 2025})
    assert download.status_code == 302
    assert not AuditEvent.objects.filter(
        action=AuditEvent.Action.EXPORT, actor=manager, summary__startswith="SEN2 return"
    ).exists()


def test_return_takes_a_fixed_number_of_queries(django_assert_max_num_queries):
    data = handbuilt.build()
    # Issue 18 added the modules the specification asks for (placements, reviews, phase
    # transfers, cessations, the council's officers): still a fixed number of queries.
    with django_assert_max_num_queries(16) as first:
        sen2.build_return(data["essex"], ReportingYear(2025))
    handbuilt.build()
    with django_assert_max_num_queries(len(first.captured_queries)):
        sen2.build_return(data["essex"], ReportingYear(2025))
