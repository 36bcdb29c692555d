"""Who may see which dashboard (shared/domain/ROLES.md), and the areas dashboards are about.

Restricted dashboards show aggregates, never child records. Aggregates shown outside a council
are suppressed (ROLES.md): only a council's own caseworkers and SEND managers see that council's
figures unsuppressed (:func:`viewer_for`); board members, Regions Group officers and analysts
see suppressed figures, like the public. Who may open each restricted dashboard:
- a council's: its caseworkers and SEND managers, the DfE Regions Group officers for its region
  and DfE national analysts;
- a partnership's: its board members and chair, the Regions Group for its region and DfE;
- a region's: the Regions Group officers for that region and DfE;
- England's: DfE national analysts.
Anyone else gets a 404. The SEN2 return (child-level) is for the council's SEND managers only.
Public dashboards need no sign-in and suppress small numbers.
"""

from __future__ import annotations

from django.http import Http404

from send_portal.models import Organisation, OrganisationMembership, Region, Role

from . import neighbours, published
from .disclosure import PUBLIC, Viewer
from .presentation import Area

LA = Organisation.Kind.LOCAL_AUTHORITY


def _signed_in(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active)


def officer_region_ids(user) -> set[int]:
    return set(
        Organisation.objects.filter(
            pk__in=user.organisations_for(Role.REGIONS_GROUP_OFFICER),
            kind=Organisation.Kind.REGIONS_GROUP,
        ).values_list("region_id", flat=True)
    )


def is_national(user) -> bool:
    return _signed_in(user) and user.has_role(Role.DFE_ANALYST)


def can_see_council(user, council: Organisation) -> bool:
    if not _signed_in(user):
        return False
    if is_national(user):
        return True
    if council.pk in user.organisations_for(Role.CASEWORKER, Role.SEND_MANAGER):
        return True
    return council.region_id in officer_region_ids(user)


def viewer_for(user):
    """Whose figures this person sees unsuppressed: the councils they work for as caseworker or
    SEND manager, and no one else's (security review finding 6b)."""
    if not _signed_in(user):
        return PUBLIC
    return Viewer(user.organisations_for(Role.CASEWORKER, Role.SEND_MANAGER))


def can_export_sen2(user, council: Organisation) -> bool:
    return _signed_in(user) and council.pk in user.organisations_for(Role.SEND_MANAGER)


def partnership_councils(partnership: Organisation) -> list[Organisation]:
    members = list(
        Organisation.objects.filter(
            kind=LA,
            pk__in=OrganisationMembership.objects.filter(group=partnership).values("member_id"),
        ).select_related("region")
    )
    if not members and partnership.local_authority_id:
        members = [partnership.local_authority]
    return members


def can_see_partnership(user, partnership: Organisation) -> bool:
    if not _signed_in(user):
        return False
    if is_national(user):
        return True
    if partnership.pk in user.organisations_for(Role.BOARD_MEMBER, Role.BOARD_CHAIR):
        return True
    return partnership.region_id in officer_region_ids(user)


def can_see_region(user, region: Region) -> bool:
    return _signed_in(user) and (is_national(user) or region.pk in officer_region_ids(user))


def council_or_404(la_code: str) -> Organisation:
    try:
        return Organisation.objects.select_related("region").get(kind=LA, la_code=la_code)
    except Organisation.DoesNotExist as exc:
        raise Http404("No such council") from exc


def partnership_or_404(pk: int) -> Organisation:
    try:
        return Organisation.objects.select_related("region", "local_authority").get(
            kind=Organisation.Kind.PARTNERSHIP, pk=pk
        )
    except Organisation.DoesNotExist as exc:
        raise Http404("No such partnership") from exc


def region_or_404(code: str) -> Region:
    try:
        return Region.objects.get(code=code)
    except Region.DoesNotExist as exc:
        raise Http404("No such region") from exc


def _councils():
    return list(Organisation.objects.filter(kind=LA).select_related("region"))


def area_for_councils(name: str, kind: str, councils: list[Organisation], year: int) -> Area:
    everyone = _councils()
    region = councils[0].region if councils else None
    region_councils = [c for c in everyone if region and c.region_id == region.pk]
    similar: list[Organisation] = []
    if kind == "la" and councils:
        similar = neighbours.statistical_neighbours(councils[0], everyone)
    return Area(
        kind=kind,
        name=name,
        la_ids=[c.pk for c in councils],
        published_codes=[c.ons_code for c in councils],
        region_la_ids=[c.pk for c in region_councils],
        region_codes=[region.code] if region else [],
        region_name=region.name if region else "",
        similar_la_ids=[c.pk for c in similar],
        similar_codes=[c.ons_code for c in similar],
    )


def council_area(council: Organisation, year: int) -> Area:
    return area_for_councils(council.name, "la", [council], year)


def partnership_area(partnership: Organisation, year: int) -> Area:
    return area_for_councils(
        partnership.name, "partnership", partnership_councils(partnership), year
    )


def region_area(region: Region) -> Area:
    councils = [c for c in _councils() if c.region_id == region.pk]
    return Area(
        kind="region",
        name=region.name,
        la_ids=[c.pk for c in councils],
        published_codes=[region.code],
        region_name=region.name,
    )


def england_area() -> Area:
    councils = _councils()
    return Area(
        kind="england",
        name="England",
        la_ids=[c.pk for c in councils],
        published_codes=[published.ENGLAND_CODE],
    )


def dashboards_for(user) -> dict:
    """The restricted dashboards a person can open (for the index page)."""
    if not _signed_in(user):
        return {"councils": [], "partnerships": [], "regions": [], "england": False, "sen2": []}
    national = is_national(user)
    regions = officer_region_ids(user)
    councils = Organisation.objects.filter(kind=LA)
    partnerships = Organisation.objects.filter(kind=Organisation.Kind.PARTNERSHIP)
    if not national:
        own = user.organisations_for(Role.CASEWORKER, Role.SEND_MANAGER)
        councils = councils.filter(pk__in=own) | councils.filter(region_id__in=regions)
        boards = user.organisations_for(Role.BOARD_MEMBER, Role.BOARD_CHAIR)
        partnerships = partnerships.filter(pk__in=boards) | partnerships.filter(
            region_id__in=regions
        )
    return {
        "councils": list(councils.order_by("name")) if (national or councils.exists()) else [],
        "partnerships": list(partnerships.order_by("name")),
        "regions": list(
            Region.objects.all() if national else Region.objects.filter(pk__in=regions)
        ),
        "england": national,
        "sen2": list(
            Organisation.objects.filter(pk__in=user.organisations_for(Role.SEND_MANAGER), kind=LA)
        ),
    }
