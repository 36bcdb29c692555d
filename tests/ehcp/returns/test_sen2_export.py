"""The SEN2 return made from the portal's records (DfE technical specification 2026)."""

import xml.etree.ElementTree as ET
from datetime import UTC, datetime

import pytest
from django.core.management import call_command
from django.urls import reverse

from dashboards.periods import ReportingYear
from ehcp.models import Case
from ehcp.returns import services
from ehcp.returns.sen2 import build_return
from send_portal.models import AuditEvent, Role
from tests.ehcp.returns.helpers import valid_data
from tests.factories import la, person_with_role

pytestmark = pytest.mark.django_db
NOW = datetime(2025, 2, 1, 9, 0, tzinfo=UTC)


def test_valid_caseload_has_no_problems_and_active_plans_sit_under_each_request():
    data = valid_data()
    result = build_return(data["essex"], ReportingYear(2025))
    assert [(p.rule, p.message) for p in result.problems] == []
    root = ET.fromstring(result.xml(NOW))  # noqa: S314 - our own output
    assert root.find("Persons/Person/Requests/ActivePlans/PlacementDetail") is not None
    assert root.find("Persons/Person/Requests/Assessment/NamedPlan/PlanDetail") is not None
    assert root.find("Persons/Person/Requests/Assessment/NamedPlan/ActivePlans") is None
    assert root.findtext("Header/LAlevel/DMO") == "0"
    for element in root.iter():
        if element.tag.endswith("Date") and element.text:
            datetime.strptime(element.text, "%Y-%m-%d")  # YYYY-MM-DD throughout


def test_command_and_managers_download_give_the_same_file_and_are_both_audited(
    client, tmp_path, monkeypatch
):
    data = valid_data()
    monkeypatch.setattr("django.utils.timezone.now", lambda: NOW)
    out = tmp_path / "sen2.xml"
    call_command("export_sen2", council="881", year=2025, output=str(out))
    manager = person_with_role(Role.SEND_MANAGER, la("881"))
    client.force_login(manager)
    response = client.get(reverse("dashboards:sen2-download", args=["881"]), {"year": 2025})
    assert response.status_code == 200
    assert response.content == out.read_bytes()
    events = AuditEvent.objects.filter(
        action=AuditEvent.Action.EXPORT, summary__startswith="SEN2 return 2025"
    )
    assert {e.detail["channel"] for e in events} == {"manage.py export_sen2", "page"}
    assert data["essex"].la_code == "881"


def test_ceased_plan_reports_cease_date_and_reason_and_no_active_plan():
    data = valid_data()
    case = Case.objects.filter(local_authority=data["essex"], final_issued_on__isnull=False).first()
    case.plan_ceased_on = datetime(2024, 12, 1).date()
    case.cease_reason = "8"
    case.save()
    result = build_return(data["essex"], ReportingYear(2025))
    requests = [r for p in result.persons for r in p.requests if r["case_id"] == case.pk]
    named = requests[0]["assessment"]["named_plan"]["items"]
    assert (named["CeaseDate"], named["CeaseReason"]) == ("2024-12-01", "8")
    assert requests[0]["active_plans"] is None


def test_export_refused_while_a_rule_fails():
    data = valid_data()
    child = Case.objects.filter(local_authority=data["essex"]).first().child
    child.postcode = ""
    child.save()
    with pytest.raises(services.ReturnHasProblems):
        services.export_sen2(actor=None, council=data["essex"], year=2025)
