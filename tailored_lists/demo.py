"""Demo data for tailored lists: the real settings directory, and a list sent to Alex Taylor's
parent (Essex is a pilot area whose local inclusion plan the Regions Group signed off in the
partnerships demo).

The 2017 GIAS extract in shared/data/schools has no SEN provision or capacity columns, so the demo
gives the special schools and units in the three demo councils *illustrative* needs, provision and
places (derived from their names where the name says, e.g. "Unit for Hearing Impaired Pupils";
otherwise a fixed pattern by URN). They are demo values, not facts about those schools.
"""

from __future__ import annotations

from datetime import date

from ehcp.models import Case, Child
from ehcp.selectors import today
from send_portal.models import Organisation

from . import directory, services
from .models import SettingProfile

PATTERNS = (
    (["ASD", "SLCN"], ["salt", "sensory", "small_classes"]),
    (["SLD", "PMLD", "PD"], ["physio", "ot", "nursing", "hydrotherapy"]),
    (["MLD", "SPLD", "SLCN"], ["small_classes", "salt"]),
    (["SEMH"], ["small_classes", "sensory"]),
    (["ASD", "SEMH"], ["small_classes", "sensory", "salt"]),
)
NAME_NEEDS = (
    ("hearing", ["HI"], ["signing"]),
    ("deaf", ["HI"], ["signing"]),
    ("autis", ["ASD"], ["sensory", "salt"]),
    ("visual", ["VI"], []),
    ("language", ["SLCN"], ["salt"]),
)


def _illustrate(profile: SettingProfile) -> None:
    name = profile.setting.name.lower()
    for word, needs, provision in NAME_NEEDS:
        if word in name:
            profile.needs, profile.provision = needs, provision
            profile.sen_unit = profile.sen_unit or not profile.is_specialist
            break
    else:
        if not profile.is_specialist:
            return
        needs, provision = PATTERNS[int(profile.setting.urn) % len(PATTERNS)]
        profile.needs, profile.provision = list(needs), list(provision)
    number = int(profile.setting.urn)
    profile.places = profile.places or 60 + number % 140
    profile.vacancies = number % 6
    profile.vacancies_on = date(today().year, 1, 16)
    profile.save()


def build(ctx) -> None:
    if not SettingProfile.objects.exists():
        directory.import_shared_schools()
    demo_las = [ctx.las[code] for code in ctx.las]
    for profile in SettingProfile.objects.filter(
        setting__local_authority__in=demo_las
    ).select_related("setting"):
        if not profile.needs:
            _illustrate(profile)

    parent = ctx.people.get("parent")
    worker = ctx.people["caseworker"]
    child = (
        Child.objects.filter(relationships__user=parent, first_name="Alex").first()
        if parent
        else None
    )
    case = Case.objects.filter(child=child).first() if child else None
    if case is None or parent is None or case.tailored_lists.exists():
        return
    allowed, _ = services.selectors.area_status(case.local_authority)
    if not allowed:
        return
    tailored = services.build_list(actor=worker, case_id=case.pk, on=today())
    special_far = (
        Organisation.objects.filter(
            kind=Organisation.Kind.SETTING,
            local_authority=ctx.las["883"],
            directory_profile__is_specialist=True,
        )
        .order_by("urn")
        .first()
    )
    if special_far is not None and not tailored.entries.filter(setting=special_far).exists():
        services.add_setting(
            actor=worker,
            list_id=tailored.pk,
            setting=special_far,
            reason="The family visited this school and asked for it to be considered.",
        )
    services.send_list(actor=worker, list_id=tailored.pk, sent_on=today())
