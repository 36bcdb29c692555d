"""``/api/v1/``: one router for every app's resources, the schema and its documentation.

An app adds resources by giving its package an ``api`` module (``ehcp/api/__init__.py``,
``standards/api.py`` ...) with ``register(router)``; it is found here automatically, so apps
added later (reviews, dashboards, tailored lists) plug in without editing this file. Their URL
names need rows in the permission matrix (tests/security/test_permission_matrix.py).
"""

from __future__ import annotations

from importlib import import_module
from importlib.util import find_spec

from django.apps import apps
from django.urls import path
from rest_framework.routers import DefaultRouter

from .views import SchemaView, SwaggerView


class Router(DefaultRouter):
    include_root_view = False
    include_format_suffixes = False


def api_modules():
    for config in apps.get_app_configs():
        name = f"{config.name}.api"
        try:
            found = find_spec(name) is not None
        except ModuleNotFoundError:
            found = False
        if found:
            module = import_module(name)
            if hasattr(module, "register"):
                yield module


router = Router(trailing_slash=True)
for module in api_modules():
    module.register(router)

urlpatterns = [
    path("schema/", SchemaView.as_view(), name="api-schema"),
    path("docs/", SwaggerView.as_view(), name="api-docs"),
    *router.urls,
]
