"""The OpenAPI document: every operation documents the common error body for the errors it can
return, and anonymous readers get only the public part of it."""

from __future__ import annotations

ERROR_REF = {"$ref": "#/components/schemas/Error"}
ERROR_SCHEMA = {
    "type": "object",
    "properties": {
        "status": {"type": "integer", "example": 404},
        "title": {"type": "string", "example": "Not Found"},
        "detail": {
            "type": "string",
            "example": "Not found: it does not exist, or you do not have access to it.",
        },
        "errors": {
            "type": "object",
            "additionalProperties": {"type": "array", "items": {"type": "string"}},
            "example": {"description": ["Describe the need"]},
        },
    },
    "required": ["status", "title", "detail"],
}
ERROR_DESCRIPTIONS = {
    "400": "The request has errors (see `errors`, by field).",
    "401": "Not signed in, or the token is not valid.",
    "403": "Signed in, but not allowed to do this (the message says who can).",
    "404": "It does not exist, or it is outside your relationships (never a 403).",
    "405": "This method is not allowed here.",
    "406": "Ask for application/json.",
    "409": "Someone else changed it first, or the step is no longer possible.",
    "415": "Send application/json.",
    "429": "Too many requests: wait for the number of seconds in Retry-After.",
}
WRITE_ONLY = {"409", "415"}


def add_error_responses(result, generator, request, public):
    """drf-spectacular postprocessing hook (SPECTACULAR_SETTINGS["POSTPROCESSING_HOOKS"])."""
    result.setdefault("components", {}).setdefault("schemas", {})["Error"] = ERROR_SCHEMA
    for path_item in result.get("paths", {}).values():
        for method, operation in path_item.items():
            responses = operation.setdefault("responses", {})
            for status, description in ERROR_DESCRIPTIONS.items():
                if status in WRITE_ONLY and method in {"get", "head", "options"}:
                    continue
                responses.setdefault(
                    status,
                    {
                        "description": description,
                        "content": {"application/json": {"schema": ERROR_REF}},
                    },
                )
    return result


def is_public(operation: dict) -> bool:
    """An operation anyone may call: its security requirements include the empty one."""
    return {} in operation.get("security", [{}])


def public_only(schema: dict) -> dict:
    """The schema with only public operations (what an anonymous reader is shown)."""
    paths = {}
    for path, item in schema.get("paths", {}).items():
        kept = {m: op for m, op in item.items() if isinstance(op, dict) and is_public(op)}
        if kept:
            paths[path] = kept
    return {**schema, "paths": paths}
