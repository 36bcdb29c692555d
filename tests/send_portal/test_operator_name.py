"""The header, title and footer name the service after whoever runs it, set in one place
(``COUNCIL_NAME``); unset, they name the service alone, never a made-up operator."""

from __future__ import annotations

import re

import pytest
from django.test import override_settings
from django.urls import reverse

from send_portal import demo

pytestmark = pytest.mark.django_db


def _header(body: str) -> str:
    return re.search(r'class="govuk-generic-header__homepage-link">([^<]*)<', body).group(1)


@override_settings(COUNCIL_NAME=demo.DEMO_OPERATOR)
def test_the_operator_set_once_names_the_header_title_and_footer(client):
    body = client.get(reverse("help")).content.decode()
    assert _header(body) == demo.DEMO_OPERATOR
    assert re.search(r"<title>[^<]* - SEND Partnership Portal - Essex, Southend-on-Sea", body)
    assert f"is run by {demo.DEMO_OPERATOR}" in body


@override_settings(COUNCIL_NAME="")
def test_with_no_operator_set_the_pages_name_the_service_alone(client):
    body = client.get(reverse("help")).content.decode()
    assert _header(body) == "SEND Partnership Portal"
    assert "Riverside" not in body and "is run by" not in body
