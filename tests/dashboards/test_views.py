"""Dashboard pages: who can see which (404 otherwise), suppression on public pages, published
figures beside the portal's, and CSV downloads that equal the tables on the page."""

import csv
import io
import re
from html.parser import HTMLParser

import pytest
from django.urls import reverse

from dashboards import published
from dashboards.models import PublishedFigure
from dashboards.presentation import suppressed_indexes
from send_portal.models import Organisation, OrganisationMembership, Role
from tests.dashboards import handbuilt
from tests.ehcp.factories import ChildFactory, parent_of
from tests.factories import UserFactory, la, person_with_role

pytestmark = pytest.mark.django_db
EAST, LONDON = "E12000006", "E12000007"


@pytest.fixture
def data():
    built = handbuilt.build()
    essex = built["essex"]
    partnership = Organisation.objects.create(
        kind=Organisation.Kind.PARTNERSHIP,
        name="Essex and Thurrock SEND Partnership",
        region=essex.region,
        local_authority=essex,
    )
    for member in (essex, built["thurrock"]):
        OrganisationMembership.objects.create(group=partnership, member=member, sector="la")
    built["partnership"] = partnership
    published.import_release(
        area_codes={"E92000001", EAST, essex.ons_code, built["thurrock"].ons_code}
    )
    return built


def urls(data):
    return {
        "council": reverse("dashboards:council", args=["881"]),
        "partnership": reverse("dashboards:partnership", args=[data["partnership"].pk]),
        "region": reverse("dashboards:region", args=[EAST]),
        "england": reverse("dashboards:england"),
        "sen2": reverse("dashboards:sen2", args=["881"]),
        "sen2_xml": reverse("dashboards:sen2-download", args=["881"]),
    }


def org(kind, region_code):
    return Organisation.objects.get(kind=kind, region__code=region_code)


def people(data):
    dfe = Organisation.objects.get(kind=Organisation.Kind.DFE)
    kid = ChildFactory()
    return {
        "essex_caseworker": person_with_role(Role.CASEWORKER, la("881")),
        "essex_manager": person_with_role(Role.SEND_MANAGER, la("881")),
        "thurrock_manager": person_with_role(Role.SEND_MANAGER, la("883")),
        "board_member": person_with_role(Role.BOARD_MEMBER, data["partnership"]),
        "east_officer": person_with_role(Role.REGIONS_GROUP_OFFICER, org("regions_group", EAST)),
        "london_officer": person_with_role(
            Role.REGIONS_GROUP_OFFICER, org("regions_group", LONDON)
        ),
        "dfe": person_with_role(Role.DFE_ANALYST, dfe),
        "parent": parent_of(kid),
        "nobody": UserFactory(),
    }


#: Which restricted pages each role may open (everything else must be a 404).
ALLOWED = {
    "essex_caseworker": {"council"},
    "essex_manager": {"council", "sen2", "sen2_xml"},
    "thurrock_manager": set(),
    "board_member": {"partnership"},
    "east_officer": {"council", "partnership", "region"},
    "london_officer": set(),
    "dfe": {"council", "partnership", "region", "england"},
    "parent": set(),
    "nobody": set(),
}


def test_restricted_pages_only_within_each_roles_relationships(client, data):
    # The SEN2 download waits until the return passes the validation rules: make it pass.
    from tests.ehcp.returns.helpers import make_valid

    make_valid(data)
    pages = urls(data)
    for name, user in people(data).items():
        client.force_login(user)
        for page, url in pages.items():
            status = client.get(url).status_code
            expected = 200 if page in ALLOWED[name] else 404
            assert status == expected, (name, page, status)
        client.logout()


def test_restricted_pages_are_404_for_anonymous_visitors(client, data):
    for url in urls(data).values():
        assert client.get(url).status_code == 404


def test_public_pages_need_no_sign_in(client, data):
    for url in (
        reverse("dashboards:index"),
        reverse("dashboards:definitions"),
        reverse("dashboards:public-england"),
        reverse("dashboards:public-council", args=["881"]),
        reverse("dashboards:public-easy-read", args=["881"]),
        reverse("dashboards:public-partnership", args=[data["partnership"].pk]),
    ):
        assert client.get(url).status_code == 200, url


def test_unknown_council_and_year_are_404(client, data):
    assert client.get(reverse("dashboards:public-council", args=["999"])).status_code == 404
    url = reverse("dashboards:public-council", args=["881"])
    assert client.get(url, {"year": "1990"}).status_code == 404
    assert client.get(url, {"year": "soon"}).status_code == 404


def test_council_picker_goes_to_the_public_dashboard(client, data):
    response = client.get(reverse("dashboards:index"), {"council": "881"})
    assert response.status_code == 302
    assert response["Location"] == reverse("dashboards:public-council", args=["881"])


# ---- suppression -----------------------------------------------------------------------------


def test_counts_of_one_to_four_are_suppressed_with_a_second_cell():
    # 3 is hidden; alone it could be worked out from the total, so the next smallest (10) goes.
    assert suppressed_indexes([3, 10, 20, 0], 33) == {0, 1}
    assert suppressed_indexes([30, 10, 20, 0], 60) == set()
    # Two small cells already protect each other.
    assert suppressed_indexes([3, 2, 20], 25) == {0, 1}
    # A total of 1 to 4 hides everything.
    assert suppressed_indexes([2, 1], 3) == {0, 1}


def test_public_council_page_suppresses_and_restricted_does_not(client, data):
    public = client.get(reverse("dashboards:public-council", args=["881"]))
    tables = {t.key: t for t in public.context["tables"]}
    key = {row[0]: row for row in tables["key-figures"].rows}
    # Essex has 5 plans, 5 requests and 1 appeal in the hand-built data: all small. 5 itself is
    # not small, but its 5 plans are one in each of the 5 age bands: beside a total of 5 the
    # five hidden bands would each be 1, so the total is hidden too (security review finding 2).
    assert key["EHC plans maintained"][1] == "c"
    assert key["Requests for an EHC needs assessment"][1] == "5"  # 5 is not suppressed
    assert key["Appeals registered with the Tribunal"][1] == "c"
    assert key["Mediations held"][1] == "c"
    need = {row[0]: row for row in tables["need-mix"].rows}
    assert need["Autistic spectrum disorder"][1] == "c"
    assert need["Total"][1] == "c"
    # No hidden cell can be worked out: every non-zero part of the need mix is hidden.
    shown = [row[1] for row in tables["need-mix"].rows[:-1] if row[1] not in ("c", "0")]
    assert shown == []

    client.force_login(people(data)["essex_manager"])
    restricted = client.get(reverse("dashboards:council", args=["881"]))
    tables = {t.key: t for t in restricted.context["tables"]}
    key = {row[0]: row for row in tables["key-figures"].rows}
    assert key["Appeals registered with the Tribunal"][1] == "1"
    need = {row[0]: row for row in tables["need-mix"].rows}
    assert need["Autistic spectrum disorder"][1:3] == ["2", "40.0%"]


def test_public_rates_on_small_numbers_are_suppressed(client, data):
    response = client.get(reverse("dashboards:public-council", args=["881"]))
    key = {row[0]: row for row in response.context["tables"][0].rows}
    # 1 of 2 plans without exceptions: numerator 1 -> suppressed.
    assert key["New plans issued within 20 weeks, excluding exceptions"][1] == "c"


# ---- published figures beside the portal's ----------------------------------------------------


def test_published_figure_for_the_same_area_and_year_is_beside_the_portals(client, data):
    essex = data["essex"]
    published_plans = PublishedFigure.objects.get(
        dataset="caseload",
        measure="ehcplans",
        area_code=essex.ons_code,
        time_period="202425",
        breakdown_topic="All EHC plans",
    ).value
    # Essex's own staff see the portal's figures unsuppressed, and the DfE's beside them; on
    # the public page the published figure is hidden beside the portal's hidden one (they could
    # be the same number: security review finding 2).
    client.force_login(people(data)["essex_manager"])
    response = client.get(reverse("dashboards:council", args=["881"]), {"year": 2025})
    key = {row[0]: row for row in response.context["tables"][0].rows}
    assert key["EHC plans maintained"][2] == f"{round(published_plans):,}"
    assert "reporting year 2025" in key["EHC plans maintained"][3]
    client.logout()
    response = client.get(reverse("dashboards:public-council", args=["881"]), {"year": 2025})
    key = {row[0]: row for row in response.context["tables"][0].rows}
    assert key["EHC plans maintained"][1:3] == ["c", "c"]
    assert "reporting year 2025" in key["EHC plans maintained"][3]
    england = published.PublishedLookup([2025], ["E92000001"])
    assert england.get(2025, "E92000001", "caseload", "ehcplans") == 638745
    ratio = england.total(
        2025,
        ["E92000001"],
        (("timeliness_20_week", "plans_issued_20_weeks_ex"),),
    ) / england.total(2025, ["E92000001"], (("timeliness_20_week", "plans_issued_den_ex"),))
    assert round(100 * ratio, 1) == 46.4


def test_appeal_rates_are_imported_for_england(data):
    rate = PublishedFigure.objects.get(
        dataset="appeal_rate", measure="appeal_rate_pc", area_code="E92000001", time_period="2024"
    )
    appeals = PublishedFigure.objects.get(
        dataset="appeal_rate",
        measure="appeals_registered",
        area_code="E92000001",
        time_period="2024",
    )
    assert (rate.value, appeals.value) == (3.2, 22276)


# ---- CSV downloads ------------------------------------------------------------------------------


class TableParser(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tables: dict[str, list[list[str]]] = {}
        self.current = None
        self.row = None
        self.cell = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "table" and attrs.get("id", "").startswith("table-"):
            self.current = attrs["id"][len("table-") :]
            self.tables[self.current] = []
        elif tag == "tr" and self.current:
            self.row = []
        elif tag in ("td", "th") and self.row is not None:
            self.cell = ""

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self.cell is not None:
            self.row.append(self.cell.strip())
            self.cell = None
        elif tag == "tr" and self.row is not None:
            self.tables[self.current].append(self.row)
            self.row = None
        elif tag == "table":
            self.current = None

    def handle_data(self, data):
        if self.cell is not None:
            self.cell += data


@pytest.mark.parametrize("public", [True, False])
def test_every_csv_download_equals_the_table_on_the_page(client, data, public):
    if public:
        url = reverse("dashboards:public-council", args=["881"])
    else:
        client.force_login(people(data)["dfe"])
        url = reverse("dashboards:region", args=[EAST])
    page = client.get(url)
    parser = TableParser()
    parser.feed(page.content.decode())
    assert len(parser.tables) >= 10
    for key, rows in parser.tables.items():
        response = client.get(url, {"csv": key, "year": page.context["year"]})
        assert response["Content-Type"].startswith("text/csv")
        downloaded = list(csv.reader(io.StringIO(response.content.decode())))
        assert len(downloaded) == len(rows), key
        assert downloaded[0] == rows[0], key
        for shown, saved in zip(rows[1:], downloaded[1:], strict=True):
            # Issue 20, 5c: the same figures, as plain numbers ("1,234" is 1234, "45.6%" is
            # 45.6 and the row says "(%)"), "c" for suppressed and "x" for no data.
            assert saved[0].startswith(shown[0]), key
            assert [as_number(cell) for cell in shown[1:]] == [
                as_number(cell) for cell in saved[1:]
            ], key


def as_number(cell: str):
    """A cell as the figure it shows, read independently of the code under test."""
    cell = cell.replace(" (a different measure)", "")
    if cell in ("c", "No data", "x"):
        return {"No data": "x"}.get(cell, cell)
    try:
        return float(cell.replace(",", "").removesuffix("%"))
    except ValueError:
        return cell


def test_csv_downloads_carry_numbers_as_numbers(client, data):
    """Issue 20, 5c: "dashboard CSVs carry numbers as quoted text with thousands separators".
    Every figure in every CSV is a bare number (no quotes, no separators, no "%"), or the DfE's
    open-data symbols "c" (suppressed) and "x" (not available)."""
    url = reverse("dashboards:public-council", args=["881"])
    page = client.get(url)
    parser = TableParser()
    parser.feed(page.content.decode())
    for key in parser.tables:
        text = client.get(url, {"csv": key}).content.decode()
        header, *lines = text.splitlines()
        columns = next(csv.reader([header]))
        for line in lines:
            row = next(csv.reader([line]))
            for column, cell in zip(columns[1:], row[1:], strict=True):
                if column == "Published source":
                    continue  # text: where the published figure comes from
                assert cell in ("c", "x") or re.fullmatch(r"-?\d+(\.\d+)?", cell), (key, cell)
                assert f'"{cell}"' not in line, (key, cell)


def test_unknown_csv_table_is_404(client, data):
    url = reverse("dashboards:public-council", args=["881"])
    assert client.get(url, {"csv": "children"}).status_code == 404


# ---- no setting-level figures, and a fixed number of queries ------------------------------------


def test_no_school_or_college_is_named_on_any_dashboard(client, data):
    client.force_login(people(data)["dfe"])
    for url in (
        reverse("dashboards:council", args=["881"]),
        reverse("dashboards:public-council", args=["881"]),
        reverse("dashboards:england"),
    ):
        html = client.get(url).content.decode()
        for name in ("Brook Primary", "Oak Special", "Elm House", "Ash PRU", "Grays Academy"):
            assert name not in html


def test_dashboard_queries_do_not_grow_with_the_data(client, data, django_assert_max_num_queries):
    url = reverse("dashboards:public-council", args=["881"])
    client.get(url)  # warm up sessions and the like
    with django_assert_max_num_queries(40) as warm:
        client.get(url)
    # A write marks the councils' summaries stale: the next page recalculates them, in a fixed
    # number of queries however much data there is.
    handbuilt.build()
    with django_assert_max_num_queries(90) as first:
        client.get(url)
    for _ in range(20):
        handbuilt.build()
    with django_assert_max_num_queries(len(first.captured_queries)):
        client.get(url)
    with django_assert_max_num_queries(len(warm.captured_queries)):
        client.get(url)


# ---- security review finding 6b: suppressed outside the council ----------------------------------


def test_outside_the_council_restricted_dashboards_are_suppressed_like_the_public_ones(
    client, data
):
    """ROLES.md: aggregates shown outside a council are suppressed. A partnership board member
    (the parent carer forum seat), Regions Group officers and DfE analysts saw "1 appeal" where
    the public page showed "c"; only the council's own staff see its figures unsuppressed."""
    who = people(data)
    appeals = "Appeals registered with the Tribunal"

    def key_figures(user, url):
        client.force_login(user)
        response = client.get(url)
        client.logout()
        assert response.status_code == 200
        assert "shown as <strong>c</strong>" in response.content.decode()
        return {row[0]: row for row in response.context["tables"][0].rows}

    council = reverse("dashboards:council", args=["881"])
    partnership = reverse("dashboards:partnership", args=[data["partnership"].pk])
    assert key_figures(who["board_member"], partnership)[appeals][1] == "c"
    for person in ("east_officer", "dfe"):
        assert key_figures(who[person], council)[appeals][1] == "c"
        assert key_figures(who[person], partnership)[appeals][1] == "c"
    client.force_login(who["dfe"])
    region = client.get(reverse("dashboards:region", args=[EAST]))
    rows = {row[0]: row for row in region.context["tables"][-1].rows}
    assert rows["Essex"][1] == "c"  # 5 plans, one in each age band: hidden as on public pages
    client.logout()
    client.force_login(who["essex_manager"])
    own = client.get(council)
    key = {row[0]: row for row in own.context["tables"][0].rows}
    assert key[appeals][1] == "1"
    assert "As your council's own staff" in own.content.decode()


def test_the_definitions_page_says_how_figures_are_protected_and_on_whose_guidance(client, db):
    html = client.get(reverse("dashboards:definitions")).content.decode()
    assert 'id="suppression"' in html
    assert "Government Statistical Service" in html and "Code of Practice for Statistics" in html
    assert "Department for Education" in html and "differencing" in html


def test_every_metric_and_breakdown_has_a_disclosure_rule():
    from dashboards.disclosure import GROUPS, METRIC_PARTS, MIX_TOTALS
    from dashboards.metrics import METRICS, MIXES

    assert set(METRIC_PARTS) == {m.key for m in METRICS}
    assert {g.name for g in GROUPS} == {m.key for m in MIXES}
    assert set(MIX_TOTALS) <= {m.key for m in MIXES}


def test_the_council_index_is_a_select_that_explains_a_missing_choice(client, data):
    """Issue 20: the council index is a select (the GOV.UK pattern, no script needed), not every
    council as text; choosing none, or an unknown code, is a GOV.UK error message."""
    page = client.get(reverse("dashboards:index")).content.decode()
    assert '<select class="govuk-select" id="council" name="council"' in page
    assert 'href="/dashboards/public/councils/' not in page
    for chosen in ("", "999"):
        response = client.get(reverse("dashboards:index"), {"council": chosen})
        assert response.status_code == 200
        assert "There is a problem" in response.content.decode()
        assert "Select your council" in response.content.decode()


def test_figures_come_before_the_method(client, data):
    """Issue 20: figures first, method after."""
    page = client.get(reverse("dashboards:public-council", args=["881"])).content.decode()
    assert page.index('id="table-key-figures"') < page.index("About these figures")
    assert page.index('id="table-key-figures"') < page.index("Portal figures calculated at")
