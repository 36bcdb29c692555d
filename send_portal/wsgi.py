import os

from django.core.wsgi import get_wsgi_application
from django.urls import get_resolver

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "send_portal.settings")

application = get_wsgi_application()

# Import every app's URLconf (and with it the views, DRF, openpyxl...) when the worker starts,
# not on the first request it serves: that import took 1.4-1.9 s of the first page a worker
# served (issue 22: "a council's public dashboard took 3.5 s on its first load").
URL_PATTERNS = len(get_resolver().url_patterns)
