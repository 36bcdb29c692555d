"""The OpenAPI document and its reader (Swagger UI), served from this server's own static files
(drf-spectacular-sidecar): no CDN, and no inline script or style, so the CSP holds. (Redoc is
not offered: its styling needs inline styles, which the CSP refuses.)

Anyone may open them, but someone not signed in is shown only the public resources."""

from __future__ import annotations

from drf_spectacular.views import (
    SpectacularAPIView,
    SpectacularSwaggerSplitView,
)
from rest_framework.permissions import AllowAny

from .schema import public_only


class SchemaView(SpectacularAPIView):
    permission_classes = [AllowAny]

    def _get_schema_response(self, request):
        response = super()._get_schema_response(request)
        if not request.user.is_authenticated:
            response.data = public_only(response.data)
        return response


class SwaggerView(SpectacularSwaggerSplitView):
    permission_classes = [AllowAny]
    url_name = "api-schema"
    template_name = "api/swagger_ui.html"
