"""Every API error has the same body, written for the person integrating:

``{"status": 409, "title": "Conflict", "detail": "Someone else changed this plan ...",
"errors": {"field": ["message"]}}``

Domain errors from the services (``DomainError`` and subclasses in each app) become 400 (409 for
a stale edit or a step that is no longer possible); permission refusals 403 with the rule's
message; an out-of-scope object 404.
"""

from __future__ import annotations

from http import HTTPStatus

from django.core.exceptions import PermissionDenied
from django.http import Http404
from rest_framework import exceptions, serializers
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler


class ErrorSerializer(serializers.Serializer):
    status = serializers.IntegerField()
    title = serializers.CharField()
    detail = serializers.CharField()
    errors = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()), required=False
    )


#: Domain errors (by class name, so apps need not be imported here) answered with 409 Conflict.
CONFLICT_ERRORS = {"StaleEdit", "InvalidTransition"}


def _domain_error(exc) -> Response | None:
    message = getattr(exc, "message", None)
    if message is None or not any(cls.__name__ == "DomainError" for cls in type(exc).__mro__):
        return None
    status = 409 if type(exc).__name__ in CONFLICT_ERRORS else 400
    body = _body(status, message)
    field = getattr(exc, "field", None)
    if field:
        body["errors"] = {field: [message]}
    return Response(body, status=status)


def _body(status: int, detail: str) -> dict:
    return {"status": status, "title": HTTPStatus(status).phrase, "detail": str(detail)}


def _flatten(detail, prefix: str = "") -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    if isinstance(detail, dict):
        for key, value in detail.items():
            name = "non_field_errors" if key == "non_field_errors" else f"{prefix}{key}"
            for inner, messages in _flatten(value, f"{name}.").items():
                errors.setdefault(inner if inner else name, []).extend(messages)
    elif isinstance(detail, list):
        if all(not isinstance(item, dict | list) for item in detail):
            errors[prefix.rstrip(".")] = [str(item) for item in detail]
        else:
            for index, item in enumerate(detail):
                errors.update(_flatten(item, f"{prefix}{index}."))
    else:
        errors[prefix.rstrip(".")] = [str(detail)]
    return errors


def exception_handler(exc, context):
    domain = _domain_error(exc)
    if domain is not None:
        return domain
    if isinstance(exc, Http404):
        exc = exceptions.NotFound("Not found: it does not exist, or you do not have access to it.")
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied(str(exc) or None)
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.ValidationError):
        errors = _flatten(exc.detail)
        body = _body(response.status_code, "The request has errors: see 'errors'.")
        body["errors"] = {key or "non_field_errors": value for key, value in errors.items()}
    else:
        detail = exc.detail if isinstance(exc, exceptions.APIException) else str(exc)
        if isinstance(detail, dict | list):
            detail = "; ".join(m for ms in _flatten(detail).values() for m in ms)
        body = _body(response.status_code, detail)
    response.data = body
    return response
