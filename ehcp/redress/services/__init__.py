"""Writes for mediation, appeals and complaints: one function per business action."""

from . import appeals, complaints, mediation

__all__ = ["appeals", "complaints", "mediation"]
