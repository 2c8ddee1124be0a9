"""Staff notices: composing and sending to an audience, residents reading, muting, confirming.
May import handlers.core, models/ and config/.
"""

from handlers.notices.staff import FEATURE

__all__ = ["FEATURE"]
