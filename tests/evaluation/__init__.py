"""Tests of the residents' evaluation."""
