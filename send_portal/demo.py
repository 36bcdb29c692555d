"""Demo data: a believable Regional Expert Partnership of three councils, people in every role.

``manage.py seed_demo`` calls :func:`build`. Each app that adds a workflow adds a ``demo.py`` with
``build(context)`` that extends the demo (cases in every stage, plans, reviews...), registered in
``APP_BUILDERS``. Everything is idempotent: running it twice gives the same data.
"""

from __future__ import annotations

import csv
from contextlib import ExitStack
from dataclasses import dataclass, field
from importlib import import_module
from pathlib import Path

from django.db import connection, transaction

from . import reference_data
from .models import Organisation, OrganisationMembership, Region, Role, RoleAssignment, User

DEMO_PASSWORD = "demo-password-2026"  # noqa: S105 - printed for the demo on purpose
DEMO_DOMAIN = "demo.example.org"
#: Who runs the demo service: the header, page titles and footer name it (``COUNCIL_NAME``,
#: which ``scripts/demo.sh`` sets to this when it is not already set).
DEMO_OPERATOR = "Essex, Southend-on-Sea and Thurrock Regional Expert Partnership"
DATA_DIR = Path(__file__).resolve().parent / "data"

#: The three councils of the demo Regional Expert Partnership (DfE LA numbers); the first leads.
DEMO_LA_CODES = ("881", "882", "883")

#: Modules with a ``build(context)`` function, run in order after the core.
APP_BUILDERS: list[str] = [
    "ehcp.demo",
    "standards.demo",
    "partnerships.demo",
    "ehcp.redress.demo",
    "ehcp.reviews.demo",
    # After the cases, reviews and plans: what each role's whole journey needs (issue 20).
    "ehcp.demo_journeys",
    "tailored_lists.demo",
    "dashboards.demo",
    # After the synthetic caseloads: what the SEN2 return and Annex A need of every record.
    "ehcp.returns.demo",
    # Intake (issue 20): contact details of the demo families and a request made online.
    "ehcp.intake_demo",
    # Last: every demo staff account gets the shared demo authenticator secret.
    "send_portal.security.demo",
]

#: Builders that load rows in bulk (the settings directory; the published statistics and the
#: synthetic caseloads): the planner's statistics are refreshed after each, before the next
#: builder queries what they loaded.
BULK_LOADERS = ("tailored_lists.demo", "dashboards.demo")

#: Context managers (by dotted name, like ``APP_BUILDERS``) the whole build runs in: the
#: dashboards' figures are marked stale once per council when the build ends, not once per
#: record written (``dashboards.summaries.deferred_marks``).
BULK_LOAD_CONTEXTS: list[str] = ["dashboards.summaries.deferred_marks"]


@dataclass
class DemoContext:
    las: dict[str, Organisation] = field(default_factory=dict)
    people: dict[str, User] = field(default_factory=dict)
    orgs: dict[str, Organisation] = field(default_factory=dict)
    logins: list[tuple[str, str, str]] = field(default_factory=list)


def _person(ctx: DemoContext, key: str, first: str, last: str, roles, *, describe: str) -> User:
    email = f"{key}@{DEMO_DOMAIN}"
    user, created = User.objects.get_or_create(
        email=email,
        defaults={
            "username": email,
            "first_name": first,
            "last_name": last,
        },
    )
    if created or not user.check_password(DEMO_PASSWORD):
        user.set_password(DEMO_PASSWORD)
        user.save()
    for role, organisation in roles:
        RoleAssignment.objects.get_or_create(user=user, role=role, organisation=organisation)
    ctx.people[key] = user
    ctx.logins.append((email, describe, ", ".join(Role(r).label for r, _ in roles)))
    return user


def _load_settings(ctx: DemoContext) -> None:
    """The demo councils' schools, created when missing. A school already there is left as it
    is: the settings directory import (``tailored_lists``) may have brought it up to date from
    GIAS, and the demo must not put the older values back (rebuilding the demo writes nothing)."""
    phase_map = {
        "Primary": Organisation.Phase.PRIMARY,
        "Secondary": Organisation.Phase.SECONDARY,
        "Middle deemed primary": Organisation.Phase.MIDDLE,
        "Middle deemed secondary": Organisation.Phase.MIDDLE,
        "All through": Organisation.Phase.ALL_THROUGH,
        "16 plus": Organisation.Phase.POST_16,
        "Nursery": Organisation.Phase.EARLY_YEARS,
    }
    with (DATA_DIR / "demo_settings.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    existing = set(
        Organisation.objects.filter(
            kind=Organisation.Kind.SETTING, urn__in=[row["urn"] for row in rows]
        ).values_list("urn", flat=True)
    )
    Organisation.objects.bulk_create(
        [
            Organisation(
                kind=Organisation.Kind.SETTING,
                urn=row["urn"],
                name=row["establishment_name"],
                setting_type=row["type_of_establishment"],
                phase=phase_map.get(row["phase_of_education"], Organisation.Phase.NOT_APPLICABLE),
                ukprn=row["ukprn"],
                postcode=row["postcode"],
                website=row["website"] if row["website"].startswith("http") else "",
                local_authority=ctx.las[row["la_code"]],
                region=ctx.las[row["la_code"]].region,
            )
            for row in rows
            if row["urn"] not in existing
        ]
    )


def _bulk_load():
    """The contexts the whole build runs in (``BULK_LOAD_CONTEXTS``), entered in order."""
    stack = ExitStack()
    for path in BULK_LOAD_CONTEXTS:
        module_name, name = path.rsplit(".", 1)
        stack.enter_context(getattr(import_module(module_name), name)())
    return stack


def build() -> DemoContext:
    """Build the demo, or check that it is all there: building it again writes nothing."""
    with transaction.atomic(), _bulk_load():
        ctx = _build()
        _refresh_planner_statistics()
    return ctx


def _refresh_planner_statistics() -> None:
    """PostgreSQL: ANALYZE, after a bulk load and at the end (the synthetic records are written
    with COPY).

    Until autovacuum gets to them, the planner's statistics may say the tables are empty (and
    within this transaction autovacuum cannot see the rows at all): a join planned on that
    belief walks one table once per row of the other, and the next query over the demo's tens of
    thousands of cases takes minutes (issue 16). ANALYZE counts the rows this transaction wrote.
    """
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def _build() -> DemoContext:
    reference_data.ensure()
    ctx = DemoContext()
    for code in DEMO_LA_CODES:
        ctx.las[code] = Organisation.objects.get(
            kind=Organisation.Kind.LOCAL_AUTHORITY, la_code=code
        )
    essex, southend, thurrock = (ctx.las[c] for c in DEMO_LA_CODES)
    region = essex.region or Region.objects.get(code="E12000006")

    def org(key, kind, name, **extra):
        obj, _ = Organisation.objects.get_or_create(
            kind=kind, name=name, defaults={"region": region, **extra}
        )
        ctx.orgs[key] = obj
        return obj

    rep = org(
        "rep",
        Organisation.Kind.REGIONAL_EXPERT_PARTNERSHIP,
        "Essex, Southend and Thurrock Regional Expert Partnership",
    )
    for la in (essex, southend, thurrock):
        OrganisationMembership.objects.get_or_create(
            group=rep,
            member=la,
            defaults={
                "sector": OrganisationMembership.Sector.LOCAL_AUTHORITY,
                "is_lead": la == essex,
            },
        )
    icb = org(
        "icb",
        Organisation.Kind.ICB,
        "NHS Mid and South Essex Integrated Care Board",
        ods_code="QH8",
    )
    partnership = org(
        "partnership",
        Organisation.Kind.PARTNERSHIP,
        "Essex Local SEND and AP Partnership",
        local_authority=essex,
    )
    for member, sector in ((essex, "la"), (icb, "health")):
        OrganisationMembership.objects.get_or_create(
            group=partnership, member=member, defaults={"sector": sector}
        )
    thurrock_partnership = org(
        "thurrock_partnership",
        Organisation.Kind.PARTNERSHIP,
        "Thurrock Local SEND and AP Partnership",
        local_authority=thurrock,
    )
    OrganisationMembership.objects.get_or_create(
        group=thurrock_partnership, member=thurrock, defaults={"sector": "la"}
    )
    mediation = org(
        "mediation", Organisation.Kind.MEDIATION_SERVICE, "Eastern Counties SEND Mediation Service"
    )
    org(
        "sendiass",
        Organisation.Kind.SENDIASS,
        "Essex SENDIASS",
        local_authority=essex,
        telephone="0333 000 0000",
        email="sendiass@demo.example.org",
    )
    _load_settings(ctx)
    school = (
        Organisation.objects.filter(
            kind=Organisation.Kind.SETTING, local_authority=essex, phase=Organisation.Phase.PRIMARY
        )
        .order_by("urn")
        .first()
    )
    ctx.orgs["senco_school"] = school
    regions_group = Organisation.objects.get(kind=Organisation.Kind.REGIONS_GROUP, region=region)
    dfe = Organisation.objects.get(kind=Organisation.Kind.DFE)

    _person(
        ctx,
        "parent",
        "Sam",
        "Taylor",
        [(Role.PARENT, None)],
        describe="Parent of Alex and Ruby Taylor (Essex)",
    )
    _person(
        ctx,
        "young.person",
        "Jordan",
        "Okafor",
        [(Role.YOUNG_PERSON, None)],
        describe="Young person, 17 (Essex)",
    )
    _person(
        ctx,
        "caseworker",
        "Priya",
        "Shah",
        [(Role.CASEWORKER, essex)],
        describe="Essex SEND caseworker",
    )
    _person(
        ctx,
        "caseworker.southend",
        "Tom",
        "Reilly",
        [(Role.CASEWORKER, southend)],
        describe="Southend-on-Sea SEND caseworker",
    )
    _person(
        ctx,
        "caseworker.thurrock",
        "Grace",
        "Mensah",
        [(Role.CASEWORKER, thurrock)],
        describe="Thurrock SEND caseworker (another council)",
    )
    _person(
        ctx,
        "manager",
        "Helen",
        "Clarke",
        [(Role.SEND_MANAGER, essex)],
        describe="Essex SEND manager",
    )
    _person(
        ctx,
        "ep",
        "Dr Ruth",
        "Adeyemi",
        [(Role.EDUCATIONAL_PSYCHOLOGIST, essex)],
        describe="Educational psychologist, Essex",
    )
    _person(
        ctx,
        "health",
        "Mark",
        "Dunn",
        [(Role.HEALTH_ADVISER, icb)],
        describe="Community paediatrician, Mid and South Essex ICB",
    )
    _person(
        ctx,
        "social.care",
        "Lena",
        "Novak",
        [(Role.SOCIAL_CARE_ADVISER, essex)],
        describe="Children's social worker, Essex",
    )
    _person(
        ctx, "senco", "Olivia", "Brown", [(Role.SENCO, school)], describe=f"SENCo, {school.name}"
    )
    _person(
        ctx,
        "panel",
        "Imran",
        "Hussain",
        [(Role.PANEL_MEMBER, essex)],
        describe="Essex multi-agency panel member",
    )
    _person(
        ctx,
        "board.chair",
        "Catherine",
        "Wells",
        [(Role.BOARD_CHAIR, partnership)],
        describe="Chair, Essex Local SEND and AP Partnership",
    )
    _person(
        ctx,
        "board.member",
        "David",
        "Okoro",
        [(Role.BOARD_MEMBER, partnership)],
        describe="Board member (parent carer forum), Essex partnership",
    )
    _person(
        ctx,
        "regions.officer",
        "Fiona",
        "Grant",
        [(Role.REGIONS_GROUP_OFFICER, regions_group)],
        describe="DfE Regions Group officer, East of England",
    )
    _person(
        ctx,
        "mediator",
        "Paul",
        "Whitfield",
        [(Role.MEDIATOR, mediation)],
        describe="Mediator, Eastern Counties SEND Mediation Service",
    )
    _person(
        ctx,
        "analyst",
        "Nadia",
        "Karim",
        [(Role.DFE_ANALYST, dfe)],
        describe="DfE national analyst and standards editor",
    )
    _person(
        ctx,
        "admin",
        "System",
        "Administrator",
        [(Role.SYSTEM_ADMIN, None)],
        describe="System administrator",
    )

    for module_name in APP_BUILDERS:
        import_module(module_name).build(ctx)
        if module_name in BULK_LOADERS:
            _refresh_planner_statistics()
    return ctx
