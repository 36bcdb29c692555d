from django.urls import path

from . import views

urlpatterns = [
    path(
        "cases/<str:reference>/return-details/",
        views.ReturnDetailsView.as_view(),
        name="case-return-details",
    ),
    path(
        "cases/<str:reference>/placements/new/",
        views.AddPlacementView.as_view(),
        name="case-placement-new",
    ),
    path(
        "cases/<str:reference>/placements/<int:pk>/end/",
        views.EndPlacementView.as_view(),
        name="case-placement-end",
    ),
    path(
        "cases/<str:reference>/plan-ceased/",
        views.PlanCeasedView.as_view(),
        name="case-plan-ceased",
    ),
    path("returns/<str:la_code>/sen2/import/", views.sen2_import, name="returns-sen2-import"),
    path(
        "returns/<str:la_code>/sen2/officers/",
        views.OfficersView.as_view(),
        name="returns-officers",
    ),
    path("returns/<str:la_code>/annex-a/", views.annex_a_check, name="returns-annex-a"),
    path(
        "returns/<str:la_code>/annex-a/annex-a.xlsx",
        views.annex_a_download,
        name="returns-annex-a-download",
    ),
]
