from __future__ import annotations

import pytest

from tests.web.site import Site, build_site


@pytest.fixture
def site(db: None) -> Site:
    return build_site()
