"""Tests of link."""
