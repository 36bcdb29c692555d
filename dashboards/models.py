"""Published statistics imported beside the portal's own figures.

The portal's own figures are never stored here: they are computed from the operational tables
(``dashboards.aggregates``). What is stored is what DfE published (SEN2, EHC plans statistics)
and the Tribunal appeal rates, so every dashboard can show the published figure for the same
area and year beside the portal's, with its source and date.
"""

from __future__ import annotations

from django.db import models


class PublishedFigure(models.Model):
    """One published number: a measure, for one area, one period and one breakdown."""

    class Level(models.TextChoices):
        NATIONAL = "national", "England"
        REGIONAL = "regional", "Region"
        LOCAL_AUTHORITY = "la", "Local authority"

    release = models.CharField(max_length=40, help_text="e.g. ehcp-2025")
    dataset = models.CharField(max_length=40, help_text="The published file, e.g. caseload")
    measure = models.CharField(max_length=60, help_text="The published column, e.g. ehcplans")
    time_period = models.CharField(max_length=8, help_text="As published: 202425 or 2024")
    reporting_year = models.PositiveSmallIntegerField(
        db_index=True,
        help_text="The SEN2 reporting year: caseload at January of this year and activity in "
        "the calendar year before it (202425 and 2024 are both reporting year 2025).",
    )
    level = models.CharField(max_length=10, choices=Level.choices)
    area_code = models.CharField(max_length=9, help_text="ONS code: E92000001, E12…, E06…/E10…")
    area_name = models.CharField(max_length=120)
    breakdown_topic = models.CharField(max_length=80)
    breakdown = models.CharField(max_length=120)
    value = models.FloatField(null=True, blank=True)
    marker = models.CharField(
        max_length=4,
        blank=True,
        help_text="When there is no value: c suppressed, x not available, z not applicable.",
    )
    source = models.CharField(max_length=300)
    published = models.CharField(max_length=40, help_text="When the source was published")
    imported_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["dataset", "measure", "reporting_year"]
        constraints = [
            models.UniqueConstraint(
                fields=[
                    "release",
                    "dataset",
                    "measure",
                    "time_period",
                    "area_code",
                    "breakdown_topic",
                    "breakdown",
                ],
                name="unique_published_figure",
            )
        ]
        indexes = [models.Index(fields=["area_code", "reporting_year", "dataset", "measure"])]

    def __str__(self) -> str:
        shown = self.marker if self.value is None else self.value
        return f"{self.dataset}.{self.measure} {self.area_name} {self.time_period}: {shown}"
