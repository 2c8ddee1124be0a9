"""Tests of pact."""
