"""Local inclusion plans in the API: published versions are public; board members and DfE
Regions Group officers also see the versions their relationships allow
(``partnerships.selectors``). A council token sees its own area's partnerships."""

from __future__ import annotations

from django.db.models import Prefetch, Q
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, serializers, viewsets
from rest_framework.permissions import AllowAny

from send_portal.api.authentication import council_scope
from send_portal.api.serializers import ReadModelSerializer
from send_portal.models import Organisation

from . import selectors
from .models import PlanSection, PlanVersion, RegionsGroupDecision


class SectionSerializer(ReadModelSerializer):
    class Meta:
        model = PlanSection
        fields = ["kind", "body"]
        read_only_fields = fields


class RegionsGroupDecisionSerializer(ReadModelSerializer):
    standards_version = serializers.IntegerField(
        source="standards_version.number", read_only=True, allow_null=True
    )

    class Meta:
        model = RegionsGroupDecision
        fields = ["id", "kind", "decided_at", "reasons", "standards_version"]
        read_only_fields = fields


class InclusionPlanVersionSerializer(ReadModelSerializer):
    plan = serializers.IntegerField(source="plan.pk", read_only=True)
    title = serializers.CharField(source="plan.title", read_only=True)
    partnership = serializers.CharField(source="plan.partnership.name", read_only=True)
    period_start = serializers.IntegerField(source="plan.period_start", read_only=True)
    period_end = serializers.IntegerField(source="plan.period_end", read_only=True)
    sections = SectionSerializer(many=True, read_only=True)
    regions_group_decisions = RegionsGroupDecisionSerializer(
        source="regions_decisions", many=True, read_only=True
    )

    class Meta:
        model = PlanVersion
        fields = [
            "id",
            "plan",
            "title",
            "partnership",
            "period_start",
            "period_end",
            "number",
            "status",
            "submitted_at",
            "published_at",
            "sections",
            "regions_group_decisions",
        ]
        read_only_fields = fields


@extend_schema_view(
    list=extend_schema(
        summary="Local inclusion plan versions you can see",
        description="Anyone: published versions. Board members: every version of their "
        "partnership's plans. Regions Group officers: versions submitted to them.",
    ),
    retrieve=extend_schema(summary="One version, with its sections and Regions Group decisions"),
)
class InclusionPlanVersionViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    permission_classes = [AllowAny]
    serializer_class = InclusionPlanVersionSerializer

    def get_queryset(self):
        user = self.request.user
        versions = PlanVersion.objects.filter(
            Q(pk__in=selectors.published_versions().order_by().values("pk"))
            | Q(pk__in=selectors.plan_versions_visible_to(user).order_by().values("pk"))
        )
        council = council_scope(self.request)
        if council is not None:
            area = selectors.partnerships_covering(Organisation.objects.get(pk=council))
            versions = versions.filter(plan__partnership__in=area)
        return (
            versions.select_related("plan__partnership")
            .prefetch_related(
                "sections",
                Prefetch(
                    "regions_decisions",
                    queryset=RegionsGroupDecision.objects.select_related("standards_version"),
                ),
            )
            .order_by("plan__partnership__name", "-plan__period_start", "-number")
        )


def register(router) -> None:
    router.register(
        "inclusion-plans", InclusionPlanVersionViewSet, basename="api-inclusion-plan-version"
    )
