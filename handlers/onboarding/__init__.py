"""Joining a community: /start, language, community, building, unit, consent.

May import handlers.core, models/ and config/.
"""
