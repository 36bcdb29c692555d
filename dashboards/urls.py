from django.urls import path

from . import views

app_name = "dashboards"

urlpatterns = [
    path("dashboards/", views.index, name="index"),
    path("dashboards/definitions/", views.definitions, name="definitions"),
    # Public: no sign-in, small numbers suppressed.
    path("dashboards/public/england/", views.public_england, name="public-england"),
    path("dashboards/public/councils/<str:la_code>/", views.public_council, name="public-council"),
    path(
        "dashboards/public/councils/<str:la_code>/easy-read/",
        views.public_easy_read,
        name="public-easy-read",
    ),
    path(
        "dashboards/public/partnerships/<int:pk>/",
        views.public_partnership,
        name="public-partnership",
    ),
    # Restricted: within the person's relationships, otherwise 404.
    path("dashboards/england/", views.england, name="england"),
    path("dashboards/regions/<str:code>/", views.region, name="region"),
    path("dashboards/councils/<str:la_code>/", views.council, name="council"),
    path("dashboards/partnerships/<int:pk>/", views.partnership, name="partnership"),
    path("dashboards/councils/<str:la_code>/sen2/", views.sen2_check, name="sen2"),
    path(
        "dashboards/councils/<str:la_code>/sen2/return.xml",
        views.sen2_download,
        name="sen2-download",
    ),
]
