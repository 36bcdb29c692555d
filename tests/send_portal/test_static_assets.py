"""Issue 22: static assets compressed and cached for a year with hashed names, in the production
profile (whitenoise's CompressedManifestStaticFilesStorage, send_portal/settings/storage.py).

whitenoise's documentation: with the manifest storage, "files with a hash in their name ... can
be cached forever" and are served with a far-future ``Cache-Control`` (``max-age`` of ten
years, ``immutable``); gzip copies are served to browsers that accept them."""

import json
import re

from django.core.management import call_command
from django.http import HttpResponse
from django.templatetags.static import static
from django.test import RequestFactory


def production_settings(monkeypatch):
    """The production profile's settings module (it needs a real-looking SECRET_KEY)."""
    import importlib
    import secrets
    import sys

    monkeypatch.setenv("SECRET_KEY", secrets.token_urlsafe(48))
    sys.modules.pop("send_portal.settings.production", None)
    module = importlib.import_module("send_portal.settings.production")
    sys.modules.pop("send_portal.settings.production", None)
    return module


ONE_YEAR = 365 * 24 * 60 * 60


def test_static_assets_have_hashed_names_gzip_and_a_year_of_cache(tmp_path, settings, monkeypatch):
    production = production_settings(monkeypatch)
    settings.DEBUG = False
    settings.STATIC_ROOT = tmp_path
    settings.STORAGES = production.STORAGES
    settings.WHITENOISE_USE_FINDERS = False
    settings.WHITENOISE_AUTOREFRESH = False
    settings.WHITENOISE_MAX_AGE = production.WHITENOISE_MAX_AGE
    # The portal's own assets (the API browser's 11 MB are collected the same way, slowly).
    call_command(
        "collectstatic",
        "--noinput",
        verbosity=0,
        ignore_patterns=["drf_spectacular_sidecar", "rest_framework"],
    )

    paths = json.loads((tmp_path / "staticfiles.json").read_text())["paths"]
    app, bundle = paths["js/app.mjs"], paths["dist/govuk-frontend.min.js"]
    css = paths["dist/portal.css"]
    assert re.search(r"\.[0-9a-f]{12}\.mjs$", app)
    # The module imports the hashed GOV.UK Frontend bundle, not its plain name.
    assert bundle.rsplit("/", 1)[-1] in (tmp_path / app).read_text()
    for name in (app, bundle, css):
        assert (tmp_path / f"{name}.gz").exists(), name

    # Pages name the hashed files.
    assert static("js/app.mjs") == f"/static/{app}"
    assert static("dist/portal.css") == f"/static/{css}"

    from whitenoise.middleware import WhiteNoiseMiddleware

    middleware = WhiteNoiseMiddleware(lambda request: HttpResponse(status=404))
    for name in (app, bundle, css):
        request = RequestFactory().get(f"/static/{name}", HTTP_ACCEPT_ENCODING="gzip")
        response = middleware(request)
        assert response.status_code == 200, name
        assert response["Content-Encoding"] == "gzip", name
        cache = response["Cache-Control"]
        assert "immutable" in cache and "public" in cache, cache
        assert int(re.search(r"max-age=(\d+)", cache).group(1)) >= ONE_YEAR, cache
        response.file_to_stream.close()  # (close() would signal request_finished)
