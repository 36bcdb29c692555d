"""The review reminder sources join the one deadline sweep: the council's next date on each
open review, the school's report while it is due, and the family's appeal deadlines."""

from __future__ import annotations

from datetime import date

import pytest

from ehcp.reviews import services
from ehcp.reviews.models import Outcome, Review
from send_portal import reminders
from tests.reviews.helpers import review_at, world

pytestmark = pytest.mark.django_db


def test_review_sources_are_registered():
    assert {"reviews.next_due", "reviews.family_dates"} <= set(reminders.sources())


def test_the_report_due_reminds_the_caseworker_and_the_senco():
    w = world()
    review = review_at(w, Review.Stage.HELD)
    items = list(reminders.sources()["reviews.next_due"](date(2026, 10, 20), date(2026, 10, 30)))
    assert {i.key for i in items} == {
        f"reviews.review:{review.pk}:review_report_due",
        f"reviews.report:{review.pk}",
    }
    by_key = {i.key: i for i in items}
    assert by_key[f"reviews.report:{review.pk}"].recipients == (w.senco,)
    assert by_key[f"reviews.review:{review.pk}:review_report_due"].recipients == (w.worker,)
    assert all(i.due == date(2026, 10, 29) and "reg 20" in i.basis for i in items)


def test_nothing_is_due_before_the_window():
    w = world()
    review_at(w, Review.Stage.HELD)
    assert (
        list(reminders.sources()["reviews.next_due"](date(2026, 10, 1), date(2026, 10, 10))) == []
    )


def test_the_family_is_reminded_of_the_appeal_deadline_after_a_review():
    w = world()
    review = review_at(w, Review.Stage.REPORTED)
    decision = services.decide_after_review(
        actor=w.worker,
        review_id=review.pk,
        outcome=Outcome.MAINTAIN,
        decided_on=date(2026, 11, 11),
        notice_sent_on=date(2026, 11, 11),
        reasons="Still right.",
    )
    items = list(reminders.sources()["reviews.family_dates"](date(2027, 1, 1), date(2027, 1, 15)))
    assert [(i.key, i.due, i.recipients) for i in items] == [
        (f"reviews.decision:{decision.pk}:appeal_deadline", date(2027, 1, 11), (w.parent,))
    ]


def test_the_sweep_sends_each_review_reminder_once():
    w = world()
    review_at(w, Review.Stage.HELD)
    first = reminders.sweep(date(2026, 10, 29), digest=False, only=["reviews.next_due"])
    again = reminders.sweep(date(2026, 10, 29), digest=False, only=["reviews.next_due"])
    assert first >= 2 and again == 0
