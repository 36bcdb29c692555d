"""Why an upload was refused, in words a person can act on."""

from ehcp.errors import DomainError


class UploadRefused(DomainError):
    """The file was not accepted (type, size, name or permission); nothing was stored."""

    def __init__(self, message: str, *, field: str | None = "file"):
        super().__init__(message, field=field)
