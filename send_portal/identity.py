"""One spelling of an e-mail address, wherever it is read (security review finding 1).

Sign-in matches the address case-insensitively, so ``Name@…``, ``NAME@…`` and `` name@…`` are
one account: the lock-out, the password reset limits and the administration pages must see
them as one too. Addresses are stored as entered by the administration pages (lower case); the
comparison is always on this normal form.
"""

from __future__ import annotations


def normalise_email(value: str | None) -> str:
    """Surrounding spaces removed and lower-cased (``str.lower``, the same folding the database
    applies to ``__iexact`` lookups, so the lock-out counts exactly the accounts sign-in finds)."""
    return (value or "").strip().lower()
