"""The end-to-end fixtures (fake Bot API, the running bot) for tests/volunteers/test_telegram.py."""

from tests.e2e.conftest import fake, running

__all__ = ["fake", "running"]
