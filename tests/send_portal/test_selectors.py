"""The core's permission-free selectors (send_portal/selectors.py)."""

from __future__ import annotations

import pytest

from send_portal.models import Role
from send_portal.selectors import council_managers, people_in_role, send_manager_roles
from tests.factories import la, person_with_role

pytestmark = pytest.mark.django_db


def test_a_councils_send_managers_are_those_whose_role_is_in_force():
    """ROLES.md: an ended role, a deactivated account or a deactivated organisation grants
    nothing; a manager of another council or a caseworker is not one of them."""
    essex, thurrock = la("881"), la("883")
    current = person_with_role(Role.SEND_MANAGER, essex)
    ended = person_with_role(Role.SEND_MANAGER, essex)
    ended.role_assignments.update(is_active=False)
    person_with_role(Role.SEND_MANAGER, essex, is_active=False)
    person_with_role(Role.SEND_MANAGER, thurrock)
    person_with_role(Role.CASEWORKER, essex)
    assert council_managers(essex.pk) == [current]
    assert [r.user for r in send_manager_roles([essex.pk])] == [current]


def test_a_deactivated_council_has_no_send_managers():
    essex = la("881")
    person_with_role(Role.SEND_MANAGER, essex)
    essex.is_active = False
    essex.save(update_fields=["is_active"])
    assert council_managers(essex.pk) == []
    assert not send_manager_roles([essex.pk]).exists()


def test_the_people_a_case_can_be_allocated_to_hold_the_role_now():
    """ROLES.md: an ended role, a deactivated account or another council's role grants nothing,
    so none of them is offered as a caseworker (the allocation form's list, ehcp/forms.py)."""
    from ehcp.forms import AllocateForm, PanelMeetingForm

    essex, thurrock = la("881"), la("883")
    worker = person_with_role(Role.CASEWORKER, essex, first_name="Ada")
    manager = person_with_role(Role.SEND_MANAGER, essex, first_name="Bea")
    ended = person_with_role(Role.CASEWORKER, essex)
    ended.role_assignments.update(is_active=False)
    person_with_role(Role.CASEWORKER, essex, is_active=False)
    person_with_role(Role.CASEWORKER, thurrock)
    person_with_role(Role.PANEL_MEMBER, essex)
    assert list(people_in_role(essex.pk, [Role.CASEWORKER, Role.SEND_MANAGER])) == [
        worker,
        manager,
    ]
    assert list(AllocateForm(local_authority=essex).fields["caseworker"].queryset) == [
        worker,
        manager,
    ]
    member = person_with_role(Role.PANEL_MEMBER, thurrock)
    gone = person_with_role(Role.PANEL_MEMBER, thurrock)
    gone.role_assignments.update(is_active=False)
    assert list(PanelMeetingForm(local_authority=thurrock).fields["members"].queryset) == [member]


def test_nobody_is_offered_from_a_deactivated_council():
    essex = la("881")
    person_with_role(Role.CASEWORKER, essex)
    essex.is_active = False
    essex.save(update_fields=["is_active"])
    assert not people_in_role(essex.pk, [Role.CASEWORKER]).exists()
