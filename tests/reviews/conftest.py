import pytest

from ehcp import selectors
from tests.reviews.helpers import TODAY


@pytest.fixture(autouse=True)
def _today(monkeypatch):
    """Every service and page sees the same "today" (Sunday 22 November 2026) unless a test
    moves it on with ``move_today``."""
    monkeypatch.setattr(selectors, "today", lambda: TODAY)


@pytest.fixture
def move_today(monkeypatch):
    def move(to):
        monkeypatch.setattr(selectors, "today", lambda: to)

    return move
