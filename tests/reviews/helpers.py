"""Helpers for the review tests: cases with an issued plan (driven through the ehcp workflow
services), the people around them, and reviews taken to a stage through the review services."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from ehcp.models import Case, Stage
from ehcp.reviews import services
from ehcp.reviews.models import Outcome, Review
from send_portal.models import Organisation, Role, User
from tests.ehcp.factories import ChildFactory, case_at, parent_of
from tests.factories import SettingFactory, la, person_with_role

#: "Today" for these tests (``ehcp.selectors.today`` is pinned to it): a Sunday.
TODAY = date(2026, 11, 22)
#: Day 0 of a request whose final plan was issued on Monday 15 December 2025 (day 105), so the
#: first annual review must be finished by Monday 14 December 2026.
RECEIVED = date(2025, 9, 1)
ISSUED = date(2025, 12, 15)
#: The review of the default world: invitations 1 October, meeting 15 October 2026.
INVITED = date(2026, 10, 1)
MEETING = date(2026, 10, 15)


@dataclass
class World:
    case: Case
    worker: User
    parent: User
    setting: Organisation
    senco: User


def world(*, la_code: str = "881", child=None, received_on: date = RECEIVED) -> World:
    council = la(la_code)
    setting = SettingFactory(local_authority=council, region=council.region)
    child = child or ChildFactory(local_authority=council, current_setting=setting)
    parent = parent_of(child)
    case = case_at(Stage.FINAL_ISSUED, child=child, received_on=received_on, setting=setting)
    senco = person_with_role(Role.SENCO, setting)
    return World(case=case, worker=case.caseworker, parent=parent, setting=setting, senco=senco)


def review_at(w: World, stage: str, **kwargs) -> Review:
    """The world's review taken to ``stage`` through the services, on the default dates."""
    review = services.schedule_review(actor=w.worker, case_id=w.case.pk, **kwargs)
    if stage == Review.Stage.DUE:
        return _fresh(review)
    services.arrange_meeting(
        actor=w.senco, review_id=review.pk, meeting_on=MEETING, invitations_sent_on=INVITED
    )
    services.record_advice_circulated(actor=w.senco, review_id=review.pk, circulated_on=INVITED)
    if stage == Review.Stage.ARRANGED:
        return _fresh(review)
    services.record_meeting_held(actor=w.senco, review_id=review.pk, held_on=MEETING)
    if stage == Review.Stage.HELD:
        return _fresh(review)
    services.submit_report(
        actor=w.senco,
        review_id=review.pk,
        sent_on=date(2026, 10, 26),
        progress="Follows two-step instructions; reading improving.",
        recommendation=Outcome.AMEND,
        changes="Add literacy support to section F.",
    )
    return _fresh(review)


def _fresh(review: Review) -> Review:
    return Review.objects.select_related("case", "plan", "proposed_plan", "phase_transfer").get(
        pk=review.pk
    )
