"""Settings for the load test: the portal's settings, with the API's rate limits lifted (every
simulated person comes from one address and shares a few demo accounts, which real traffic does
not), DEBUG off, and the benchmark's own measuring middleware outermost (CPU time and queries
of each request, ``benchmarks/load/measure.py``)."""

from send_portal.settings import *  # noqa: F403
from send_portal.settings import MIDDLEWARE

DEBUG = False
API_THROTTLE_RATES = {"anon": None, "user": None, "token": None}
AXES_ENABLED = False
LOGGING = {"version": 1, "disable_existing_loggers": False, "root": {"level": "ERROR"}}
MIDDLEWARE = ["benchmarks.load.measure.MeasureMiddleware", *MIDDLEWARE]
