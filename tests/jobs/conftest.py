import pytest

from tests.jobs import handlers  # noqa: F401  (registers the test handlers)


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path) -> None:
    """Each test writes job files in its own folder (primary keys repeat between runs)."""
    settings.MEDIA_ROOT = tmp_path / "media"
