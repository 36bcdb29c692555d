"""GET /api/v1/timescales/: the public statutory timescales calculator (no sign-in)."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from ..timescales import (
    DATE_PARAMETERS,
    ORDER_KINDS,
    TRANSFER_CHOICES,
    TimescaleInputError,
    calculate,
)


class MilestoneSerializer(serializers.Serializer):
    key = serializers.CharField()
    due = serializers.DateField(help_text="The last day on which the step is in time.")
    label = serializers.CharField()
    basis = serializers.CharField(help_text="The law that sets the date.")


class MilestonesSerializer(serializers.Serializer):
    milestones = MilestoneSerializer(many=True)


class TimescaleErrorsSerializer(serializers.Serializer):
    errors = serializers.DictField(child=serializers.ListField(child=serializers.CharField()))


PARAMETERS = [
    *(
        OpenApiParameter(name, OpenApiTypes.DATE, description=f"YYYY-MM-DD: {meaning}.")
        for name, meaning in DATE_PARAMETERS.items()
    ),
    OpenApiParameter("transfer", OpenApiTypes.STR, enum=list(TRANSFER_CHOICES)),
    OpenApiParameter("transfer_year", OpenApiTypes.INT, description="The year of the move."),
    OpenApiParameter(
        "order_kind",
        OpenApiTypes.STR,
        enum=list(ORDER_KINDS),
        description="With tribunal_order: what the Tribunal ordered the council to do.",
    ),
]


class TimescalesAPIView(APIView):
    authentication_classes: list = []
    permission_classes = [AllowAny]

    @extend_schema(
        summary="Statutory timescales from the dates you give",
        description="Every parameter is optional and each adds milestones; each milestone "
        "carries its key, the last day in time (due), a label and its legal basis. A bad or "
        "impossible date is a 400 whose errors name the parameter. Anyone may call it.",
        parameters=PARAMETERS,
        responses={200: MilestonesSerializer, 400: TimescaleErrorsSerializer},
        examples=[
            OpenApiExample(
                "From the date a request was received",
                value={
                    "milestones": [
                        {
                            "key": "decision_to_assess",
                            "due": "2025-10-13",
                            "label": "Decide whether to carry out an EHC needs assessment",
                            "basis": "SEND Regulations 2014 reg 5(1)",
                        }
                    ]
                },
                response_only=True,
            )
        ],
    )
    def get(self, request):
        try:
            milestones = calculate(request.query_params)
        except TimescaleInputError as exc:
            return Response(
                {"errors": {key: [message] for key, message in exc.errors.items()}}, status=400
            )
        return Response(
            {
                "milestones": [
                    {
                        "key": m.key,
                        "due": m.due.isoformat(),
                        "label": m.label,
                        "basis": m.basis,
                    }
                    for m in milestones
                ]
            }
        )
