"""Conversation flows, platform-neutral: an ``Incoming`` in, ``Reply`` objects out. No telegram here."""
