"""居民说事: residents raise matters and support them; staff answer in public; 说事 meetings decide.
May import handlers.core, models/ and config/.
"""

from handlers.talk.resident import FEATURE

__all__ = ["FEATURE"]
