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


def _database_state():
    """Rows of every model, and the latest value of every timestamp that changes when a row is
    saved (``auto_now`` fields and fields named like ``updated``)."""
    from django.apps import apps
    from django.db.models import DateTimeField, Max

    counts, latest = {}, {}
    for model in apps.get_models(include_auto_created=True):
        if not model._meta.managed or model._meta.proxy:
            continue
        label = model._meta.label
        counts[label] = model._default_manager.count()
        stamps = [
            f.name
            for f in model._meta.concrete_fields
            if isinstance(f, DateTimeField)
            and (f.auto_now or any(w in f.name for w in ("updated", "modified", "changed")))
        ]
        if stamps:
            latest[label] = model._default_manager.aggregate(*[Max(name) for name in stamps])
    return counts, latest


def test_seed_demo_is_idempotent():
    """Issue 16: the second build finds every record in place and writes nothing (no INSERT,
    UPDATE or DELETE at all: no row counts or "updated" timestamps change, no council's
    dashboard figures are marked stale), and takes seconds."""
    import time

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from dashboards.models import SummaryInvalidation

    call_command("seed_demo", stdout=io.StringIO())
    counts = (User.objects.count(), Organisation.objects.count(), RoleAssignment.objects.count())
    SummaryInvalidation.objects.all().delete()
    before = _database_state()
    started = time.monotonic()
    with CaptureQueriesContext(connection) as queries:
        call_command("seed_demo", stdout=io.StringIO())
    seconds = time.monotonic() - started
    assert counts == (
        User.objects.count(),
        Organisation.objects.count(),
        RoleAssignment.objects.count(),
    )
    writes = [
        q["sql"][:200]
        for q in queries.captured_queries
        if q["sql"].lstrip().split(" ", 1)[0].upper() in ("INSERT", "UPDATE", "DELETE", "REPLACE")
    ]
    assert writes == []
    assert _database_state() == before
    assert not SummaryInvalidation.objects.exists()
    assert seconds < 30, f"the second build took {seconds:.1f}s"
