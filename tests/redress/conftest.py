import pytest

from ehcp import selectors
from tests.redress.helpers import TODAY


@pytest.fixture(autouse=True)
def _today(monkeypatch):
    """Every service and page sees the same "today" (a Sunday)."""
    monkeypatch.setattr(selectors, "today", lambda: TODAY)
