"""The end-to-end fixtures (a fake Bot API, the real bot running against it) for tests/hotline/test_e2e.py."""

from tests.e2e.conftest import fake, running

__all__ = ["fake", "running"]
