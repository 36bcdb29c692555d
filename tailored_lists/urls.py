from django.urls import path

from . import views

urlpatterns = [
    path("tailored-lists/evaluation/", views.evaluation, name="tailored-list-evaluation"),
    path("tailored-lists/cases/<str:reference>/", views.case_list, name="tailored-list-case"),
    path("tailored-lists/cases/<str:reference>/build/", views.build, name="tailored-list-build"),
    path(
        "tailored-lists/cases/<str:reference>/add/",
        views.add_setting,
        name="tailored-list-add",
    ),
    path("tailored-lists/cases/<str:reference>/send/", views.send, name="tailored-list-send"),
    path(
        "tailored-lists/cases/<str:reference>/decisions-letter/",
        views.decisions_letter,
        name="tailored-list-decisions-letter",
    ),
    path(
        "tailored-lists/my-cases/<str:reference>/",
        views.family_list,
        name="tailored-list-family",
    ),
    path(
        "tailored-lists/my-cases/<str:reference>/preferences/",
        views.preferences,
        name="tailored-list-preferences",
    ),
    path(
        "tailored-lists/my-cases/<str:reference>/preferences/from-list/",
        views.preference_from_list,
        name="tailored-list-preference-from-list",
    ),
    path(
        "tailored-lists/my-cases/<str:reference>/preferences/other/",
        views.preference_other,
        name="tailored-list-preference-other",
    ),
    path(
        "tailored-lists/my-cases/<str:reference>/preferences/check/",
        views.preferences_check,
        name="tailored-list-preferences-check",
    ),
]
