"""Reads for tailored lists, scoped to who is asking, and the pilot evaluation.

Cases come through ``ehcp.selectors.cases_visible_to`` in the views, so another council's child or
someone else's child is a 404. Families see only the versions of a list sent to them.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q, QuerySet

from ehcp.models import Case, SettingRequest
from ehcp.redress.models import TribunalAppeal
from partnerships import selectors as partnership_selectors
from send_portal.models import Organisation, Role

from .models import ListEntry, Preference, SettingProfile, TailoredList

#: Figures from 1 to 4 are shown as "c" in anything published (DfE statistical disclosure rule).
SUPPRESSED = "c"


def area_status(local_authority: Organisation) -> tuple[bool, str]:
    """Whether the council may use tailored lists and why (pilot area + signed-off LIP)."""
    return partnership_selectors.tailored_lists_allowed(local_authority)


def sendiass_for(local_authority: Organisation) -> Organisation | None:
    return (
        Organisation.objects.filter(
            kind=Organisation.Kind.SENDIASS, local_authority=local_authority, is_active=True
        )
        .order_by("name")
        .first()
    )


def lists_for_staff(case: Case) -> QuerySet[TailoredList]:
    return case.tailored_lists.select_related("letter", "created_by", "sent_by").order_by(
        "-version"
    )


def lists_for_family(case: Case) -> QuerySet[TailoredList]:
    return case.tailored_lists.exclude(sent_on=None).select_related("letter").order_by("-version")


def entries_of(tailored_list: TailoredList) -> QuerySet[ListEntry]:
    return tailored_list.entries.select_related(
        "setting", "setting__directory_profile", "setting__local_authority"
    ).order_by("position")


def preferences_of(tailored_list: TailoredList) -> QuerySet[Preference]:
    return tailored_list.preferences.select_related("setting", "setting_request").order_by("rank")


def search_directory(query: str, *, limit: int = 20) -> list[Organisation]:
    """Settings whose name, URN or town matches, open ones first. Any setting in the directory
    may be found, not only those on a list."""
    query = " ".join(query.split())
    if len(query) < 2:
        return []
    qs = Organisation.objects.filter(kind=Organisation.Kind.SETTING)
    if query.isdigit():
        qs = qs.filter(Q(urn=query) | Q(ukprn=query))
    else:
        condition = Q()
        for word in query.split()[:5]:
            condition &= Q(name__icontains=word) | Q(directory_profile__town__iexact=word)
        qs = qs.filter(condition)
    return list(
        qs.select_related("local_authority", "directory_profile").order_by("-is_active", "name")[
            :limit
        ]
    )


def profile_of(setting: Organisation) -> SettingProfile | None:
    try:
        return setting.directory_profile
    except SettingProfile.DoesNotExist:
        return None


# ---- Pilot evaluation --------------------------------------------------------------------------


@dataclass
class ListOutcome:
    tailored_list: TailoredList
    preferences_sent: bool
    first_preference: str
    first_preference_met: bool | None
    chose_off_list: bool
    appealed: bool


def _latest_sent_lists(local_authorities=None) -> list[TailoredList]:
    qs = TailoredList.objects.exclude(sent_on=None).select_related(
        "case__child", "case__local_authority"
    )
    if local_authorities is not None:
        qs = qs.filter(case__local_authority__in=list(local_authorities))
    latest: dict[int, TailoredList] = {}
    for item in qs.order_by("case_id", "version"):
        latest[item.case_id] = item
    return list(latest.values())


def list_outcomes(local_authorities=None) -> list[ListOutcome]:
    """For each child's latest sent list: was the first preference met, did the family choose a
    setting not on the list, did an appeal follow (a Tribunal appeal registered after the list
    was sent)."""
    lists = _latest_sent_lists(local_authorities)
    ids = [item.pk for item in lists]
    prefs: dict[int, list[Preference]] = {}
    for pref in (
        Preference.objects.filter(tailored_list_id__in=ids)
        .select_related("setting", "setting_request")
        .order_by("rank")
    ):
        prefs.setdefault(pref.tailored_list_id, []).append(pref)
    appeals: dict[int, list] = {}
    for case_id, registered_on in TribunalAppeal.objects.filter(
        case_id__in=[item.case_id for item in lists]
    ).values_list("case_id", "registered_on"):
        appeals.setdefault(case_id, []).append(registered_on)
    outcomes = []
    for item in lists:
        mine = prefs.get(item.pk, [])
        sent = item.preferences_sent_on is not None
        first = mine[0] if mine and sent else None
        met = None
        if first is not None and first.setting_request is not None:
            status = first.setting_request.status
            if status == SettingRequest.Status.NAMED:
                met = True
            elif status == SettingRequest.Status.REFUSED:
                met = False
        outcomes.append(
            ListOutcome(
                tailored_list=item,
                preferences_sent=sent,
                first_preference=first.display_name if first else "",
                first_preference_met=met,
                chose_off_list=sent and any(not p.on_list for p in mine),
                appealed=any(d >= item.sent_on for d in appeals.get(item.case_id, [])),
            )
        )
    return outcomes


def pilot_outcomes(local_authorities=None) -> dict[str, int]:
    """Counts for "tailored-list outcomes in pilot areas" (for dashboards): ``lists`` (children
    sent a list, latest version each), ``first_preference_met``, ``chose_off_list`` and
    ``appealed``. Unsuppressed: apply :func:`suppress` before publishing."""
    outcomes = list_outcomes(local_authorities)
    return {
        "lists": len(outcomes),
        "first_preference_met": sum(1 for o in outcomes if o.first_preference_met),
        "chose_off_list": sum(1 for o in outcomes if o.chose_off_list),
        "appealed": sum(1 for o in outcomes if o.appealed),
    }


def suppress(value: int):
    """1 to 4 becomes "c"; 0 and 5 or more are shown."""
    return SUPPRESSED if 1 <= value <= 4 else value


def evaluation_areas_for(user) -> QuerySet[Organisation]:
    """Councils whose pilot figures this person may see: DfE analysts all; Regions Group officers
    their region; partnership board members their partnerships' councils; council staff their
    own council."""
    councils = Organisation.objects.filter(kind=Organisation.Kind.LOCAL_AUTHORITY)
    if user.has_role(Role.DFE_ANALYST):
        return councils
    condition = Q(pk__in=user.organisations_for(Role.SEND_MANAGER, Role.CASEWORKER))
    regions = Organisation.objects.filter(
        pk__in=user.organisations_for(Role.REGIONS_GROUP_OFFICER)
    ).values_list("region_id", flat=True)
    condition |= Q(region_id__in=list(regions))
    boards = user.organisations_for(Role.BOARD_MEMBER, Role.BOARD_CHAIR)
    if boards:
        condition |= Q(local_organisations__in=boards) | Q(
            member_of__group_id__in=boards, member_of__sector="la"
        )
    return councils.filter(condition).distinct()


def evaluation_rows(councils) -> list[dict]:
    """Per-council counts, suppressed, for councils that have sent at least one list."""
    outcomes = list_outcomes(councils)
    by_council: dict[int, list[ListOutcome]] = {}
    for outcome in outcomes:
        by_council.setdefault(outcome.tailored_list.case.local_authority_id, []).append(outcome)
    rows = []
    names = {c.pk: c.name for c in councils}
    for council_id, items in sorted(by_council.items(), key=lambda kv: names.get(kv[0], "")):
        rows.append(_row(names.get(council_id, ""), items))
    return rows


def _row(name: str, items: list[ListOutcome]) -> dict:
    return {
        "name": name,
        "lists": suppress(len(items)),
        "first_preference_met": suppress(sum(1 for o in items if o.first_preference_met)),
        "chose_off_list": suppress(sum(1 for o in items if o.chose_off_list)),
        "appealed": suppress(sum(1 for o in items if o.appealed)),
    }


def evaluation_total(councils) -> dict:
    return _row("Total", list_outcomes(councils))
