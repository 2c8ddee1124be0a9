"""Shared fixtures this folder's tests use: a running web chat site."""

from tests.channels.webchat.conftest import site

__all__ = ["site"]
