"""Writes for mediation, appeals and complaints: one function per business action."""

from . import appeals, complaints, mediation
from ._common import council_contacts, long_date

__all__ = ["appeals", "complaints", "council_contacts", "long_date", "mediation"]
