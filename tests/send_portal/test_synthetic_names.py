"""Synthetic children get realistic names (not "Pupil00037 Cohort2027"), the same every time."""

from __future__ import annotations

from send_portal.synthetic_names import synthetic_name


def test_names_are_made_of_letters_and_the_same_every_time():
    names = [synthetic_name(i, seed=2027) for i in range(500)]
    assert names == [synthetic_name(i, seed=2027) for i in range(500)]
    for first, last in names:
        assert first.isalpha() and last.isalpha() and first[0].isupper() and last[0].isupper()


def test_neighbours_differ_and_pairs_repeat_only_after_8010_children():
    assert all(
        synthetic_name(i)[0] != synthetic_name(i + 1)[0]
        and synthetic_name(i)[1] != synthetic_name(i + 1)[1]
        for i in range(1000)
    )
    assert len({synthetic_name(i) for i in range(8010)}) == 8010
