"""Similar councils are the DfE's statistical neighbours (shared/data/statistical-neighbours),
not the councils with the nearest number of plans."""

import pytest

from dashboards import neighbours, selectors
from send_portal.models import Organisation

pytestmark = pytest.mark.django_db


def test_every_council_in_the_file_has_ten_neighbours_nearest_first_each_once():
    names = neighbours.neighbour_names()
    assert len(names) == 153
    assert names["Essex"][:3] == ("Kent", "West Sussex", "Gloucestershire")
    for council, listed in names.items():
        assert council not in listed
        assert len(listed) == len(set(listed)) and 8 <= len(listed) <= 10, council


def test_the_files_spellings_are_mapped_to_the_councils_names():
    names = neighbours.neighbour_names()
    assert "Bedford" in names and "Bedford Borough" not in names
    assert "County Durham" in names and "Herefordshire, County of" in names
    assert "Kingston upon Hull, City of" in names
    councils = set(Organisation.objects.filter(kind="la").values_list("name", flat=True))
    listed = {n for row in names.values() for n in row} | set(names)
    assert listed <= councils, listed - councils


def test_a_councils_dashboard_compares_it_with_its_statistical_neighbours():
    essex = Organisation.objects.get(kind="la", la_code="881")
    area = selectors.council_area(essex, 2025)
    similar = list(Organisation.objects.filter(pk__in=area.similar_la_ids))
    expected = neighbours.neighbour_names()["Essex"]
    assert {c.name for c in similar} == set(expected)
    by_pk = {c.pk: c.name for c in similar}
    assert [by_pk[pk] for pk in area.similar_la_ids] == list(expected)
