"""GET /api/v1/timescales/: the public statutory timescales calculator (no sign-in)."""

from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from ..timescales import TimescaleInputError, calculate


class TimescalesAPIView(APIView):
    authentication_classes: list = []
    permission_classes = [AllowAny]

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
