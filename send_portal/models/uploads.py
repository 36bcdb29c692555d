"""The private storage of uploaded files: stored under a random name outside any public URL and
served only through a view that checks who is asking. The uploads themselves are case evidence,
so their model belongs to the EHC app (``ehcp.models.EvidenceUpload``, ehcp/uploads,
ehcp/views/uploads.py); the storage stays here, where the old migrations name it."""

from __future__ import annotations

import os

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.utils.functional import cached_property


class PrivateUploadStorage(FileSystemStorage):
    """The private directory for uploaded evidence.

    Its root is ``SEND_PORTAL_UPLOADS_ROOT`` (by default ``MEDIA_ROOT/uploads``, i.e.
    ``var/private/uploads``), read on every use so that a changed setting takes effect. It has no
    URL: nothing may link to a file directly, every read goes through the download view.
    """

    def __init__(self):
        # Readable by the portal's own user only: the files are children's records.
        super().__init__(
            base_url=None, file_permissions_mode=0o600, directory_permissions_mode=0o700
        )

    @property
    def base_location(self):  # type: ignore[override]
        configured = getattr(settings, "SEND_PORTAL_UPLOADS_ROOT", None)
        return str(configured) if configured else os.path.join(settings.MEDIA_ROOT, "uploads")

    @property
    def location(self):  # type: ignore[override]
        return os.path.abspath(self.base_location)

    @cached_property
    def base_url(self):  # type: ignore[override]
        return None

    def url(self, name):
        raise NotImplementedError(
            "Uploaded evidence has no public address: link to the case-evidence-download view."
        )

    def deconstruct(self):
        return ("send_portal.models.uploads.PrivateUploadStorage", (), {})


def private_upload_storage() -> PrivateUploadStorage:
    return PrivateUploadStorage()
