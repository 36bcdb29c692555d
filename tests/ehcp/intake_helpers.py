"""Walking the intake question flows with the test client, page by page, as a person would."""

from __future__ import annotations

from datetime import date

from django.urls import reverse

from tests.ehcp.view_helpers import date_data

#: A parent who hears by e-mail, living with the child.
PARENT = {
    "parent-name": {
        "first_name": "Sam",
        "last_name": "Fletcher",
        "relationship": "mother",
        "parental_responsibility": "yes",
    },
    "parent-address": {"same_address": "yes"},
    "parent-contact": {
        "email": "sam.fletcher@example.org",
        "phone": "",
        "preferred_contact": "email",
    },
    "parent-needs": {"language": "English", "accessibility_needs": ""},
}

#: A parent without e-mail, who wants letters by post at another address.
POST_PARENT = {
    "parent-name": {
        "first_name": "Lee",
        "last_name": "Fletcher",
        "relationship": "father",
        "parental_responsibility": "yes",
    },
    "parent-address": {
        "same_address": "no",
        "address_line_1": "4 Mill Lane",
        "address_line_2": "",
        "town": "Witham",
        "postcode": "cm8 2ab",
    },
    "parent-contact": {"email": "", "phone": "", "preferred_contact": "post"},
    "parent-needs": {
        "language": "Polish",
        "needs_interpreter": "on",
        "accessibility_needs": "Large print",
    },
}


def staff_pages(received: date, **overrides) -> dict:
    """What a caseworker enters on each page, by the page's slug."""
    pages = {
        "child-name": {"first_name": "Ruby", "last_name": "Fletcher", "preferred_name": ""},
        "child-date-of-birth": date_data("date_of_birth", date(2017, 4, 3)),
        "child-upn": {"upn": ""},
        "known-child": {"choice": "new"},
        "child-sex": {"sex": "F"},
        "child-address": {
            "address_line_1": "12 High Street",
            "address_line_2": "",
            "town": "Chelmsford",
            "postcode": "cm1 1aa",
        },
        "child-ethnicity": {"ethnicity": "WBRI"},
        "child-need": {"primary_need": "SLCN"},
        "request-source": {"source": "parent"},
        "requested-by": {"requested_by_name": ""},
        "request-reasons": {"reasons": "Ruby has little speech and is not making progress."},
        "request-received": {**date_data("received_on", received), "allocate_to_me": "on"},
        "young-person-contact": {
            "email": "ruby@example.org",
            "phone": "",
            "preferred_contact": "email",
            "language": "English",
        },
        "current-setting": {"choice": "unknown"},
    }
    pages.update(overrides)
    return pages


def walk(client, start_url: str, pages: dict, *, parents=(PARENT,), check_data=None, limit=60):
    """Start the flow at ``start_url`` and answer each page it shows with ``pages[slug]`` (and
    the parents in turn); returns the response to sending the check page."""
    response = client.post(start_url)
    assert response.status_code == 302, response.status_code
    location = response["Location"]
    parents = list(parents)
    added = 0
    for _ in range(limit):
        path = location.split("?")[0]
        parts = [p for p in path.split("/") if p]
        if parts[-1] == "check":
            return client.post(location, check_data or {})
        slug = parts[-1] if not parts[-1].isdigit() else parts[-2]
        if slug == "parents-and-carers":
            data = {"add_another": "yes" if added < len(parents) else "no"}
        elif slug.startswith("parent-"):
            index = int(parts[-1])
            data = parents[index][slug]
            if slug == "parent-needs":
                added = index + 1
        else:
            data = pages[slug]
        response = client.post(location, data)
        assert response.status_code == 302, (location, response.content.decode()[:3000])
        location = response["Location"]
    raise AssertionError("the flow did not reach the check page")


def record_request(client, received: date, *, parents=(PARENT,), **overrides):
    return walk(client, reverse("case-new"), staff_pages(received, **overrides), parents=parents)
