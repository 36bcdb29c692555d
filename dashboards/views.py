"""Dashboard pages: thin views over selectors (who may see what), aggregates (the portal's own
figures), the published statistics and the presentation layer (tables, charts, CSV)."""

from __future__ import annotations

from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET

from ehcp.returns import codes as return_codes
from ehcp.returns import services as return_services
from send_portal.models import Organisation, Region

from . import disclosure, published, selectors, sen2, summaries
from .disclosure import PUBLIC
from .metrics import METRICS, MIXES
from .periods import FIRST_YEAR, ReportingYear, latest_complete_year
from .presentation import NO_DATA, area_table, build_dashboard, easy_read_table


def _year(request) -> int:
    latest = latest_complete_year()
    years = [y for y in published.available_years() if y <= latest]
    default = years[-1] if years else latest
    try:
        year = int(request.GET.get("year", default))
    except ValueError as exc:
        raise Http404("No such year") from exc
    if not FIRST_YEAR <= year <= latest:
        raise Http404("No such year")
    return year


def _year_choices(year: int) -> list[int]:
    return list(range(latest_complete_year(), FIRST_YEAR - 1, -1))


def _csv_or_page(request, template, context, tables):
    wanted = request.GET.get("csv")
    if wanted:
        table = next((t for t in tables if t.key == wanted), None)
        if table is None:
            raise Http404("No such table")
        response = HttpResponse(table.csv(), content_type="text/csv; charset=utf-8")
        filename = f"{context['slug']}-{context['year']}-{table.key}.csv"
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response
    context["tables"] = tables
    return render(request, template, context)


def _dashboard(
    request,
    area,
    *,
    public: bool,
    slug: str,
    heading: str,
    extra=None,
    template=None,
    area_code: str = "",
    easy_read: bool = False,
):
    year = _year(request)
    years = [y for y in (year - 2, year - 1, year) if y >= FIRST_YEAR]
    figures = summaries.figures_for_years(years)
    # Public pages, and everyone outside a council, see suppressed figures; a council's own
    # caseworkers and SEND managers see their own council's unsuppressed (ROLES.md).
    viewer = PUBLIC if public else selectors.viewer_for(request.user)
    disclosure.share(figures.values())
    codes = [*area.published_codes, *area.region_codes, *area.similar_codes, published.ENGLAND_CODE]
    lookup = published.PublishedLookup(years, codes)
    if easy_read:
        tables = [easy_read_table(area, figures[year], lookup, year)]
    else:
        breakdown = figures[year].breakdown(area.la_ids)
        tables = build_dashboard(area, figures, lookup, year, viewer=viewer, breakdown=breakdown)
        tables += extra(figures[year], lookup, year, viewer) if extra else []
    context = {
        "area_code": area_code,
        "facts": [
            {"text": row[0], "value": row[1], "published": row[2] if row[2] != NO_DATA else ""}
            for row in tables[0].rows
        ]
        if easy_read
        else [],
        "area": area,
        "heading": heading,
        "public": public,
        "suppressed": not viewer.sees_all_of(area.la_ids),
        "year": year,
        "reporting_year": ReportingYear(year),
        "years": _year_choices(year),
        "slug": slug,
        "calculated_at": figures[year].calculated_at,
        "metrics": METRICS,
    }
    return _csv_or_page(request, template or "dashboards/dashboard.html", context, tables)


@require_GET
def index(request):
    councils = list(
        Organisation.objects.filter(kind=Organisation.Kind.LOCAL_AUTHORITY)
        .order_by("name")
        .values_list("la_code", "name")
    )
    error = ""
    if "council" in request.GET:
        chosen = request.GET["council"].strip()
        if chosen in {code for code, _ in councils}:
            return redirect("dashboards:public-council", la_code=chosen)
        error = "Select your council"
    partnerships = Organisation.objects.filter(kind=Organisation.Kind.PARTNERSHIP).order_by("name")
    return render(
        request,
        "dashboards/index.html",
        {
            "councils": councils,
            "partnerships": partnerships,
            "mine": selectors.dashboards_for(request.user),
            "error": error,
        },
    )


@require_GET
def definitions(request):
    return render(request, "dashboards/definitions.html", {"metrics": METRICS, "mixes": MIXES})


# ---- public (no sign-in; small numbers suppressed) -------------------------------------------


@require_GET
def public_council(request, la_code: str):
    council = selectors.council_or_404(la_code)
    area = selectors.council_area(council, _year(request))
    return _dashboard(
        request,
        area,
        public=True,
        slug=f"public-{la_code}",
        heading=f"EHC plans in {council.name}",
        area_code=la_code,
    )


@require_GET
def public_easy_read(request, la_code: str):
    council = selectors.council_or_404(la_code)
    year = _year(request)
    area = selectors.council_area(council, year)
    return _dashboard(
        request,
        area,
        public=True,
        slug=f"easy-read-{la_code}",
        heading=f"Support for children with SEND in {council.name}: the main facts",
        template="dashboards/easy_read.html",
        area_code=la_code,
        easy_read=True,
    )


@require_GET
def public_partnership(request, pk: int):
    partnership = selectors.partnership_or_404(pk)
    area = selectors.partnership_area(partnership, _year(request))
    return _dashboard(
        request,
        area,
        public=True,
        slug=f"public-partnership-{pk}",
        heading=f"EHC plans in {partnership.name}",
    )


@require_GET
def public_england(request):
    return _dashboard(
        request,
        selectors.england_area(),
        public=True,
        slug="public-england",
        heading="EHC plans in England",
    )


# ---- restricted (signed in, within the person's relationships; else 404) ---------------------


@require_GET
def council(request, la_code: str):
    council = selectors.council_or_404(la_code)
    if not selectors.can_see_council(request.user, council):
        raise Http404("No such dashboard")
    area = selectors.council_area(council, _year(request))
    return _dashboard(
        request,
        area,
        public=False,
        slug=f"council-{la_code}",
        heading=f"{council.name}: inclusion dashboard",
    )


@require_GET
def partnership(request, pk: int):
    partnership = selectors.partnership_or_404(pk)
    if not selectors.can_see_partnership(request.user, partnership):
        raise Http404("No such dashboard")
    area = selectors.partnership_area(partnership, _year(request))

    def councils(figures, lookup, year, viewer):
        entries = [
            (c.name, [c.pk], [c.ons_code]) for c in selectors.partnership_councils(partnership)
        ]
        return [
            area_table(
                f"Councils in {partnership.name}",
                "councils",
                entries,
                figures,
                lookup,
                year,
                viewer=viewer,
            )
        ]

    return _dashboard(
        request,
        area,
        public=False,
        slug=f"partnership-{pk}",
        heading=f"{partnership.name}: inclusion dashboard",
        extra=councils,
    )


@require_GET
def region(request, code: str):
    region = selectors.region_or_404(code)
    if not selectors.can_see_region(request.user, region):
        raise Http404("No such dashboard")
    area = selectors.region_area(region)
    councils = list(
        Organisation.objects.filter(kind=Organisation.Kind.LOCAL_AUTHORITY, region=region).order_by(
            "name"
        )
    )

    def council_rows(figures, lookup, year, viewer):
        entries = [(c.name, [c.pk], [c.ons_code]) for c in councils]
        return [
            area_table(
                f"Councils in {region.name}",
                "councils",
                entries,
                figures,
                lookup,
                year,
                viewer=viewer,
            )
        ]

    return _dashboard(
        request,
        area,
        public=False,
        slug=f"region-{code}",
        heading=f"{region.name}: regional inclusion dashboard",
        extra=council_rows,
    )


@require_GET
def england(request):
    if not selectors.is_national(request.user):
        raise Http404("No such dashboard")
    councils = list(
        Organisation.objects.filter(kind=Organisation.Kind.LOCAL_AUTHORITY).only("pk", "region_id")
    )
    regions = list(Region.objects.all())

    def region_rows(figures, lookup, year, viewer):
        entries = [
            (r.name, [c.pk for c in councils if c.region_id == r.pk], [r.code]) for r in regions
        ]
        return [
            area_table(
                "Regions of England", "regions", entries, figures, lookup, year, viewer=viewer
            )
        ]

    return _dashboard(
        request,
        selectors.england_area(),
        public=False,
        slug="england",
        heading="England: national inclusion dashboard",
        extra=region_rows,
    )


# ---- the SEN2 return ---------------------------------------------------------------------------


@require_GET
def sen2_check(request, la_code: str):
    council = selectors.council_or_404(la_code)
    if not selectors.can_export_sen2(request.user, council):
        raise Http404("No such return")
    year = _year(request)
    result = sen2.build_return(council, ReportingYear(year))
    return render(
        request,
        "dashboards/sen2.html",
        {
            "council": council,
            "year": year,
            "result": result,
            "years": _year_choices(year),
            "spec": return_codes.SPEC,
        },
    )


@require_GET
def sen2_download(request, la_code: str):
    council = selectors.council_or_404(la_code)
    if not selectors.can_export_sen2(request.user, council):
        raise Http404("No such return")
    year = _year(request)
    try:
        content, _ = return_services.export_sen2(
            actor=request.user, council=council, year=year, request=request
        )
    except return_services.ReturnHasProblems:
        # The published rules run before a file can be downloaded: back to the problems.
        return redirect(f"{reverse('dashboards:sen2', args=[council.la_code])}?year={year}")
    response = HttpResponse(content, content_type="application/xml")
    response["Content-Disposition"] = f'attachment; filename="SEN2-{council.la_code}-{year}.xml"'
    return response
