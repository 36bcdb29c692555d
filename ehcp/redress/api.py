"""Mediation and Tribunal appeals in the API (``/api/v1/mediations/``, ``/api/v1/appeals/``),
read through ``ehcp.redress.selectors``: council staff see their council's, a mediator the
cases assigned to them, a family their own child's."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, serializers, viewsets

from send_portal.api.authentication import council_scope
from send_portal.api.serializers import ReadModelSerializer

from . import selectors
from .models import ComplianceStep, MediationCase, TribunalAppeal, TribunalOrder


class MediationSerializer(ReadModelSerializer):
    case = serializers.CharField(source="case.reference", read_only=True)
    decision = serializers.CharField(source="decision.kind", read_only=True)
    mediator = serializers.EmailField(source="mediator.email", read_only=True, allow_null=True)
    issues = serializers.ListField(child=serializers.CharField(), read_only=True)

    class Meta:
        model = MediationCase
        fields = [
            "id",
            "case",
            "decision",
            "status",
            "adviser_contacted_on",
            "wishes_to_mediate",
            "choice_made_on",
            "issues",
            "health_in_dispute",
            "mediator",
            "arranged_for",
            "held_on",
            "concluded_on",
            "outcome",
            "certificate_issued_on",
            "certificate_kind",
        ]
        read_only_fields = fields


class OrderSerializer(ReadModelSerializer):
    class Meta:
        model = TribunalOrder
        fields = ["id", "order_type", "made_on", "detail"]
        read_only_fields = fields


class StepSerializer(ReadModelSerializer):
    class Meta:
        model = ComplianceStep
        fields = ["id", "key", "label", "basis", "starts_on", "due_on", "completed_on"]
        read_only_fields = fields


class AppealSerializer(ReadModelSerializer):
    case = serializers.CharField(source="case.reference", read_only=True)
    decision = serializers.CharField(source="decision.kind", read_only=True)
    matters = serializers.ListField(child=serializers.CharField(), read_only=True)
    orders = OrderSerializer(many=True, read_only=True)
    steps = StepSerializer(
        many=True, read_only=True, help_text="What the council must do, by when."
    )

    class Meta:
        model = TribunalAppeal
        fields = [
            "id",
            "case",
            "decision",
            "tribunal_reference",
            "registered_on",
            "matters",
            "hearing_on",
            "outcome",
            "decided_on",
            "orders",
            "steps",
        ]
        read_only_fields = fields


def _in_council(request, queryset):
    council = council_scope(request)
    return queryset if council is None else queryset.filter(case__local_authority_id=council)


@extend_schema_view(
    list=extend_schema(summary="Mediation cases you can see"),
    retrieve=extend_schema(summary="One mediation case"),
)
class MediationViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    serializer_class = MediationSerializer

    def get_queryset(self):
        return _in_council(
            self.request,
            selectors.mediations_visible_to(self.request.user)
            .select_related("case", "decision", "mediator")
            .order_by("-id"),
        )


@extend_schema_view(
    list=extend_schema(summary="Tribunal appeals you can see"),
    retrieve=extend_schema(summary="One appeal, with its orders and the steps they require"),
)
class AppealViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    serializer_class = AppealSerializer

    def get_queryset(self):
        return _in_council(
            self.request,
            selectors.appeals_visible_to(self.request.user)
            .select_related("case", "decision")
            .prefetch_related("orders", "steps")
            .order_by("-registered_on", "-id"),
        )


def register(router) -> None:
    router.register("mediations", MediationViewSet, basename="api-mediation")
    router.register("appeals", AppealViewSet, basename="api-appeal")
