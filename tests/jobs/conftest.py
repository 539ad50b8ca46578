from tests.jobs import handlers  # noqa: F401  (registers the test handlers)
