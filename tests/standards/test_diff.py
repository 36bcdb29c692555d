import pytest

from standards.diff import compare, word_segments
from tests.standards.factories import catalogue_version

pytestmark = pytest.mark.django_db


def test_word_differences_mark_what_was_removed_and_added():
    segments = word_segments("Visual timetables and routines", "Visual timetables and quiet spaces")
    assert [(s.kind, s.text) for s in segments] == [
        ("equal", "Visual timetables and"),
        ("removed", "routines"),
        ("added", "quiet spaces"),
    ]


def test_versions_are_compared_standard_by_standard_and_field_by_field():
    first = catalogue_version(
        number=1, standards={"CI-1": {}, "CI-2": {}, "CI-3": {"tier": "sen_support"}}
    )
    second = catalogue_version(
        number=2,
        standards={
            "CI-1": {},
            "CI-3": {"tier": "specialist", "settings": ["school", "health"]},
            "CI-4": {},
        },
    )
    changes = {c.code: c for c in compare(first, second)}
    assert set(changes) == {"CI-2", "CI-3", "CI-4"}, "unchanged CI-1 is not listed"
    assert changes["CI-2"].kind == "removed"
    assert changes["CI-4"].kind == "added"
    fields = {f.label: (f.before, f.after) for f in changes["CI-3"].changes}
    assert fields == {
        "Tier": ("SEN Support", "Specialist (EHC plan)"),
        "Phases and settings": ("School", "School, Health"),
    }
