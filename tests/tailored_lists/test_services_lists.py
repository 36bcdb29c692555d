"""Building, changing and sending a child's tailored list; the area switch."""

from __future__ import annotations

from datetime import date

import pytest

from ehcp.errors import DomainError, InvalidTransition
from ehcp.models import CaseEvent
from ehcp.selectors import today
from send_portal.models import GeneratedDocument, Notification
from tailored_lists import services
from tailored_lists.models import Category, TailoredList
from tests.ehcp.factories import caseworker, parent_of
from tests.tailored_lists.helpers import (
    GLENWOOD,
    GROVE_HOUSE,
    THRIFTWOOD,
    child_case,
    import_real,
    pilot_area,
    set_profile,
    setting,
)

pytestmark = pytest.mark.django_db
NEXT_YEAR = date(2027, 9, 1)  # the child (born May 2016) is 11 then: secondary
THIS_YEAR = date(2026, 9, 1)  # 10: primary


@pytest.fixture
def world():
    import_real()
    pilot_area("881")
    return child_case(served=True)


def build(case, starts=NEXT_YEAR):
    return services.build_list(
        actor=case.caseworker, case_id=case.pk, on=today(), school_year_starts=starts
    )


def names(tailored):
    return [e.setting.name for e in tailored.entries.select_related("setting")]


def test_a_special_school_set_up_for_the_childs_needs_is_on_the_list_with_its_reasons(world):
    set_profile(THRIFTWOOD, needs=["ASD"], provision=["salt"], vacancies=3)
    tailored = build(world)
    entry = tailored.entries.get(setting__urn=THRIFTWOOD)
    assert entry.position == 1, "best suited first"
    assert entry.category == Category.SPECIAL
    reasons = " ".join(entry.reasons)
    assert "autistic spectrum disorder, the primary need in the plan" in reasons
    assert "Section B: needs in communication and interaction" in reasons
    assert "Finds it hard to follow spoken instructions." in reasons
    assert "Section F asks for" in reasons and "speech and language therapy on site" in reasons
    assert "3 places free" in reasons
    assert entry.distance_km is not None and entry.distance_km < 10
    assert tailored.needs_summary["areas"].keys() == {"communication", "semh"}
    assert tailored.plan_version == world.plans.order_by("-version").first().version


def test_a_special_school_for_other_needs_is_not_on_the_list(world):
    set_profile(GLENWOOD, needs=["PMLD"], vacancies=4)  # cognition and learning only
    set_profile(THRIFTWOOD, needs=[], vacancies=4)  # needs not recorded
    tailored = build(world)
    urns = set(tailored.entries.values_list("setting__urn", flat=True))
    assert GLENWOOD not in urns and THRIFTWOOD not in urns


def test_a_specialist_setting_with_no_places_is_left_off_and_unknown_places_are_said(world):
    set_profile(THRIFTWOOD, needs=["ASD"], vacancies=0)
    set_profile(GROVE_HOUSE, needs=["SEMH"], vacancies=None)
    tailored = build(world)
    urns = list(tailored.entries.values_list("setting__urn", flat=True))
    assert THRIFTWOOD not in urns
    grove = tailored.entries.get(setting__urn=GROVE_HOUSE)
    assert "Places free: not recorded. The council asks when it consults." in grove.reasons


def test_settings_are_for_the_childs_age_at_the_start_of_the_school_year(world):
    next_year = build(world, NEXT_YEAR)
    assert next_year.child_age == 11
    ages = [
        (e.setting.directory_profile.low_age, e.setting.directory_profile.high_age)
        for e in next_year.entries.select_related("setting__directory_profile")
    ]
    assert all(low <= 11 < high for low, high in ages), ages
    this_year = build(world, THIS_YEAR)
    assert this_year.child_age == 10
    assert this_year.pk == next_year.pk, "an unsent version is rebuilt in place"
    for entry in this_year.entries.select_related("setting__directory_profile"):
        profile = entry.setting.directory_profile
        assert profile.low_age <= 10 < profile.high_age
    assert any("Primary" in n for n in names(this_year))


def test_the_nearest_mainstream_schools_are_always_on_the_list_even_when_full(world):
    set_profile(THRIFTWOOD, needs=["ASD"], vacancies=2)
    first = build(world)
    mainstream = [e for e in first.entries.all() if e.category == Category.MAINSTREAM]
    assert len(mainstream) == 3
    for entry in mainstream:
        assert (
            "can ask for a mainstream place (Children and Families Act 2014 s33)"
            in (entry.reasons[0])
        )
        set_profile(entry.setting.urn, vacancies=0)
    again = build(world)
    assert {e.setting_id for e in again.entries.filter(category=Category.MAINSTREAM)} == {
        e.setting_id for e in mainstream
    }
    assert any("No places free" in r for e in again.entries.all() for r in e.reasons)


def test_mainstream_schools_are_the_nearest_ones_in_distance_order(world):
    tailored = build(world)
    distances = [e.distance_km for e in tailored.entries.filter(category=Category.MAINSTREAM)]
    assert distances == sorted(distances)
    assert distances[0] < 5


def test_between_equally_suited_settings_the_nearer_ranks_higher(world):
    set_profile(THRIFTWOOD, needs=["ASD"], provision=[], vacancies=2)  # 5 km from CM1
    set_profile(GROVE_HOUSE, needs=["ASD"], provision=[], vacancies=2)  # further
    tailored = build(world)
    thrift = tailored.entries.get(setting__urn=THRIFTWOOD)
    grove = tailored.entries.get(setting__urn=GROVE_HOUSE)
    assert thrift.distance_km < grove.distance_km
    assert thrift.position < grove.position


def test_a_caseworker_adds_a_setting_with_a_reason_and_it_is_kept_in_the_next_version(world):
    tailored = build(world)
    far = setting(GLENWOOD)
    with pytest.raises(DomainError, match="Enter why"):
        services.add_setting(actor=world.caseworker, list_id=tailored.pk, setting=far, reason=" ")
    entry = services.add_setting(
        actor=world.caseworker, list_id=tailored.pk, setting=far, reason="The family asked."
    )
    assert entry.added_by_caseworker
    assert entry.reasons[0] == "Added by the council: The family asked."
    with pytest.raises(DomainError, match="already on the list"):
        services.add_setting(actor=world.caseworker, list_id=tailored.pk, setting=far, reason="x")
    services.send_list(actor=world.caseworker, list_id=tailored.pk, sent_on=today())
    with pytest.raises(InvalidTransition, match="cannot change"):
        services.add_setting(
            actor=world.caseworker, list_id=tailored.pk, setting=setting(THRIFTWOOD), reason="x"
        )
    second = build(world)
    assert second.version == 2
    assert second.entries.get(setting=far).reasons[0] == "Added by the council: The family asked."
    tailored.refresh_from_db()
    assert tailored.is_sent and tailored.entries.filter(setting=far).exists()


def test_sending_makes_the_letter_tells_the_family_and_records_it(
    world, django_capture_on_commit_callbacks
):
    parent = parent_of(world.child)
    tailored = build(world)
    with django_capture_on_commit_callbacks(execute=True):
        services.send_list(actor=world.caseworker, list_id=tailored.pk, sent_on=today())
    tailored.refresh_from_db()
    assert tailored.sent_on == today()
    letter = tailored.letter
    assert letter.template_name == "tailored_lists/letter_pdf.html"
    assert letter.owner_type == "ehcp.case" and letter.owner_id == str(world.pk)
    assert letter.context["rights"]["title"] == "Your rights are not changed by this list"
    rights_text = " ".join(letter.context["rights"]["paragraphs"])
    assert "including one that is not on this list" in rights_text
    assert "mainstream school" in rights_text
    assert "Tribunal can name a school or college that is not on this list" in rights_text
    assert "SENDIASS" in rights_text
    letter.refresh_from_db()
    assert letter.status == GeneratedDocument.Status.READY
    assert world.events.filter(
        kind=CaseEvent.Kind.NOTE, title__startswith="Tailored list of settings sent"
    ).exists()
    note = Notification.objects.get(recipient=parent)
    assert "you can still ask for any school or college the law allows" in note.what_happened
    with pytest.raises(InvalidTransition, match="already been sent"):
        services.send_list(actor=world.caseworker, list_id=tailored.pk, sent_on=today())


def test_needs_in_section_b_are_required(world):
    world.plans.get().needs.all().delete()
    world.child.primary_need = ""
    world.child.save()
    with pytest.raises(InvalidTransition, match="section B"):
        build(world)


# ---- The area switch -----------------------------------------------------------------------------


def _case_in(la_code, **area):
    import_real()
    if area is not None:
        pilot_area(la_code, **area)
    return child_case()


def test_lists_are_off_where_the_council_is_not_a_pilot_area():
    case = _case_in("881", pilot=False)
    with pytest.raises(InvalidTransition, match="not a tailored lists pilot area"):
        build(case)
    assert not TailoredList.objects.exists()


def test_lists_are_off_until_the_regions_group_has_signed_off_the_local_inclusion_plan():
    case = _case_in("881", signed_off=False)
    with pytest.raises(InvalidTransition, match="signed off by the DfE Regions Group"):
        build(case)


def test_lists_are_on_in_a_pilot_area_with_a_signed_off_plan_and_the_sign_off_is_kept():
    case = _case_in("881")
    tailored = build(case)
    assert "signed off by" in tailored.area_sign_off
    assert "National Standards version" in tailored.area_sign_off


def test_only_the_councils_staff_can_build_a_list(world):
    from django.core.exceptions import PermissionDenied

    for person in (caseworker("883"), parent_of(world.child)):
        with pytest.raises(PermissionDenied):
            services.build_list(actor=person, case_id=world.pk, on=today())


def test_an_independent_special_school_off_the_s41_list_says_how_a_request_is_decided(world):
    woodcroft = "115425"  # Woodcroft School, independent special, ages 5 to 13
    set_profile(woodcroft, needs=["ASD"], vacancies=2, s41_approved=False)
    entry = build(world).entries.get(setting__urn=woodcroft)
    assert entry.category == Category.INDEPENDENT
    assert any("not on the section 41 list" in r for r in entry.reasons)
    set_profile(woodcroft, s41_approved=True)
    entry = build(world).entries.get(setting__urn=woodcroft)
    assert not any("section 41" in r for r in entry.reasons)
