"""A crawl of every page each demo role can reach by following links, on a fresh demo: no link on
any page leads to a 4xx or 5xx (issue 20, "Done when": "A crawl of every page reachable by each
demo role gives no 4xx/5xx from a link on a page").

Each demo login (``seed_demo``) starts at the home page and follows every same-site ``<a href>``
on every HTML page it reaches, breadth first, with GET requests only (nothing is submitted; the
sign-out link is not followed). Pages of the same shape (the same address with its numbers and
case references taken out, such as ``/cases/<ref>/plan/<n>/``) are visited up to
``PER_SHAPE`` times each, which reaches every kind of page without reading every one of
thousands of synthetic cases. A redirect counts as its target. PDFs and downloads are fetched
(their status is checked) but not parsed.
"""

from __future__ import annotations

import io
import re
from collections import deque
from html.parser import HTMLParser
from urllib.parse import urldefrag, urljoin, urlsplit

import pytest
from django.core.management import call_command
from django.test import Client

from send_portal import demo
from send_portal.models import User

pytestmark = pytest.mark.django_db

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


@pytest.fixture
def demo_built():
    call_command("seed_demo", stdout=io.StringIO())
    return list(User.objects.filter(email__endswith=f"@{demo.DEMO_DOMAIN}"))


def test_the_shapes_of_addresses_group_pages_of_one_kind():
    assert shape("/cases/EHC-881-2026-00012/plan/3/?older=1&newer=2") == (
        "/cases/<ref>/plan/<n>/?newer&older"
    )
    assert shape("/cases/SYN-881-000204/") == "/cases/<ref>/"


def test_every_page_each_demo_role_reaches_by_a_link_opens(demo_built):
    problems = []
    report = []
    for user in sorted(demo_built, key=lambda u: u.email):
        client = Client(raise_request_exception=False)
        client.force_login(user)
        fetched, broken = crawl(client)
        report.append(f"{user.email}: {len(fetched)} pages")
        assert len(fetched) < MAX_PAGES, f"{user.email}: the crawl did not finish"
        problems += [f"{user.email}: {url} -> {status} (linked from {source})"
                     for url, status, source in broken]  # fmt: skip
    anonymous = Client(raise_request_exception=False)
    fetched, broken = crawl(anonymous)
    report.append(f"signed out: {len(fetched)} pages")
    problems += [f"signed out: {url} -> {status} (linked from {source})"
                 for url, status, source in broken]  # fmt: skip
    print("\n".join(report))
    assert not problems, "\n".join(problems)
