from django.urls import path

from .api import timescales as timescales_api
from .views import timescales

urlpatterns = [
    path("timescales/", timescales.calculator, name="timescales"),
    path("api/v1/timescales/", timescales_api.TimescalesAPIView.as_view(), name="api-timescales"),
]
