from django.urls import path

from . import views

urlpatterns = [
    path("two-factor/", views.verify, name="two-factor-verify"),
    path("two-factor/set-up/", views.enrol, name="two-factor-enrol"),
]
