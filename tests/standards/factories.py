"""Builders for National Standards catalogue test data.

A published version's standards cannot be inserted (the database refuses it), so versions are
built in development and then moved to the status wanted, as the services do.
"""

from __future__ import annotations

from itertools import count

from django.utils import timezone

from standards.models import CatalogueVersion, Standard, StandardVersion

_codes = count(1)

Status = CatalogueVersion.Status


def standard_content(**overrides) -> dict:
    """A complete, valid standard (the ``content`` argument of the services)."""
    content = {
        "title": "Communication-friendly classrooms",
        "summary": "Schools adapt how they communicate so every pupil can take part.",
        "area_of_need": "communication_interaction",
        "tier": "universal",
        "settings": ["school"],
        "responsible": "Headteachers and governing bodies",
        "ordinarily_available": "Visual timetables and clear routines",
        "identification": "Teachers' observation and assessment",
        "budget_source": "setting_core",
        "budget_detail": "",
        "evidence": [{"title": "Code of Practice", "url": "https://www.gov.uk/"}],
        "practice_guide": "",
        "code_of_practice": "Paragraphs 6.28 to 6.29",
    }
    content.update(overrides)
    return content


def _entry(version: CatalogueVersion, code: str, **overrides) -> StandardVersion:
    content = standard_content(**overrides)
    settings = content.pop("settings")
    standard, _ = Standard.objects.get_or_create(code=code)
    return StandardVersion.objects.create(
        catalogue_version=version,
        standard=standard,
        for_early_years="early_years" in settings,
        for_school="school" in settings,
        for_post16="post16" in settings,
        for_alternative_provision="ap" in settings,
        for_health="health" in settings,
        for_social_care="social_care" in settings,
        **content,
    )


def catalogue_version(
    *,
    number: int | None = None,
    status: str = Status.PUBLISHED,
    standards: dict[str, dict] | None = None,
    based_on: CatalogueVersion | None = None,
    is_illustrative: bool = True,
) -> CatalogueVersion:
    """A catalogue version with ``standards`` ({code: field overrides}) in ``status``."""
    if number is None:
        latest = CatalogueVersion.objects.order_by("-number").first()
        number = (latest.number + 1) if latest else 1
    version = CatalogueVersion.objects.create(
        number=number,
        status=Status.IN_DEVELOPMENT,
        based_on=based_on,
        is_illustrative=is_illustrative,
        summary_of_changes=f"Changes in version {number}",
    )
    if standards is None:
        standards = {f"CI-{next(_codes)}": {}}
    for code, overrides in standards.items():
        _entry(version, code, **overrides)
    if status != Status.IN_DEVELOPMENT:
        version.status = status
        if status in CatalogueVersion.FROZEN:
            version.published_at = timezone.now()
        version.save()
    return version
