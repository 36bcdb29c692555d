import os
from pathlib import Path

from django.conf import settings
from django.core.wsgi import get_wsgi_application
from django.template import engines
from django.urls import get_resolver

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "send_portal.settings")

application = get_wsgi_application()

# Import every app's URLconf (and with it the views, DRF, openpyxl...) when the worker starts,
# not on the first request it serves: that import took 1.4-1.9 s of the first page a worker
# served (issue 22: "a council's public dashboard took 3.5 s on its first load").
URL_PATTERNS = len(get_resolver().url_patterns)


def compile_templates() -> int:
    """Compile the portal's own templates into the cached template loader now, when the worker
    starts: compiling them was most of the CPU of a worker's first page (issue 22: a council's
    dashboard took about 350 ms of CPU as a worker's first request, 25 ms afterwards)."""
    compiled = 0
    base = Path(settings.BASE_DIR).resolve()
    for engine in engines.all():
        for folder in engine.template_dirs:
            folder = Path(folder).resolve()
            if not folder.is_relative_to(base) or ".venv" in folder.parts:
                continue
            for path in sorted(folder.rglob("*.html")):
                engine.get_template(path.relative_to(folder).as_posix())
                compiled += 1
    return compiled


TEMPLATES_COMPILED = compile_templates()
