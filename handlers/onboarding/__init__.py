"""Joining a community: /start, language, community, building, unit, consent.
May import handlers.core, models/ and config/.
"""

from handlers.onboarding.resident import FEATURE

__all__ = ["FEATURE"]
