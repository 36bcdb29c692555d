"""SEND Partnership Portal: project package and cross-cutting core (users, organisations, roles,
audit, permissions, notifications, PDF rendering)."""

from .celery import app as celery_app

__all__ = ["celery_app"]
