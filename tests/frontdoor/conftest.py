"""Front-door fixtures: public pages are rate-limited through the cache, emptied each test."""

import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def empty_rate_limits():
    cache.clear()
    yield
    cache.clear()
