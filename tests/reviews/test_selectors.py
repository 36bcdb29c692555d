"""The council's own selectors (``ehcp.reviews.selectors.*_for_staff``): the rows its
caseworkers and SEND managers act on are those of the cases their council is responsible for
*now* (ROLES.md; a plan moved under SEND Regulations 2014 reg 15 takes its rows to the new
council), and nobody else's, so every council step page is a 404 outside them by construction."""

from __future__ import annotations

from datetime import date

import pytest

from ehcp.reviews import selectors, services
from ehcp.reviews.models import Cessation, Reassessment
from send_portal.models import Role, RoleAssignment, User
from tests.factories import la, person_with_role
from tests.reviews.helpers import world

pytestmark = pytest.mark.django_db

STAFF_SELECTORS = [
    selectors.cases_for_staff,
    selectors.phase_transfers_for_staff,
    selectors.reassessments_for_staff,
    selectors.cessations_for_staff,
]


def _rows_of_every_kind(w):
    """A re-assessment request, a proposal to cease and a post-16 move on the world's case."""
    services.request_reassessment(
        actor=w.worker,
        case_id=w.case.pk,
        requested_by=Reassessment.RequestedBy.FAMILY,
        requested_on=date(2026, 11, 2),
        reasons="Needs have changed since the plan.",
    )
    services.propose_to_cease(
        actor=w.worker,
        case_id=w.case.pk,
        ground=Cessation.Ground.NOT_NECESSARY,
        explanation="Needs are now met by the school's own provision.",
        consulted_on=date(2026, 11, 2),
    )
    services.record_post16_move(
        actor=w.worker, case_id=w.case.pk, transfer_date=date(2027, 9, 1), to_phase="College"
    )


def test_council_staff_see_their_councils_rows_and_nobody_else_does():
    w = world()
    _rows_of_every_kind(w)
    manager = person_with_role(Role.SEND_MANAGER, w.case.local_authority)
    for staff in (w.worker, manager):
        assert selectors.works_for_a_council(staff)
        assert list(selectors.councils_for_staff(staff)) == [w.case.local_authority]
        for selector in STAFF_SELECTORS:
            assert selector(staff).count() == 1, selector.__name__
    other_council = person_with_role(Role.CASEWORKER, la("883"))
    for outsider in (w.parent, w.senco, other_council):
        for selector in STAFF_SELECTORS:
            assert not selector(outsider).exists(), selector.__name__
    assert not selectors.works_for_a_council(w.parent)
    assert not selectors.councils_for_staff(w.senco).exists()


def test_an_ended_role_and_a_deactivated_council_grant_nothing():
    w = world()
    _rows_of_every_kind(w)
    RoleAssignment.objects.filter(user=w.worker).update(is_active=False)
    manager = person_with_role(Role.SEND_MANAGER, w.case.local_authority)
    w.case.local_authority.is_active = False
    w.case.local_authority.save(update_fields=["is_active"])
    # As the next request sees them: a person's roles are read once per user object (one
    # request), so the objects that made the rows above are loaded again.
    for person in User.objects.filter(pk__in=[w.worker.pk, manager.pk]):
        assert not selectors.works_for_a_council(person)
        for selector in STAFF_SELECTORS:
            assert not selector(person).exists(), selector.__name__


def test_a_moved_plan_goes_with_its_rows_to_the_new_council():
    """SEND Regulations 2014 reg 15: the new council maintains the plan; the old one loses it."""
    w = world()
    _rows_of_every_kind(w)
    new_council = la("883")
    transfer = services.transfer_plan(
        actor=w.worker,
        case_id=w.case.pk,
        to_authority=new_council,
        moved_on=date(2026, 11, 2),
        old_council_aware_on=date(2026, 11, 3),
        transferred_on=date(2026, 11, 4),
    )
    newcomer = person_with_role(Role.SEND_MANAGER, new_council)
    assert list(selectors.plan_transfers_for_staff(newcomer)) == [transfer]
    assert not selectors.plan_transfers_for_staff(w.worker).exists()
    for selector in STAFF_SELECTORS:
        assert not selector(w.worker).exists(), selector.__name__
        assert selector(newcomer).count() == 1, selector.__name__
