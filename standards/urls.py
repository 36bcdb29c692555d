from django.urls import path

from . import views

app_name = "standards"

urlpatterns = [
    path("national-standards/", views.browse, name="browse"),
    path("national-standards/versions/", views.version_list, name="versions"),
    path("national-standards/versions/new/", views.version_new, name="version-new"),
    path("national-standards/versions/<int:number>/", views.version_detail, name="version"),
    path(
        "national-standards/versions/<int:number>/changes/",
        views.version_changes,
        name="version-changes",
    ),
    path(
        "national-standards/versions/<int:number>/details/",
        views.version_details_edit,
        name="version-details",
    ),
    path(
        "national-standards/versions/<int:number>/status/",
        views.version_status,
        name="version-status",
    ),
    path("national-standards/versions/<int:number>/add/", views.standard_add, name="standard-add"),
    path(
        "national-standards/versions/<int:number>/<str:code>/",
        views.standard_detail,
        name="standard",
    ),
    path(
        "national-standards/versions/<int:number>/<str:code>/change/",
        views.standard_edit,
        name="standard-edit",
    ),
    path(
        "national-standards/versions/<int:number>/<str:code>/remove/",
        views.standard_remove,
        name="standard-remove",
    ),
    path("national-standards/<str:code>/", views.standard_current, name="standard-current"),
]
