"""A NUL byte in an address or query string is a clear 400 and never reaches the database
(send_portal/security/nul_bytes.py)."""

import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "address", ["/api/v1/mediations/?status=%00", "/api/v1/advice-requests/?%00=1"]
)
def test_the_api_refuses_a_nul_byte_with_its_error_body(client, address):
    response = client.get(address)
    assert response.status_code == 400
    assert response.json()["detail"].startswith("The address contains a character")


def test_a_page_refuses_a_nul_byte_in_its_query_string(client):
    response = client.get("/timescales/?q=a%00b")
    assert response.status_code == 400
    assert "not allowed" in response.content.decode()


def test_ordinary_addresses_are_untouched(client):
    assert client.get("/timescales/?q=ab").status_code == 200


def test_a_nul_byte_in_a_cookie_or_token_is_refused_before_the_session_is_read(client):
    client.cookies["sessionid"] = "abc\x00def"
    assert client.get("/api/v1/mediations/").status_code == 400
    client.cookies.clear()
    response = client.get("/api/v1/mediations/", HTTP_AUTHORIZATION="Token a\x00b")
    assert response.status_code == 400
