"""The core's permission-free selectors (send_portal/selectors.py)."""

from __future__ import annotations

import pytest

from send_portal.models import Role
from send_portal.selectors import council_managers, send_manager_roles
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
