"""Published statistics imported beside the portal's own figures, and the per-council summary
of the portal's own figures.

``PublishedFigure`` is what DfE published (SEN2, EHC plans statistics) and the Tribunal appeal
rates, so every dashboard can show the published figure for the same area and year beside the
portal's, with its source and date.

``CouncilYearSummary`` holds the portal's own numerators and denominators for one council and one
reporting year, computed from the operational tables (``dashboards.aggregates``) and kept fresh
incrementally (``dashboards.summaries``): a write to data that feeds a metric marks its council's
rows stale in the same transaction, and a stale row is recomputed before it is shown.
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
        indexes = [
            models.Index(fields=["area_code", "reporting_year", "dataset", "measure"]),
            # published.available_years(), asked on every dashboard page.
            models.Index(
                fields=["dataset", "measure", "reporting_year"], name="dashboards_published_years"
            ),
        ]

    def __str__(self) -> str:
        shown = self.marker if self.value is None else self.value
        return f"{self.dataset}.{self.measure} {self.area_name} {self.time_period}: {shown}"


class CouncilYearSummary(models.Model):
    """One council's dashboard figures for one reporting year (``dashboards.summaries``).

    Stale while any ``SummaryInvalidation`` of its council exists: every write to data that
    feeds a metric adds one in the writer's transaction; a recalculation removes exactly those
    it saw before it started, so a write that commits while it runs keeps the council stale.
    ``calculated_at`` is when the calculation began (the figures are at least that recent).
    """

    local_authority = models.ForeignKey(
        "send_portal.Organisation", on_delete=models.CASCADE, related_name="dashboard_summaries"
    )
    reporting_year = models.PositiveSmallIntegerField()
    counts = models.JSONField(
        default=dict, help_text="Numerators and denominators (aggregates.Counts.values)"
    )
    breakdowns = models.JSONField(
        default=dict, help_text="Plans at the census day by age band, sex and ethnicity"
    )
    calculated_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["local_authority", "reporting_year"], name="unique_council_year_summary"
            )
        ]
        indexes = [models.Index(fields=["reporting_year"], name="dashboards_summary_year")]

    def __str__(self) -> str:
        return f"{self.local_authority_id} {self.reporting_year} ({self.calculated_at})"

    @property
    def is_fresh(self) -> bool:
        return self.calculated_at is not None and not (
            SummaryInvalidation.objects.filter(local_authority_id=self.local_authority_id).exists()
        )


class SummaryInvalidation(models.Model):
    """A council's figures changed (written by ``dashboards.signals`` in the writer's own
    transaction). Writers only ever insert, so writes to one council never wait for each other;
    a recalculation deletes the marks it has taken into account."""

    local_authority = models.ForeignKey(
        "send_portal.Organisation", on_delete=models.CASCADE, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        indexes = [models.Index(fields=["local_authority"], name="dashboards_invalidation_la")]

    def __str__(self) -> str:
        return f"{self.local_authority_id} changed at {self.created_at}"
