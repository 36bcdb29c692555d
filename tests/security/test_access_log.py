"""Who viewed or changed a child's record: logged for every staff read (pages and API), and
exportable as CSV for a subject access request by the council's SEND manager."""

from __future__ import annotations

import csv
import io

import pytest
from django.core.exceptions import PermissionDenied
from django.core.management import call_command
from rest_framework.test import APIClient

from send_portal.models import AuditEvent, Role
from send_portal.security.access_log import export_access_log
from tests.ehcp.view_helpers import build_world
from tests.factories import la, person_with_role

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return build_world()


def rows(text: str) -> list[dict]:
    return list(csv.DictReader(io.StringIO(text)))


def test_staff_reads_on_pages_and_api_appear_in_the_export(world, client):
    worker = world.people[Role.CASEWORKER]
    client.force_login(worker)
    client.get(f"/cases/{world.ref}/")
    api = APIClient()
    api.force_login(worker)
    api.get(f"/api/v1/cases/{world.ref}/timeline/")
    manager = world.people[Role.SEND_MANAGER]
    exported = rows(export_access_log(actor=manager, child=world.case.child))
    views = [r for r in exported if r["action"] == "Viewed" and r["email"] == worker.email]
    assert any("(API)" in r["what"] for r in views)
    assert any("(API)" not in r["what"] for r in views)
    assert any(r["action"] == "Changed" for r in exported), "changes are listed too"
    assert AuditEvent.objects.filter(
        actor=manager, action=AuditEvent.Action.EXPORT, child_id=world.case.child_id
    ).exists()


def test_only_the_councils_send_manager_or_an_administrator_may_export(world):
    child = world.case.child
    for person in (
        world.people[Role.CASEWORKER],
        world.people[Role.PARENT],
        person_with_role(Role.SEND_MANAGER, la("883")),
    ):
        with pytest.raises(PermissionDenied):
            export_access_log(actor=person, child=child)
    assert export_access_log(actor=world.people[Role.SYSTEM_ADMIN], child=child)


def test_the_command_writes_the_csv(world, capsys):
    call_command(
        "export_access_log",
        "--child",
        str(world.case.child_id),
        "--actor",
        world.people[Role.SEND_MANAGER].email,
    )
    assert capsys.readouterr().out.startswith("when,who,email,action,what,object,address")
