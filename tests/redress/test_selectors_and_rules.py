"""Who sees which mediation cases, appeals, compliance steps and complaints, and who may act
(shared/domain/ROLES.md): council staff see their council's, a mediator only their own cases,
the family their own child's; anyone else nothing."""

from __future__ import annotations

from datetime import date

import pytest
from django.contrib.auth.models import AnonymousUser

from ehcp.redress import selectors
from ehcp.redress.models import Matter
from ehcp.redress.services import appeals, complaints, mediation
from send_portal import permissions
from send_portal.models import Role
from tests.factories import UserFactory, la, person_with_role
from tests.query_baselines import exactly
from tests.redress.helpers import TODAY, final_plan, mediator, young_person_family

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    fam = final_plan()
    med = mediator()
    m = mediation.open_mediation_case(
        actor=fam.parent, decision_id=fam.decision.pk, contacted_on=date(2026, 11, 17)
    )
    m = mediation.assign_mediator(actor=fam.worker, mediation_id=m.pk, mediator=med)
    appeal = appeals.register_appeal(
        actor=fam.worker,
        decision_id=fam.decision.pk,
        registered_on=date(2026, 11, 18),
        matters=[Matter.SECTION_I],
    )
    appeals.record_appeal_decision(
        actor=fam.worker, appeal_id=appeal.pk, outcome="allowed", decided_on=date(2026, 11, 20)
    )
    appeals.record_order(
        actor=fam.worker,
        appeal_id=appeal.pk,
        order_type="name_setting",
        made_on=date(2026, 11, 20),
    )
    complaint = complaints.record_complaint(
        actor=fam.worker,
        local_authority=la("881"),
        received_on=TODAY,
        complainant_name="A parent",
        category="delay",
        summary="Slow",
        responsible="council",
        case=fam.case,
    )
    other_parent = person_with_role(Role.PARENT)
    return {
        "fam": fam,
        "mediation": m,
        "appeal": appeal,
        "complaint": complaint,
        "people": {
            "caseworker": fam.worker,
            "manager": person_with_role(Role.SEND_MANAGER, la("881")),
            "parent": fam.parent,
            "assigned mediator": med,
            "other mediator": mediator(),
            "other council caseworker": person_with_role(Role.CASEWORKER, la("883")),
            "other parent": other_parent,
            "adviser": person_with_role(Role.EDUCATIONAL_PSYCHOLOGIST, la("881")),
            "no role": UserFactory(),
        },
    }


#: What each person sees: (mediation, appeal, steps, complaint).
EXPECTED = {
    "caseworker": (True, True, True, True),
    "manager": (True, True, True, True),
    "parent": (True, True, True, False),
    "assigned mediator": (True, False, False, False),
    "other mediator": (False, False, False, False),
    "other council caseworker": (False, False, False, False),
    "other parent": (False, False, False, False),
    "adviser": (False, False, False, False),
    "no role": (False, False, False, False),
}


@pytest.mark.parametrize("who", sorted(EXPECTED))
def test_each_person_sees_only_what_their_relationships_allow(world, who):
    user = world["people"][who]
    seen = (
        selectors.mediations_visible_to(user).filter(pk=world["mediation"].pk).exists(),
        selectors.appeals_visible_to(user).filter(pk=world["appeal"].pk).exists(),
        selectors.steps_visible_to(user).filter(case=world["fam"].case).exists(),
        selectors.complaints_visible_to(user).filter(pk=world["complaint"].pk).exists(),
    )
    assert seen == EXPECTED[who]


def test_anonymous_and_inactive_people_see_nothing(world):
    inactive = world["people"]["caseworker"]
    inactive.is_active = False
    inactive.save()
    for user in (AnonymousUser(), inactive, None):
        assert not selectors.mediations_visible_to(user).exists()
        assert not selectors.appeals_visible_to(user).exists()
        assert not selectors.steps_visible_to(user).exists()
        assert not selectors.complaints_visible_to(user).exists()


def test_a_parent_of_a_young_person_sees_nothing_unless_the_young_person_shares():
    fam, parent, young = young_person_family()
    m = mediation.open_mediation_case(
        actor=young, decision_id=fam.decision.pk, contacted_on=date(2026, 10, 20)
    )
    assert selectors.mediations_visible_to(young).filter(pk=m.pk).exists()
    assert not selectors.mediations_visible_to(parent).exists()


#: Who may do what on the world's mediation case.
RULES = {
    "redress.manage": {"caseworker", "manager"},
    "redress.mediate": {"caseworker", "manager", "assigned mediator"},
    "redress.family_step": {"caseworker", "manager", "parent"},
}


@pytest.mark.parametrize("codename", sorted(RULES))
def test_rules_on_a_mediation_case(world, codename):
    allowed = {
        who
        for who, user in world["people"].items()
        if permissions.can(user, codename, world["mediation"])
    }
    assert allowed == RULES[codename]


def test_a_mediator_who_loses_the_role_loses_the_case(world):
    med = world["people"]["assigned mediator"]
    med.role_assignments.update(is_active=False)
    med = type(med).objects.get(pk=med.pk)
    assert not permissions.can(med, "redress.mediate", world["mediation"])


def test_complaints_rule_follows_the_council(world):
    people = world["people"]
    allowed = {
        who
        for who, user in people.items()
        if permissions.can(user, "redress.manage_complaints", world["complaint"])
    }
    assert allowed == {"caseworker", "manager"}
    assert permissions.can(people["caseworker"], "redress.manage_complaints", la("881"))
    assert not permissions.can(people["caseworker"], "redress.manage_complaints", la("883"))
    assert permissions.can(people["other council caseworker"], "redress.manage_complaints")
    assert not permissions.can(people["parent"], "redress.manage_complaints")


def _read_appeal_list(user) -> int:
    rows = list(selectors.appeal_list(user))
    for appeal in rows:
        assert appeal.status_label
        assert all(o.get_order_type_display() for o in appeal.orders.all())
        assert appeal.case.child.full_name
        assert appeal.registered_late is False
    return len(rows)


def test_the_appeal_list_reads_in_a_fixed_number_of_queries(world, django_assert_num_queries):
    """The person's roles and councils (one query), the appeals, their orders and their steps:
    4 queries however many appeals there are."""
    user = world["people"]["caseworker"]
    fresh_user = type(user).objects.get(pk=user.pk)
    with django_assert_num_queries(exactly("redress.appeal_list")):
        assert _read_appeal_list(fresh_user) == 1
    more = final_plan()
    appeals.register_appeal(
        actor=more.worker,
        decision_id=more.decision.pk,
        registered_on=date(2026, 11, 18),
        matters=[Matter.SECTION_I],
    )
    fresh_user = type(user).objects.get(pk=user.pk)
    with django_assert_num_queries(exactly("redress.appeal_list")):
        assert _read_appeal_list(fresh_user) == 2
