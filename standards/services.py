"""Writes to the National Standards catalogue. Every change is made by a DfE standards editor,
to a version that is not yet published, and is recorded in the audit log."""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from send_portal import audit, permissions
from send_portal.models import AuditEvent

from .errors import DomainError, ImmutableVersion, InvalidTransition
from .models import SETTING_FIELDS, CatalogueVersion, Standard, StandardVersion

Status = CatalogueVersion.Status

#: Fields of a standard's content that editors change (``settings`` is a list of Setting values).
CONTENT_NAMES = (
    "title",
    "summary",
    "area_of_need",
    "tier",
    "settings",
    "responsible",
    "ordinarily_available",
    "identification",
    "budget_source",
    "budget_detail",
    "evidence",
    "practice_guide",
    "code_of_practice",
)

#: The lifecycle: which status a version may move to from each status.
TRANSITIONS: dict[str, frozenset[str]] = {
    Status.IN_DEVELOPMENT: frozenset({Status.TESTING, Status.PUBLISHED}),
    Status.TESTING: frozenset({Status.IN_DEVELOPMENT, Status.PUBLISHED}),
    Status.PUBLISHED: frozenset({Status.STATUTORY}),
    Status.STATUTORY: frozenset(),
}

CODE_PATTERN = re.compile(r"^[A-Z]{1,4}-[0-9]{1,3}$")


def _lock_version(version_id: int) -> CatalogueVersion:
    return CatalogueVersion.objects.select_for_update().get(pk=version_id)


def _require_editable(version: CatalogueVersion) -> None:
    if version.is_frozen:
        raise ImmutableVersion(
            f"Version {version.number} is {version.get_status_display().lower()}: a published "
            "version cannot be changed. Start a new version to make changes."
        )


def _apply_content(entry: StandardVersion, content: dict) -> None:
    unknown = set(content) - set(CONTENT_NAMES)
    if unknown:
        raise ValueError(f"Unknown standard fields: {sorted(unknown)}")
    for name, value in content.items():
        if name == "settings":
            if not value:
                raise DomainError("Select at least one phase or setting the standard applies to")
            for setting, field in SETTING_FIELDS.items():
                setattr(entry, field, setting in value)
        elif name == "evidence":
            if not isinstance(value, list) or not all(
                isinstance(link, dict) and link.get("title") and link.get("url") for link in value
            ):
                raise DomainError("Each evidence link needs a title and a web address")
            entry.evidence = value
        else:
            setattr(entry, name, value)
    try:
        entry.full_clean(exclude=["catalogue_version", "standard"], validate_unique=False)
    except ValidationError as exc:
        raise DomainError("; ".join(exc.messages)) from exc


def start_new_version(*, actor, summary_of_changes: str = "") -> CatalogueVersion:
    """Start the next version as a copy of the newest one, in development."""
    with transaction.atomic():
        permissions.require(actor, "standards.edit_catalogue")
        latest = CatalogueVersion.objects.select_for_update().order_by("-number").first()
        unfinished = CatalogueVersion.objects.exclude(status__in=CatalogueVersion.FROZEN).first()
        if unfinished is not None:
            raise InvalidTransition(
                f"Version {unfinished.number} is still "
                f"{unfinished.get_status_display().lower()}. Publish it before starting another."
            )
        version = CatalogueVersion.objects.create(
            number=latest.number + 1 if latest else 1,
            status=Status.IN_DEVELOPMENT,
            based_on=latest,
            is_illustrative=latest.is_illustrative if latest else True,
            summary_of_changes=summary_of_changes,
            created_by=actor,
        )
        if latest is not None:
            copies = []
            for entry in latest.entries.all():
                entry.pk = None
                entry.catalogue_version = version
                copies.append(entry)
            StandardVersion.objects.bulk_create(copies)
        audit.record(
            actor=actor,
            action=AuditEvent.Action.CREATE,
            summary=f"Started National Standards version {version.number}",
            obj=version,
            detail={"based_on": latest.number if latest else None},
        )
    return version


def update_version_details(*, actor, version_id: int, summary_of_changes: str) -> CatalogueVersion:
    with transaction.atomic():
        permissions.require(actor, "standards.edit_catalogue")
        version = _lock_version(version_id)
        _require_editable(version)
        version.summary_of_changes = summary_of_changes.strip()
        version.save(update_fields=["summary_of_changes"])
        audit.record(
            actor=actor,
            action=AuditEvent.Action.UPDATE,
            summary=f"Changed the summary of National Standards version {version.number}",
            obj=version,
        )
    return version


def add_standard(*, actor, version_id: int, code: str, content: dict) -> StandardVersion:
    """Add a new standard (or one removed earlier) to a version in development or testing."""
    code = code.strip().upper()
    with transaction.atomic():
        permissions.require(actor, "standards.edit_catalogue")
        version = _lock_version(version_id)
        _require_editable(version)
        if not CODE_PATTERN.match(code):
            raise DomainError("Enter a code of 1 to 4 capital letters, a hyphen and a number")
        if version.entries.filter(standard__code=code).exists():
            raise DomainError(f"Version {version.number} already has a standard {code}")
        standard, _ = Standard.objects.get_or_create(code=code)
        entry = StandardVersion(catalogue_version=version, standard=standard)
        _apply_content(entry, content)
        entry.save()
        audit.record(
            actor=actor,
            action=AuditEvent.Action.CREATE,
            summary=f"Added standard {code} to National Standards version {version.number}",
            obj=entry,
        )
    return entry


def update_standard(*, actor, version_id: int, code: str, content: dict) -> StandardVersion:
    with transaction.atomic():
        permissions.require(actor, "standards.edit_catalogue")
        version = _lock_version(version_id)
        _require_editable(version)
        entry = version.entries.select_related("standard").get(standard__code=code)
        _apply_content(entry, content)
        entry.save()
        audit.record(
            actor=actor,
            action=AuditEvent.Action.UPDATE,
            summary=f"Changed standard {code} in National Standards version {version.number}",
            obj=entry,
            detail={"fields": sorted(content)},
        )
    return entry


def remove_standard(*, actor, version_id: int, code: str) -> None:
    with transaction.atomic():
        permissions.require(actor, "standards.edit_catalogue")
        version = _lock_version(version_id)
        _require_editable(version)
        entry = version.entries.get(standard__code=code)
        entry_id = entry.pk
        entry.delete()
        audit.record(
            actor=actor,
            action=AuditEvent.Action.DELETE,
            summary=f"Removed standard {code} from National Standards version {version.number}",
            obj=version,
            detail={"standard_version_id": entry_id, "code": code},
        )


def change_status(*, actor, version_id: int, to_status: str) -> CatalogueVersion:
    """Move a version through its lifecycle. Publishing freezes it for good."""
    with transaction.atomic():
        permissions.require(actor, "standards.edit_catalogue")
        version = _lock_version(version_id)
        if to_status not in TRANSITIONS[version.status]:
            raise InvalidTransition(
                f"Version {version.number} is {version.get_status_display().lower()}: it cannot "
                f"be moved to “{Status(to_status).label.lower()}”."
            )
        if to_status == Status.PUBLISHED:
            if not version.entries.exists():
                raise InvalidTransition("Add at least one standard before publishing the version")
            if version.based_on_id and not version.summary_of_changes.strip():
                raise InvalidTransition(
                    "Describe what changed since the previous version before publishing"
                )
            version.published_at = timezone.now()
            version.published_by = actor
        if to_status == Status.STATUTORY:
            version.statutory_at = timezone.now()
        previous = version.status
        version.status = to_status
        version.save(update_fields=["status", "published_at", "published_by", "statutory_at"])
        audit.record(
            actor=actor,
            action=AuditEvent.Action.TRANSITION,
            summary=f"National Standards version {version.number}: "
            f"{Status(previous).label} to {Status(to_status).label}",
            obj=version,
            detail={"from": previous, "to": to_status},
        )
    return version
