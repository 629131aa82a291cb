from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.web.site import Site, site_at_now


@pytest.fixture
def site(db: None) -> Iterator[Site]:
    yield from site_at_now()
