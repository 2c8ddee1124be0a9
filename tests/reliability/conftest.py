"""Fixtures this folder's tests share: the console client and its sign-in helper, the web chat site."""

from tests.channels.webchat.conftest import site
from tests.console.conftest import console, sign_in

__all__ = ["console", "sign_in", "site"]
