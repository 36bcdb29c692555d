"""Stopping an upload that is too big while it streams in, before it is stored anywhere.

Django writes an uploaded file to memory (up to ``FILE_UPLOAD_MAX_MEMORY_SIZE``) or to a
temporary file, whatever its size. Upload views put :class:`SizeLimitUploadHandler` first: it
counts the bytes of each file as they arrive and stops reading the body once a file passes
``SEND_PORTAL_UPLOAD_MAX_BYTES`` (or at once when the declared length of the whole body is far
beyond it), so at most the limit is ever held. The view then shows the size error.

Upload handlers can only be changed before the body is read, which the CSRF middleware does for
every POST: the views are ``csrf_exempt`` outside and ``csrf_protect`` inside, as Django's
documentation describes (``install`` below).
"""

from __future__ import annotations

from django.core.files.uploadhandler import FileUploadHandler, StopUpload

from .validation import max_bytes

#: Room for the other fields of the form and the multipart headers.
ENVELOPE_BYTES = 256 * 1024


class SizeLimitUploadHandler(FileUploadHandler):
    def __init__(self, request=None, limit: int | None = None):
        super().__init__(request)
        self.limit = limit if limit is not None else max_bytes()
        self.received = 0
        self.too_large = False

    def _stop(self):
        self.too_large = True
        if self.request is not None:
            self.request.upload_too_large = True
        # Read and discard the rest of the body so the browser gets the error page.
        raise StopUpload(connection_reset=False)

    def handle_raw_input(self, input_data, META, content_length, boundary, encoding=None):
        if content_length and content_length > self.limit + ENVELOPE_BYTES:
            self.too_large = True
            if self.request is not None:
                self.request.upload_too_large = True
        return None

    def new_file(self, *args, **kwargs):
        super().new_file(*args, **kwargs)
        self.received = 0
        if self.too_large:
            self._stop()

    def receive_data_chunk(self, raw_data, start):
        self.received += len(raw_data)
        if self.received > self.limit:
            self._stop()
        return raw_data

    def file_complete(self, file_size):
        return None


def install(request) -> None:
    """Put the size limit in front of Django's own handlers for this request."""
    request.upload_too_large = False
    request.upload_handlers.insert(0, SizeLimitUploadHandler(request))
