"""Helpers for the EHC view tests: one case with a person in every role around it, form data for
GOV.UK date inputs, and checks that a refused form changed nothing.

Cases are driven to their stage by the workflow services (``tests.ehcp.factories.case_at``); the
only rows written directly are the extra open advice requests of :func:`build_world`, which let
every adviser role be "in scope" of the same case at once.
"""

from __future__ import annotations

import html
import re
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.urls import reverse

from ehcp.models import (
    AdviceItem,
    AdviceRequest,
    Case,
    CaseEvent,
    CaseTask,
    ChildRelationship,
    Decision,
    PanelAgendaItem,
    Plan,
    SettingRequest,
    Stage,
    ViewsContribution,
)
from ehcp.services import participation, plans, workflow
from send_portal.models import AuditEvent, GeneratedDocument, Organisation, Role, User
from tests.ehcp.factories import ChildFactory, case_at
from tests.factories import SettingFactory, UserFactory, la, person_with_role


def fresh(user: User) -> User:
    """The same person re-read (roles are cached per instance)."""
    return User.objects.get(pk=user.pk)


def link_family(child, user: User, kind: str, *, shared: bool = False) -> User:
    actor = person_with_role(Role.CASEWORKER, child.local_authority)
    workflow.link_family_member(
        actor=actor, child=child, user=user, kind=kind, shared_by_young_person=shared
    )
    return fresh(user)


def young_person_dob(on: date | None = None) -> date:
    """A date of birth that makes someone 17, over compulsory school age, on ``on``."""
    on = on or date.today()
    return date(on.year - 17, 3, 10)


def date_data(name: str, value: date | None = None, *, raw: tuple | None = None) -> dict:
    """POST data for a GOV.UK date input (``name_0`` day, ``name_1`` month, ``name_2`` year)."""
    parts = raw if raw is not None else (value.day, value.month, value.year)
    return {f"{name}_{i}": str(part) for i, part in enumerate(parts)}


def page_text(response) -> str:
    """What a person reads on the page: the text of ``<main>`` without tags, entities decoded,
    whitespace collapsed."""
    body = response.content.decode()
    match = re.search(r"<main\b.*?</main>", body, re.S)
    text = re.sub(r"<[^>]+>", " ", match.group(0) if match else body)
    text = re.sub(r"\s+", " ", html.unescape(text))
    return re.sub(r" ([.,;:)])", r"\1", text).strip()


def error_summary(response) -> list[str]:
    """The messages listed in the GOV.UK error summary of a page (empty when there is none)."""
    body = response.content.decode()
    match = re.search(r'<div class="govuk-error-summary".*?</ul>', body, re.S)
    if not match:
        return []
    return [
        re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", "", item))).strip()
        for item in re.findall(r"<li>(.*?)</li>", match.group(0), re.S)
    ]


def field_error(response, field_id: str) -> str:
    """The inline error message shown under the field with this id (``id_on`` etc.)."""
    body = response.content.decode()
    match = re.search(
        rf'<p id="{field_id}-error" class="govuk-error-message">(.*?)</p>', body, re.S
    )
    assert match, f"no inline error for {field_id}"
    text = html.unescape(re.sub(r"<[^>]+>", "", match.group(1)))
    return re.sub(r"\s+", " ", text).replace("Error:", "", 1).strip()


def counts(case: Case) -> dict:
    return {
        "events": CaseEvent.objects.filter(case=case).count(),
        "decisions": Decision.objects.filter(case=case).count(),
        "advice": AdviceRequest.objects.filter(case=case).count(),
        "settings": SettingRequest.objects.filter(case=case).count(),
        "documents": GeneratedDocument.objects.filter(
            owner_type="ehcp.case", owner_id=str(case.pk)
        ).count(),
        "changes": AuditEvent.objects.filter(child_id=case.child_id)
        .exclude(action=AuditEvent.Action.VIEW)
        .count(),
    }


@contextmanager
def nothing_changes(case: Case):
    """Assert that the block leaves the case exactly as it was: same stage and version, no new
    timeline event, decision, advice or setting request, letter, or audited change."""
    before = counts(case)
    stage, version = Case.objects.values_list("stage", "version").get(pk=case.pk)
    yield
    after = counts(case)
    assert after == before, f"something changed: {before} -> {after}"
    assert Case.objects.values_list("stage", "version").get(pk=case.pk) == (stage, version)


# ---- one case with a person in every role -------------------------------------------------------


@dataclass
class World:
    """An Essex case of a 17-year-old at CONSULTING, and a person for each column of the
    permission table."""

    case: Case
    people: dict[str, User | None] = field(default_factory=dict)
    advice: AdviceRequest | None = None  # the EP's open advice request
    closed_advice: AdviceRequest | None = None  # advice already received (request closed)
    setting_request: SettingRequest | None = None  # consulted, waiting for the SENCo
    item: PanelAgendaItem | None = None
    document: GeneratedDocument | None = None
    task: CaseTask | None = None
    sent: Plan | None = None  # version 1: the draft sent to the family (with its PDF queued)
    draft: Plan | None = None  # version 2: a revised draft being written
    plan_items: dict = field(default_factory=dict)  # kind -> an item of version 2
    advice_item: AdviceItem | None = None  # an item of the received advice, to pull
    open_advice_item: AdviceItem | None = None  # an item of the EP's advice not yet sent
    contribution: ViewsContribution | None = None

    @property
    def ref(self) -> str:
        return self.case.reference


def _open_advice(case: Case, advice_type: str, adviser: User, requested_on: date):
    # Written directly: the services only ask for advice while assessing, and this case has
    # moved on. It stands for further advice the council asked for later (reg 6(1)(h)).
    return AdviceRequest.objects.create(
        case=case,
        advice_type=advice_type,
        adviser=adviser,
        requested_on=requested_on,
        due_on=requested_on + timedelta(weeks=6),
    )


def build_world() -> World:
    essex = la("881")
    school = SettingFactory(local_authority=essex, region=essex.region)
    child = ChildFactory(date_of_birth=young_person_dob())
    worker = person_with_role(Role.CASEWORKER, essex)
    case = case_at(Stage.CONSULTING, child=child, actor=worker, setting=school)
    young_person = link_family(child, UserFactory(), ChildRelationship.Kind.YOUNG_PERSON)
    parent = link_family(child, UserFactory(), ChildRelationship.Kind.PARENT, shared=True)
    closed_advice = case.advice_requests.get()
    item = case.panel_items.select_related("meeting").get()
    requested = case.draft_served_on
    ep = person_with_role(Role.EDUCATIONAL_PSYCHOLOGIST, essex)
    health = person_with_role(
        Role.HEALTH_ADVISER,
        Organisation.objects.create(kind=Organisation.Kind.ICB, name="Test ICB"),
    )
    social = person_with_role(Role.SOCIAL_CARE_ADVISER, essex)
    advice = _open_advice(case, AdviceRequest.AdviceType.EDUCATIONAL_PSYCHOLOGIST, ep, requested)
    _open_advice(case, AdviceRequest.AdviceType.HEALTH, health, requested)
    _open_advice(case, AdviceRequest.AdviceType.SOCIAL_CARE, social, requested)
    task = workflow.add_task(actor=worker, case_id=case.pk, title="Phone the school")
    partnership = Organisation.objects.create(
        kind=Organisation.Kind.PARTNERSHIP, name="Test partnership", local_authority=essex
    )
    other_child = ChildFactory()
    other_parent = link_family(other_child, UserFactory(), ChildRelationship.Kind.PARENT)
    people = {
        "anonymous": None,
        Role.PARENT: parent,
        Role.YOUNG_PERSON: young_person,
        Role.CASEWORKER: worker,
        Role.SEND_MANAGER: person_with_role(Role.SEND_MANAGER, essex),
        Role.EDUCATIONAL_PSYCHOLOGIST: ep,
        Role.HEALTH_ADVISER: health,
        Role.SOCIAL_CARE_ADVISER: social,
        Role.SENCO: person_with_role(Role.SENCO, school),
        Role.PANEL_MEMBER: item.meeting.members.get(),
        Role.BOARD_MEMBER: person_with_role(Role.BOARD_MEMBER, partnership),
        Role.BOARD_CHAIR: person_with_role(Role.BOARD_CHAIR, partnership),
        Role.REGIONS_GROUP_OFFICER: person_with_role(
            Role.REGIONS_GROUP_OFFICER,
            Organisation.objects.get(kind=Organisation.Kind.REGIONS_GROUP, region=essex.region),
        ),
        Role.MEDIATOR: person_with_role(
            Role.MEDIATOR,
            Organisation.objects.create(kind=Organisation.Kind.MEDIATION_SERVICE, name="Med"),
        ),
        Role.DFE_ANALYST: person_with_role(
            Role.DFE_ANALYST, Organisation.objects.get(kind=Organisation.Kind.DFE)
        ),
        Role.SYSTEM_ADMIN: person_with_role(Role.SYSTEM_ADMIN, None, is_staff=True),
        # Out of scope, each for a different reason:
        "caseworker_other_council": person_with_role(Role.CASEWORKER, la("883")),
        "parent_other_child": other_parent,
        "adviser_request_closed": closed_advice.adviser,
    }
    case.refresh_from_db()
    sent = case.plans.get()
    draft = plans.start_revised_draft(actor=worker, plan_id=sent.pk)
    advice_item = AdviceItem.objects.create(
        advice=closed_advice, kind="need", area="communication", description="Visual prompts."
    )
    open_advice_item = AdviceItem.objects.create(
        advice=advice, kind="provision", description="Speech therapy", frequency="Weekly"
    )
    contribution = participation.contribute_views(
        actor=young_person,
        case_id=case.pk,
        made_on=case.draft_served_on,
        data={"child_interests": "Football."},
    )
    plan_items = {}
    for kind, data in [
        ("need", {"section": "B", "area": "semh", "description": "Anxious in crowds."}),
        ("outcome", {"description": "Will join a college club."}),
        ("provision", {"section": "F", "description": "Mentoring, weekly, 1 hour."}),
        ("budget", {"description": "Travel training"}),
    ]:
        draft.refresh_from_db()
        plan_items[kind] = plans.save_item(
            actor=worker,
            plan_id=draft.pk,
            expected_lock=draft.version_lock,
            kind=kind,
            data=data,
        )
    draft.refresh_from_db()
    return World(
        case=case,
        sent=sent,
        draft=draft,
        plan_items=plan_items,
        advice_item=advice_item,
        open_advice_item=open_advice_item,
        contribution=contribution,
        people=people,
        advice=advice,
        closed_advice=closed_advice,
        setting_request=case.setting_requests.get(),
        item=item,
        document=case.decisions.order_by("pk").first().notice,
        task=task,
    )


def url(name: str, *args) -> str:
    return reverse(name, args=args)
