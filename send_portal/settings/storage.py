"""The production profile's static files storage (issue 22).

whitenoise's ``CompressedManifestStaticFilesStorage`` gives every file a name with a hash of its
content and a gzip copy, and whitenoise serves a hashed name with ``Cache-Control: max-age`` of
ten years, ``immutable`` (its ``immutable_file_test``: "files with a hash in their name ... can
be cached forever"); other names get ``WHITENOISE_MAX_AGE``.

Django rewrites the ``url(...)`` of CSS and the source maps of ``*.js`` to their hashed names,
but the ES module imports only of ``*.js`` files and only when asked
(``support_js_module_import_aggregation``). Our scripts are ``*.mjs`` (``static/js/app.mjs``
imports ``../dist/govuk-frontend.min.js``): without this class the page named a hashed
``app.mjs``, which still loaded the unhashed GOV.UK Frontend bundle, cached for a minute only.
"""

from __future__ import annotations

from django.contrib.staticfiles.storage import HashedFilesMixin
from whitenoise.storage import CompressedManifestStaticFilesStorage

_IMPORTS = HashedFilesMixin._js_module_import_aggregation_patterns[1]


class StaticStorage(CompressedManifestStaticFilesStorage):
    """Hashed names and gzip for every static file, including what ES modules import."""

    patterns = (*CompressedManifestStaticFilesStorage.patterns, ("*.mjs", _IMPORTS))
