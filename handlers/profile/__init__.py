"""What Linli keeps about me (/me), changing it and erasing it (/forget).
May import handlers.core, models/ and config/.
"""

from handlers.profile.resident import FEATURE

__all__ = ["FEATURE"]
