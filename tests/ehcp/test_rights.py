"""Families' rights in plain English first, the law after, an easy-read version, and a reading
level check of the pages families read (issue 20).

Thresholds (textstat, see ``tests/readability.py``), and why:

- each right: Flesch reading ease at least 60 (Flesch's "plain English", 60 to 70) and
  Flesch-Kincaid grade at most 8 (age 13 to 14): a right about mediation or the Tribunal has
  words a parent must learn, such as "mediation" and "Tribunal", but the sentences stay short;
- the rights page as a whole: reading ease at least 75 and grade at most 6 (age 11 to 12);
- the easy-read page: reading ease at least 90 ("very easy", understood by an average
  11-year-old) and grade at most 3, with no sentence longer than 12 words (easy read: one idea
  per short sentence);
- the other pages a parent reads: reading ease at least 60 and grade at most 8. GOV.UK asks
  for a reading age of 9 (grade 4) where it can; these pages also carry dates, names and the
  names of plan sections, so the bar is plain English rather than easy.

Citations of the law (``.app-law``) and tables of dates are not prose and are left out of the
score: the law is quoted in its own words on purpose, after the plain words.
"""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from ehcp import selectors
from ehcp.reviews.models import Review
from ehcp.rights import RIGHTS
from tests.readability import flesch_kincaid_grade, flesch_reading_ease, prose
from tests.reviews.helpers import TODAY, review_at, world

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _today(monkeypatch):
    monkeypatch.setattr(selectors, "today", lambda: TODAY)


def _plain(right) -> str:
    return f"{right.title}. {right.what} {right.when} {right.how}"


@pytest.mark.parametrize("right", RIGHTS, ids=lambda r: r.key)
def test_each_right_reads_as_plain_english(right):
    text = _plain(right)
    assert flesch_reading_ease(text) >= 60, (right.key, flesch_reading_ease(text))
    assert flesch_kincaid_grade(text) <= 8, (right.key, flesch_kincaid_grade(text))


def test_every_right_says_what_by_when_how_and_who_can_help_then_cites_the_law(client):
    body = client.get(reverse("rights")).content.decode()
    for right in RIGHTS:
        section = re.search(rf'id="right-{right.key}".*?</section>', body, re.S).group(0)
        order = [
            section.index(right.what.split(".")[0]),
            section.index("By when:"),
            section.index("How:"),
            section.index("Who can help:"),
            section.index('class="govuk-body-s app-law">The law:'),
        ]
        assert order == sorted(order), right.key
        assert "SENDIASS" in section
    assert "IPSEA" in body
    assert f'href="{reverse("rights-easy-read")}"' in body


def test_the_rights_page_reads_easily_and_the_law_alone_would_not():
    from django.test import Client

    text = prose(Client().get(reverse("rights")).content.decode())
    assert flesch_reading_ease(text) >= 75 and flesch_kincaid_grade(text) <= 6
    law = " ".join(right.law for right in RIGHTS)
    assert flesch_reading_ease(law) < 30  # why the plain words come first


def test_the_easy_read_version_is_very_easy_with_short_sentences(client):
    text = prose(client.get(reverse("rights-easy-read")).content.decode())
    assert flesch_reading_ease(text) >= 90 and flesch_kincaid_grade(text) <= 3
    for right in RIGHTS:
        for sentence in right.easy:
            assert len(sentence.split()) <= 12, sentence


def _family_pages(w, review):
    ref = w.case.reference
    return [
        reverse("home"),
        reverse("family-cases"),
        reverse("family-case", args=[ref]),
        reverse("family-reviews"),
        reverse("family-review", args=[review.pk]),
        reverse("redress-family-home"),
        reverse("redress-family", args=[ref]),
        reverse("help"),
        reverse("rights"),
    ]


def test_the_pages_a_parent_reads_are_in_plain_english(client):
    w = world()
    review = review_at(w, Review.Stage.HELD)
    client.force_login(w.parent)
    for address in _family_pages(w, review):
        response = client.get(address)
        assert response.status_code == 200, address
        text = prose(response.content.decode())
        assert len(text.split()) > 20, address
        ease, grade = flesch_reading_ease(text), flesch_kincaid_grade(text)
        assert ease >= 60 and grade <= 8, (address, round(ease, 1), round(grade, 1))


def test_families_are_not_shown_dates_that_do_not_apply_to_them(client):
    w = world()
    client.force_login(w.parent)
    family = client.get(reverse("family-case", args=[w.case.reference])).content.decode()
    assert "Does not apply" not in family
    client.force_login(w.worker)
    staff = client.get(reverse("case-detail", args=[w.case.reference])).content.decode()
    assert "Does not apply" in staff  # the no-plan notice date of an issued plan


def test_the_rights_pages_are_public_and_name_the_young_persons_own_rights(client):
    for name in ("rights", "rights-easy-read"):
        assert client.get(reverse(name)).status_code == 200
    assert "aged 16 to 25" in client.get(reverse("rights")).content.decode()
