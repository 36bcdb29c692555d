"""Reads of the National Standards catalogue, scoped to who is asking.

Published and statutory versions are public. Versions being tested with partnerships are visible
to partnership boards and Regions Group officers as well as DfE; versions in development only to
DfE standards editors.
"""

from __future__ import annotations

from django.db.models import QuerySet

from send_portal.models import Role

from .models import SETTING_FIELDS, CatalogueVersion, StandardVersion

#: Roles that see versions being tested with partnerships (besides DfE editors).
TESTING_VIEWER_ROLES = (Role.BOARD_MEMBER, Role.BOARD_CHAIR, Role.REGIONS_GROUP_OFFICER)


def _signed_in(user) -> bool:
    return user is not None and getattr(user, "is_authenticated", False) and user.is_active


def visible_statuses(user) -> set[str]:
    statuses = set(CatalogueVersion.FROZEN)
    if _signed_in(user):
        if user.has_role(Role.DFE_ANALYST):
            return set(CatalogueVersion.Status)
        if user.has_role(*TESTING_VIEWER_ROLES):
            statuses.add(CatalogueVersion.Status.TESTING)
    return statuses


def versions_visible_to(user) -> QuerySet[CatalogueVersion]:
    """Catalogue versions this person may read, newest first."""
    return CatalogueVersion.objects.filter(status__in=visible_statuses(user)).order_by("-number")


def published_versions() -> QuerySet[CatalogueVersion]:
    """Versions a plan can be checked and signed off against (published or statutory)."""
    return CatalogueVersion.objects.filter(status__in=CatalogueVersion.FROZEN).order_by("-number")


def current_version() -> CatalogueVersion | None:
    """The newest published (or statutory) version: the one families are shown."""
    return published_versions().first()


def previous_visible_version(user, version: CatalogueVersion) -> CatalogueVersion | None:
    return versions_visible_to(user).filter(number__lt=version.number).first()


def entries_of(
    version: CatalogueVersion, *, area: str = "", setting: str = "", tier: str = ""
) -> QuerySet[StandardVersion]:
    """The standards of one version, optionally filtered by area of need, setting and tier."""
    entries = version.entries.select_related("standard", "catalogue_version")
    if area:
        entries = entries.filter(area_of_need=area)
    if setting:
        entries = entries.filter(**{SETTING_FIELDS[setting]: True})
    if tier:
        entries = entries.filter(tier=tier)
    return entries.order_by("standard__code")


def standard_versions_visible_to(user) -> QuerySet[StandardVersion]:
    """Every standard text in a version this person may read."""
    return StandardVersion.objects.filter(
        catalogue_version__status__in=visible_statuses(user)
    ).select_related("standard", "catalogue_version")


def citable_standard_versions() -> QuerySet[StandardVersion]:
    """Standards a local inclusion plan may cite: those in published or statutory versions."""
    return (
        StandardVersion.objects.filter(catalogue_version__status__in=CatalogueVersion.FROZEN)
        .select_related("standard", "catalogue_version")
        .order_by("-catalogue_version__number", "standard__code")
    )
