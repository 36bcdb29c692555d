"""The family's preferences, the s39 consultation they start, and the pilot evaluation."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied

from ehcp.errors import DomainError, InvalidTransition
from ehcp.models import Decision, SettingRequest
from ehcp.redress.models import TribunalAppeal
from ehcp.selectors import today
from ehcp.services import workflow
from send_portal.models import Notification, Role
from tailored_lists import selectors, services
from tests.ehcp.factories import parent_of
from tests.factories import person_with_role
from tests.tailored_lists.helpers import (
    GLENWOOD,
    THRIFTWOOD,
    child_case,
    import_real,
    pilot_area,
    set_profile,
    setting,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def sent():
    """A list sent to the parent of a child whose draft plan has been served."""
    import_real()
    pilot_area("881")
    set_profile(THRIFTWOOD, needs=["ASD"], provision=["salt"], vacancies=3)
    case = child_case(served=True)
    parent = parent_of(case.child)
    tailored = services.build_list(actor=case.caseworker, case_id=case.pk, on=today())
    services.send_list(actor=case.caseworker, list_id=tailored.pk, sent_on=today())
    tailored.refresh_from_db()
    return case, parent, tailored


def _on_list(tailored, n):
    return tailored.entries.order_by("position")[n].setting


def test_a_family_ranks_two_from_the_list_and_names_one_off_the_list(sent):
    case, parent, tailored = sent
    first = services.add_preference(
        actor=parent, list_id=tailored.pk, setting=_on_list(tailored, 1)
    )
    second = services.add_preference(
        actor=parent, list_id=tailored.pk, setting=_on_list(tailored, 0)
    )
    off = services.add_preference(actor=parent, list_id=tailored.pk, setting=setting(GLENWOOD))
    named = services.add_preference(
        actor=parent, list_id=tailored.pk, setting_name="Hillside Academy, Bristol"
    )
    assert [p.rank for p in (first, second, off, named)] == [1, 2, 3, 4]
    assert (first.on_list, second.on_list, off.on_list, named.on_list) == (
        True,
        True,
        False,
        False,
    )
    services.move_preference_up(actor=parent, preference_id=second.pk)
    services.remove_preference(actor=parent, preference_id=named.pk)
    order = [p.display_name for p in selectors.preferences_of(tailored)]
    assert order == [second.display_name, first.display_name, "Glenwood School"]

    requests = services.send_preferences(actor=parent, list_id=tailored.pk, on=today())
    assert [r.display_name for r in requests] == order
    assert [r.preference_rank for r in requests] == [1, 2, 3]
    assert all(r.requested_by_family and r.status == "requested" for r in requests)
    tailored.refresh_from_db()
    assert tailored.preferences_sent_on == today()
    note = Notification.objects.get(recipient=case.caseworker, subject__contains="preferences")
    assert "Glenwood School" in note.what_happened and note.legal_basis
    with pytest.raises(InvalidTransition, match="You sent your preferences"):
        services.add_preference(actor=parent, list_id=tailored.pk, setting_name="Another")


def test_any_setting_may_be_named_and_duplicates_are_refused(sent):
    case, parent, tailored = sent
    with pytest.raises(DomainError, match="Enter the name"):
        services.add_preference(actor=parent, list_id=tailored.pk, setting_name="  ")
    services.add_preference(actor=parent, list_id=tailored.pk, setting=setting(GLENWOOD))
    with pytest.raises(DomainError, match="already in your preferences"):
        services.add_preference(actor=parent, list_id=tailored.pk, setting=setting(GLENWOOD))


def test_preferences_wait_for_the_draft_plan():
    import_real()
    pilot_area("881")
    case = child_case(served=False)
    parent = parent_of(case.child)
    tailored = services.build_list(actor=case.caseworker, case_id=case.pk, on=today())
    services.send_list(actor=case.caseworker, list_id=tailored.pk, sent_on=today())
    services.add_preference(actor=parent, list_id=tailored.pk, setting=_on_list(tailored, 0))
    with pytest.raises(InvalidTransition, match="draft EHC plan"):
        services.send_preferences(actor=parent, list_id=tailored.pk, on=today())
    assert not SettingRequest.objects.exists()


def test_only_the_family_chooses_and_only_from_a_sent_list(sent):
    case, parent, tailored = sent
    other_parent = person_with_role(Role.PARENT)
    for person in (other_parent, case.caseworker):
        with pytest.raises(PermissionDenied):
            services.add_preference(actor=person, list_id=tailored.pk, setting_name="X")
    draft = services.build_list(actor=case.caseworker, case_id=case.pk, on=today())
    with pytest.raises(InvalidTransition, match="has not been sent"):
        services.add_preference(actor=parent, list_id=draft.pk, setting_name="X")


def _consult_and_decide(case, request, *, name_it, ground="", reasons=""):
    workflow.consult_setting(
        actor=case.caseworker, setting_request_id=request.pk, consulted_on=today()
    )
    request.refresh_from_db()
    workflow.record_setting_response(
        actor=case.caseworker,
        setting_request_id=request.pk,
        response="can_meet" if name_it else "cannot_meet",
        responded_on=today(),
    )
    return workflow.decide_placement(
        actor=case.caseworker,
        setting_request_id=request.pk,
        name_it=name_it,
        decided_on=today(),
        refusal_ground=ground,
        reasons=reasons,
    )


def test_consultation_due_dates_decisions_letter_and_evaluation(
    sent, django_capture_on_commit_callbacks
):
    case, parent, tailored = sent
    services.add_preference(actor=parent, list_id=tailored.pk, setting=setting(GLENWOOD))
    services.add_preference(actor=parent, list_id=tailored.pk, setting=_on_list(tailored, 0))
    first, second = services.send_preferences(actor=parent, list_id=tailored.pk, on=today())

    assert selectors.pilot_outcomes() == {
        "lists": 1,
        "first_preference_met": 0,
        "chose_off_list": 1,
        "appealed": 0,
    }
    with pytest.raises(InvalidTransition, match="Decide about naming each preference"):
        services.send_decisions_letter(actor=case.caseworker, list_id=tailored.pk, sent_on=today())
    with pytest.raises(DomainError, match="legal ground"):
        _consult_and_decide(case, first, name_it=False)
    first.refresh_from_db()
    assert first.response_due_on is not None, "reply due date from ehcp.deadlines"
    workflow.decide_placement(
        actor=case.caseworker,
        setting_request_id=first.pk,
        name_it=False,
        decided_on=today(),
        refusal_ground=SettingRequest.RefusalGround.UNSUITABLE,
        reasons="It is set up for profound and multiple learning difficulties only.",
    )
    _consult_and_decide(case, second, name_it=True)
    with django_capture_on_commit_callbacks(execute=True):
        document = services.send_decisions_letter(
            actor=case.caseworker, list_id=tailored.pk, sent_on=today()
        )
    decisions = document.context["decisions"]
    assert decisions[0]["named"] is False
    assert "s39(4)(a)" in decisions[0]["ground"]
    assert decisions[1]["named"] is True
    document.refresh_from_db()
    assert document.status == "ready"

    outcome = selectors.list_outcomes()[0]
    assert outcome.first_preference == "Glenwood School"
    assert outcome.first_preference_met is False and outcome.chose_off_list
    decision = Decision.objects.create(
        case=case, kind=Decision.Kind.FINAL_PLAN, decided_on=today(), notice_sent_on=today()
    )
    TribunalAppeal.objects.create(
        case=case, decision=decision, registered_on=today(), matters=["I"]
    )
    assert selectors.pilot_outcomes() == {
        "lists": 1,
        "first_preference_met": 0,
        "chose_off_list": 1,
        "appealed": 1,
    }
    assert selectors.pilot_outcomes(local_authorities=[case.local_authority])["lists"] == 1
    from tests.factories import la

    assert selectors.pilot_outcomes(local_authorities=[la("883")])["lists"] == 0


def test_small_numbers_are_suppressed():
    assert [selectors.suppress(n) for n in (0, 1, 4, 5, 12)] == [0, "c", "c", 5, 12]
