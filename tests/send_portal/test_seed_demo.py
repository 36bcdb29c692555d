import csv
import io

import pytest
from django.core.management import call_command

from send_portal import demo
from send_portal.models import Organisation, Role, RoleAssignment, User

pytestmark = pytest.mark.django_db


def test_seed_demo_builds_a_rep_of_three_councils_with_people_in_every_role():
    out = io.StringIO()
    call_command("seed_demo", stdout=out)
    rep = Organisation.objects.get(kind=Organisation.Kind.REGIONAL_EXPERT_PARTNERSHIP)
    assert rep.memberships.count() == 3
    assert rep.memberships.filter(is_lead=True).get().member.la_code == "881"
    held = set(RoleAssignment.objects.values_list("role", flat=True))
    assert held == set(Role), f"no demo person holds {set(Role) - held}"
    # The 173 schools of the three demo councils (send_portal/data/demo_settings.csv) are all
    # there; the apps' demo builders add more (the tailored lists' settings directory).
    with (demo.DATA_DIR / "demo_settings.csv").open(encoding="utf-8") as handle:
        urns = {row["urn"] for row in csv.DictReader(handle)}
    assert len(urns) == 173
    settings = Organisation.objects.filter(kind=Organisation.Kind.SETTING, urn__in=urns)
    assert settings.count() == 173
    printed = out.getvalue()
    assert demo.DEMO_PASSWORD in printed
    for user in User.objects.all():
        assert user.email in printed


def test_seed_demo_is_idempotent():
    call_command("seed_demo", stdout=io.StringIO())
    counts = (User.objects.count(), Organisation.objects.count(), RoleAssignment.objects.count())
    call_command("seed_demo", stdout=io.StringIO())
    assert counts == (
        User.objects.count(),
        Organisation.objects.count(),
        RoleAssignment.objects.count(),
    )
