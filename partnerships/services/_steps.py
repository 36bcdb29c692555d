"""What every partnership and plan service starts with: the locked partnership or version, the
status it expects, the link to it, its audit record and its notifications."""

from __future__ import annotations

from django.urls import reverse

from send_portal import audit
from send_portal.models import Organisation, Role, User
from send_portal.notifications import notify
from send_portal.text import in_sentence

from .. import selectors
from ..errors import InvalidTransition, NotEditable
from ..models import PlanVersion

Status = PlanVersion.Status
LEGAL_BASIS_AGREE = "SEND and AP Improvement Plan (2023), chapter 2 paragraph 33"
LEGAL_BASIS_SIGN_OFF = "SEND and AP Improvement Plan (2023), chapter 2 paragraph 69"


def _partnership(partnership_id: int, *, lock: bool = False) -> Organisation:
    queryset = Organisation.objects.filter(kind=Organisation.Kind.PARTNERSHIP)
    if lock:
        queryset = queryset.select_for_update()
    return queryset.get(pk=partnership_id)


def _lock_version(version_id: int) -> PlanVersion:
    return (
        PlanVersion.objects.select_for_update(of=("self",))
        .select_related("plan__partnership")
        .get(pk=version_id)
    )


def _require_status(version: PlanVersion, *allowed: str, doing: str) -> None:
    if version.status not in allowed:
        raise InvalidTransition(
            f"Version {version.number} is “{in_sentence(version.get_status_display())}”, so you "
            f"cannot {doing} now."
        )


def _require_draft(version: PlanVersion) -> None:
    if not version.is_editable:
        raise NotEditable(
            f"Version {version.number} is “{in_sentence(version.get_status_display())}”: "
            "only a draft can be changed. Start a new version to make changes."
        )


def _version_link(version: PlanVersion) -> str:
    return reverse("partnerships:version", kwargs={"pk": version.pk})


def _notify_each(people, *, key: str, **message) -> None:
    for person in people:
        notify(recipient=person, dedupe_key=f"{key}:{person.pk}", **message)


def _audit(actor, action, summary, obj, **detail) -> None:
    audit.record(actor=actor, action=action, summary=summary, obj=obj, detail=detail or None)


def _officer_team(actor: User, partnership: Organisation) -> Organisation:
    return Organisation.objects.get(
        kind=Organisation.Kind.REGIONS_GROUP,
        region_id=partnership.region_id,
        pk__in=actor.organisations_for(Role.REGIONS_GROUP_OFFICER),
    )


def _tell_partnership(version: PlanVersion, *, key: str, **message) -> None:
    _notify_each(selectors.chairs_of(version.plan.partnership), key=key, **message)
