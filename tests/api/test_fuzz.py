"""Fuzz the API from its own OpenAPI document (schemathesis): for every operation, generated
requests (valid and invalid) never cause a server error, and every response - status code,
content type and body - matches what the document says.

The requests are sent as a caseworker's write token (which can reach and change the case's
draft) and anonymously; the case reference and plan version in generated paths are pointed at
a real case half of the time, so the fuzzing reaches real objects, not only 404s.
"""

from __future__ import annotations

import json
import zlib

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from drf_spectacular.generators import SchemaGenerator
from hypothesis import HealthCheck, settings
from schemathesis import DataGenerationMethod
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)

from send_portal.models import Role
from tests.api.conftest import token_for

pytestmark = pytest.mark.django_db

CHECKS = (
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
)


@pytest.fixture
def api_schema(world, admin, settings):
    settings.API_THROTTLE_RATES = {"anon": None, "user": None, "token": None}
    # As Django's test client does: the start and end of a request must not close the test's
    # database connection (on PostgreSQL, inside the test transaction, they would).
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    document = json.loads(json.dumps(SchemaGenerator().get_schema(request=None, public=True)))
    loaded = schemathesis.from_dict(
        document,
        app=WSGIHandler(),
        data_generation_methods=[DataGenerationMethod.positive, DataGenerationMethod.negative],
    )
    loaded.world = world
    loaded.key = token_for(admin, scope="write", user=world.people[Role.CASEWORKER])
    yield loaded
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


schema = schemathesis.from_pytest_fixture("api_schema")


def _aim_at_the_world(case, world) -> None:
    params = case.path_parameters or {}
    if "reference" in params and zlib.crc32(f"{case.body}{case.query}".encode()) % 2 == 0:
        params["reference"] = world.ref
        if "version" in params:
            params["version"] = 2


FUZZ_SETTINGS = settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    derandomize=True,
)


def _call(case, api_schema, *, token: bool):
    _aim_at_the_world(case, api_schema.world)
    headers = dict(case.headers or {})
    if token:
        headers["Authorization"] = f"Bearer {api_schema.key}"
    response = case.call_wsgi(headers=headers)
    case.validate_response(response, checks=CHECKS)


@schema.parametrize()
@FUZZ_SETTINGS
def test_api_with_a_write_token_never_errors_and_matches_its_schema(case, api_schema):
    _call(case, api_schema, token=True)


@schema.parametrize()
@settings(FUZZ_SETTINGS, max_examples=5)
def test_api_anonymously_never_errors_and_matches_its_schema(case, api_schema):
    _call(case, api_schema, token=False)
