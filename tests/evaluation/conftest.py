"""Shared fixtures this folder's tests use: a console client and a sign-in helper."""

from tests.console.conftest import console, sign_in

__all__ = ["console", "sign_in"]
