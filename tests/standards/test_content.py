"""The illustrative content: usable, honest, and loaded idempotently."""

import io

import pytest
from django.core.management import call_command

from standards import content
from standards.diff import compare
from standards.models import AreaOfNeed, CatalogueVersion, Setting, Tier

pytestmark = pytest.mark.django_db


def test_illustrative_version_1_is_published_and_version_2_is_in_development():
    first, second = content.install()
    assert first.status == CatalogueVersion.Status.PUBLISHED
    assert second.status == CatalogueVersion.Status.IN_DEVELOPMENT
    assert first.is_illustrative and second.is_illustrative
    assert first.entries.count() >= 12


def test_illustrative_standards_cover_all_four_areas_of_need_every_tier_and_setting():
    first, _ = content.install()
    entries = list(first.entries.all())
    assert {e.area_of_need for e in entries} == set(AreaOfNeed)
    assert {e.tier for e in entries} == set(Tier)
    assert {s for e in entries for s in e.settings} == set(Setting)
    for entry in entries:
        assert entry.code_of_practice, f"{entry.code} has no Code of Practice reference"
        assert entry.responsible and entry.ordinarily_available and entry.identification


def test_version_2_shows_visible_differences_from_version_1():
    first, second = content.install()
    changes = {c.code: c for c in compare(first, second)}
    assert changes["SE-4"].kind == "added"
    assert changes["CI-1"].kind == "changed"
    assert [f.label for f in changes["CI-1"].changes] == ["How needs are identified"]


def test_loading_twice_changes_nothing():
    content.install()
    counts = [v.entries.count() for v in CatalogueVersion.objects.order_by("number")]
    out = io.StringIO()
    call_command("load_illustrative_standards", stdout=out)
    assert [v.entries.count() for v in CatalogueVersion.objects.order_by("number")] == counts
    assert "version 1 (published" in out.getvalue()
