"""Fixtures this folder shares: the fake Bot API with the running bot, a console client with sign-in."""

from tests.console.conftest import console, sign_in
from tests.e2e.conftest import fake, running

__all__ = ["console", "fake", "running", "sign_in"]
