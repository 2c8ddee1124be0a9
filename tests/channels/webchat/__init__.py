"""Tests of webchat."""
