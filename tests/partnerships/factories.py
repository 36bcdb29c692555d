"""Builders for partnership and local inclusion plan test data, driven through the services so
every version reaches its stage the way it would in real life."""

from __future__ import annotations

from dataclasses import dataclass

from partnerships import services
from partnerships.models import PlanSection, PlanVersion
from send_portal.models import Organisation, OrganisationMembership, Role, User
from standards.models import CatalogueVersion
from tests.factories import OrganisationFactory, la, person_with_role
from tests.standards.factories import catalogue_version

Status = PlanVersion.Status


@dataclass
class Area:
    """A partnership with its board, its approvers, and the Regions Group officer for its region."""

    partnership: Organisation
    chair: User
    member: User
    officer: User

    @property
    def council(self) -> Organisation:
        return self.partnership.local_authority


def make_partnership(la_code: str = "881", name: str | None = None) -> Organisation:
    council = la(la_code)
    partnership = OrganisationFactory(
        kind=Organisation.Kind.PARTNERSHIP,
        name=name or f"{council.name} Local SEND and AP Partnership",
        local_authority=council,
        region=council.region,
    )
    OrganisationMembership.objects.create(
        group=partnership, member=council, sector=OrganisationMembership.Sector.LOCAL_AUTHORITY
    )
    return partnership


def officer_for_region(region) -> User:
    team = Organisation.objects.get(kind=Organisation.Kind.REGIONS_GROUP, region=region)
    return person_with_role(Role.REGIONS_GROUP_OFFICER, team)


def make_area(la_code: str = "881", *, quorum: int = 2) -> Area:
    partnership = make_partnership(la_code)
    chair = person_with_role(Role.BOARD_CHAIR, partnership)
    member = person_with_role(Role.BOARD_MEMBER, partnership)
    services.set_approval_policy(
        actor=chair,
        partnership_id=partnership.pk,
        approver_ids=[chair.pk, member.pk],
        quorum=quorum,
    )
    return Area(partnership, chair, member, officer_for_region(partnership.region))


def published_standards() -> CatalogueVersion:
    """The published National Standards version plans are checked against."""
    existing = CatalogueVersion.objects.filter(status__in=CatalogueVersion.FROZEN).first()
    return existing or catalogue_version(
        standards={
            "CI-1": {"title": "Spotting needs early"},
            "SE-1": {"title": "Wellbeing for all", "area_of_need": "semh"},
            "SP-1": {"title": "Accessible environments", "area_of_need": "sensory_physical"},
        }
    )


def all_in_accordance(standards: CatalogueVersion) -> dict[int, tuple[str, str]]:
    return dict.fromkeys(standards.entries.values_list("pk", flat=True), ("in_accordance", ""))


def draft_plan(area: Area, *, complete: bool = True, start: int = 2025) -> PlanVersion:
    version = services.start_plan(
        actor=area.chair,
        partnership_id=area.partnership.pk,
        title=f"{area.partnership.name} plan {start} to {start + 3}",
        period_start=start,
        period_end=start + 3,
    )
    if complete:
        for kind, label in PlanSection.Kind.choices:
            services.update_section(
                actor=area.member,
                version_id=version.pk,
                kind=kind,
                body=f"{label}: what the partnership will do.",
            )
        standard = published_standards().entries.order_by("standard__code").first()
        services.add_commitment(
            actor=area.member,
            version_id=version.pk,
            standard_version_id=standard.pk,
            description="Speech and language screening in every nursery",
            commissioner="The council with the ICB",
        )
    return version


def advance(area: Area, version: PlanVersion, to: str) -> PlanVersion:
    """Drive ``version`` through the approval chain until it reaches status ``to``."""
    steps = [
        (
            Status.AWAITING_BOARD,
            lambda: services.send_for_board_approval(actor=area.chair, version_id=version.pk),
        ),
        (
            Status.BOARD_APPROVED,
            lambda: [
                services.record_board_decision(actor=person, version_id=version.pk, approve=True)
                for person in (area.member, area.chair)
            ],
        ),
        (
            Status.SUBMITTED,
            lambda: services.submit_to_regions_group(actor=area.chair, version_id=version.pk),
        ),
        (
            Status.AGREED,
            lambda: services.agree_plan(
                actor=area.officer, version_id=version.pk, reasons="Evidence-based and co-produced"
            ),
        ),
        (
            Status.SIGNED_OFF,
            lambda: services.sign_off_plan(
                actor=area.officer,
                version_id=version.pk,
                standards_version_id=published_standards().pk,
                checks=all_in_accordance(published_standards()),
                reasons="In accordance with every standard",
            ),
        ),
        (Status.PUBLISHED, lambda: services.publish_plan(actor=area.chair, version_id=version.pk)),
    ]
    if to == Status.RETURNED:
        advance(area, version, Status.SUBMITTED)
        services.return_plan(
            actor=area.officer, version_id=version.pk, required_changes="Add a workforce plan"
        )
        version.refresh_from_db()
        return version
    order = [Status.DRAFT] + [target for target, _ in steps]
    for target, step in steps:
        version.refresh_from_db()
        if version.status == to:
            break
        if order.index(target) <= order.index(version.status):
            continue
        step()
    version.refresh_from_db()
    assert version.status == to, f"could not bring the version to {to}"
    return version


def plan_at(area: Area, status: str, *, start: int = 2025) -> PlanVersion:
    return advance(area, draft_plan(area, start=start), status)
