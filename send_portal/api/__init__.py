"""The REST API under ``/api/v1/`` (Django REST framework, OpenAPI 3 by drf-spectacular).

Each app adds its resources in its own ``api`` module with ``register(router)`` (see
:mod:`send_portal.api.urls`). Views are thin: they read through the same permission-scoped
selectors as the web pages (an out-of-scope object is a 404) and write through the same services.
Tokens for system integrations are scoped to one council and to reading or writing
(:mod:`send_portal.api.authentication`).
"""
