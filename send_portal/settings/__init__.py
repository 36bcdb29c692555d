"""Default settings: the embedded default, or the full stack when the environment says so."""

from .base import *  # noqa: F403
