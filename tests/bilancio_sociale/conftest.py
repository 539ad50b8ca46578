from datetime import date

import pytest

from bilancio_sociale import services


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")


@pytest.fixture
def staff(world):
    """City-wide Comune staff: they manage the report."""
    return world.users["staff"]


@pytest.fixture
def edition(staff):
    """A draft edition for 2017, created by the service."""
    return services.edition_create(
        title="Bilancio Sociale 2017",
        period_start=date(2017, 1, 1),
        period_end=date(2017, 12, 31),
        by=staff,
    )
