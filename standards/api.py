"""The National Standards catalogue in the API: public (published and statutory versions);
signed-in readers also see the versions their role may (``standards.selectors``)."""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, serializers, viewsets
from rest_framework.permissions import AllowAny

from send_portal.api.serializers import ReadModelSerializer

from . import selectors
from .models import SETTING_FIELDS, AreaOfNeed, CatalogueVersion, StandardVersion, Tier


class CatalogueVersionSerializer(ReadModelSerializer):
    class Meta:
        model = CatalogueVersion
        fields = ["number", "status", "is_illustrative", "summary_of_changes", "published_at"]
        read_only_fields = fields


class StandardSerializer(ReadModelSerializer):
    code = serializers.CharField(source="standard.code", read_only=True)

    class Meta:
        model = StandardVersion
        fields = [
            "code",
            "title",
            "summary",
            "area_of_need",
            "tier",
            "for_early_years",
            "for_school",
            "for_alternative_provision",
            "for_health",
            "for_social_care",
            "responsible",
            "ordinarily_available",
            "identification",
            "budget_source",
            "budget_detail",
            "code_of_practice",
        ]
        read_only_fields = fields


class EntryFilter(serializers.Serializer):
    area = serializers.ChoiceField(choices=AreaOfNeed.choices, required=False, allow_blank=True)
    setting = serializers.ChoiceField(
        choices=sorted(SETTING_FIELDS), required=False, allow_blank=True
    )
    tier = serializers.ChoiceField(choices=Tier.choices, required=False, allow_blank=True)


NUMBER = OpenApiParameter("number", OpenApiTypes.INT, OpenApiParameter.PATH)


@extend_schema_view(
    list=extend_schema(summary="Versions of the National Standards catalogue", auth=[]),
    retrieve=extend_schema(summary="One version of the catalogue", parameters=[NUMBER]),
)
class CatalogueVersionViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    permission_classes = [AllowAny]
    serializer_class = CatalogueVersionSerializer
    lookup_field = "number"
    lookup_value_regex = r"[0-9]+"

    def get_queryset(self):
        return selectors.versions_visible_to(self.request.user)


@extend_schema_view(
    list=extend_schema(
        summary="The standards of one catalogue version",
        parameters=[
            NUMBER,
            OpenApiParameter("area", OpenApiTypes.STR, enum=AreaOfNeed.values),
            OpenApiParameter("setting", OpenApiTypes.STR, enum=sorted(SETTING_FIELDS)),
            OpenApiParameter("tier", OpenApiTypes.STR, enum=Tier.values),
        ],
    )
)
class StandardViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    permission_classes = [AllowAny]
    serializer_class = StandardSerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return StandardVersion.objects.none()
        version = get_object_or_404(
            selectors.versions_visible_to(self.request.user), number=self.kwargs["number"]
        )
        query = EntryFilter(data=self.request.query_params)
        query.is_valid(raise_exception=True)
        return selectors.entries_of(version, **query.validated_data)


def register(router) -> None:
    router.register("standards/versions", CatalogueVersionViewSet, basename="api-standards-version")
    router.register(
        r"standards/versions/(?P<number>[0-9]+)/standards",
        StandardViewSet,
        basename="api-standards",
    )
