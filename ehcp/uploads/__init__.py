"""Uploaded evidence: checks by content, private storage, permission-checked downloads.

- ``validation``: what may be uploaded (PDF, JPG, PNG, DOCX, ODT found by content), the size
  limit (``SEND_PORTAL_UPLOAD_MAX_BYTES``) and safe display names.
- ``handlers``: the upload handler that stops an oversize body while it streams in.
- ``services``: :func:`upload_evidence` and :func:`delete_uploads_for_case`.
- ``selectors``: :func:`uploads_visible_to`, for lists and downloads.
- ``rules``: the permission rules (registered from ``EhcpConfig.ready``).

The model is ``ehcp.models.EvidenceUpload``; the pages are in
``ehcp/views/uploads.py``.
"""
