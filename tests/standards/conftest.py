import pytest

from send_portal.models import Role
from tests.factories import organisation_for_role, person_with_role


@pytest.fixture
def editor(db):
    return person_with_role(Role.DFE_ANALYST, organisation_for_role(Role.DFE_ANALYST))


@pytest.fixture
def board_member(db):
    return person_with_role(Role.BOARD_MEMBER, organisation_for_role(Role.BOARD_MEMBER))
