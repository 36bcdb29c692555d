"""A crawl of every page each demo role can reach by following links, on a fresh demo: no link on
any page leads to a 4xx or 5xx (issue 20, "Done when": "A crawl of every page reachable by each
demo role gives no 4xx/5xx from a link on a page").

Each demo login (``seed_demo``), and someone not signed in, starts at the home page and follows
every same-site ``<a href>`` on every HTML page it reaches, breadth first, with GET requests only
(nothing is submitted; the sign-out link is not followed), through Django's test client: no
browser is needed to follow links, and it is many times faster. One test per login, each on the
demo as ``seed_demo`` builds it (``demo_data``: built once per test process).

Pages of the same shape (the same address with its numbers and case references taken out, such
as ``/cases/<ref>/plan/<n>/``) are visited up to ``PER_SHAPE`` times each, which reaches every
kind of page without reading every one of thousands of synthetic cases. A redirect counts as its
target. PDFs and downloads are fetched (their status is checked) but not parsed.
"""

from __future__ import annotations

import re
from collections import deque
from html.parser import HTMLParser
from urllib.parse import urldefrag, urljoin, urlsplit

import pytest
from django.test import Client

from send_portal import demo
from send_portal.models import User
from tests.browser.test_ehcp_journeys import demo_data

__all__ = ["demo_data"]

#: Every demo login (``send_portal.demo`` and the apps' builders), by the part before the @.
DEMO_LOGINS = (
    "parent",
    "young.person",
    "caseworker",
    "caseworker.southend",
    "caseworker.thurrock",
    "manager",
    "ep",
    "health",
    "social.care",
    "senco",
    "panel",
    "board.chair",
    "board.member",
    "board.chair.thurrock",
    "board.chair.southend",
    "regions.officer",
    "mediator",
    "analyst",
    "admin",
)

#: Pages of one shape fetched per role (the first ones found, in link order).
PER_SHAPE = 2
#: A guard against a crawl that never ends: far more pages than any role has shapes.
MAX_PAGES = 600
#: Never followed: they change the session rather than show a page.
NOT_FOLLOWED = re.compile(r"^/(sign-out|logout)/")

_SHAPE_PARTS = [
    (re.compile(r"[A-Z]{2,4}-\d{3}-(?:[A-Z]+)?\d{4}-\d{5}|SYN-\d{3}-\d+"), "<ref>"),
    (re.compile(r"\d+"), "<n>"),
]


def shape(url: str) -> str:
    path, _, query = url.partition("?")
    for pattern, replacement in _SHAPE_PARTS:
        path = pattern.sub(replacement, path)
    keys = sorted(part.split("=")[0] for part in query.split("&") if part)
    return path + ("?" + "&".join(keys) if keys else "")


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            href = dict(attrs).get("href")
            if href:
                self.hrefs.append(href)


def links_on(base: str, html: str) -> list[str]:
    parser = _Links()
    parser.feed(html)
    found = []
    for href in parser.hrefs:
        if href.startswith(("mailto:", "tel:", "javascript:")):
            continue
        absolute, _ = urldefrag(urljoin(base, href))
        parts = urlsplit(absolute)
        if parts.netloc not in ("", "testserver"):
            continue  # another site (the Local Offer, IPSEA...)
        local = parts.path + (f"?{parts.query}" if parts.query else "")
        if local and not NOT_FOLLOWED.match(local):
            found.append(local)
    return found


def crawl(client: Client) -> tuple[list[str], list[tuple[str, int, str]]]:
    """(pages fetched, [(address, status, the page that linked to it)] for every 4xx/5xx)."""
    seen_shapes: dict[str, int] = {}
    queued = {"/"}
    queue = deque([("/", "(start)")])
    fetched, broken = [], []
    while queue and len(fetched) < MAX_PAGES:
        url, source = queue.popleft()
        response = client.get(url)
        fetched.append(url)
        if response.status_code >= 400:
            broken.append((url, response.status_code, source))
            continue
        if response.status_code in (301, 302, 303, 307, 308):
            targets = [response["Location"]]
        elif "text/html" in response.get("Content-Type", ""):
            targets = links_on(url, response.content.decode())
        else:
            targets = []
        for target in targets:
            target, _ = urldefrag(urljoin(url, target))
            if target in queued or NOT_FOLLOWED.match(target):
                continue
            key = shape(target)
            if seen_shapes.get(key, 0) >= PER_SHAPE:
                continue
            seen_shapes[key] = seen_shapes.get(key, 0) + 1
            queued.add(target)
            queue.append((target, url))
    return fetched, broken


def test_the_shapes_of_addresses_group_pages_of_one_kind():
    assert shape("/cases/EHC-881-2026-00012/plan/3/?older=1&newer=2") == (
        "/cases/<ref>/plan/<n>/?newer&older"
    )
    assert shape("/cases/SYN-881-000204/") == "/cases/<ref>/"


def test_the_crawl_signs_in_as_every_demo_login(demo_data):
    logins = set(
        User.objects.filter(email__endswith=f"@{demo.DEMO_DOMAIN}").values_list("email", flat=True)
    )
    assert logins == {f"{key}@{demo.DEMO_DOMAIN}" for key in DEMO_LOGINS}


@pytest.mark.parametrize("key", [*DEMO_LOGINS, None], ids=lambda k: k or "signed-out")
def test_every_page_a_demo_login_reaches_by_a_link_opens(demo_data, key):
    client = Client(raise_request_exception=False)
    if key:
        client.force_login(User.objects.get(email=f"{key}@{demo.DEMO_DOMAIN}"))
    fetched, broken = crawl(client)
    assert len(fetched) < MAX_PAGES, "the crawl did not finish"
    assert len(fetched) > 10, fetched  # it got past the home page
    assert not broken, "\n".join(
        f"{url} -> {status} (linked from {source})" for url, status, source in broken
    )
