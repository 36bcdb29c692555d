"""The WSGI module prepares a worker before its first request (issue 22: a council's dashboard
as a worker's first page took about 350 ms of CPU, most of it compiling templates)."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.template import engines

from send_portal import wsgi


def _project_templates() -> set[str]:
    base = Path(settings.BASE_DIR).resolve()
    names = set()
    for engine in engines.all():
        for folder in engine.template_dirs:
            folder = Path(folder).resolve()
            if folder.is_relative_to(base) and ".venv" not in folder.parts:
                names |= {p.relative_to(folder).as_posix() for p in folder.rglob("*.html")}
    return names


def test_the_worker_compiles_every_template_of_the_portal_when_it_starts():
    names = _project_templates()
    assert len(names) > 150  # templates/ and every app's templates folder
    assert {"base.html", "step.html", "ehcp/case_detail.html"} <= names
    # Every one compiled (no syntax error waits for the first person to open its page), and the
    # count is every file found in the portal's template folders (app folders included).
    assert wsgi.compile_templates() >= len(names)


def test_the_worker_imports_every_urlconf_when_it_starts():
    assert wsgi.URL_PATTERNS > 10
