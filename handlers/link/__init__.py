"""/link: one person, several apps, joined with a one-time code.
May import handlers.core, models/ and config/.
"""

from handlers.link.resident import FEATURE

__all__ = ["FEATURE"]
