"""/console in chat: a staff member's one-time sign-in to the web console.
May import handlers.core, models/ and config/.
"""

from handlers.console.staff import FEATURE

__all__ = ["FEATURE"]
